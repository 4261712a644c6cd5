package plan

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// identityPool is an aws_cognito_identity_pool on both sides.
type identityPool struct {
	Res *Resource
	// ID is REGION:GUID; a stand-in derived from the address when unknown
	// until apply.
	ID [2]string
	// AllowGuests is allow_unauthenticated_identities.
	AllowGuests [2]bool
	// LoginProviders are the providers identities sign in with (keys of
	// supported_login_providers, Cognito user pool provider names, OIDC
	// provider hosts); each appears in amr after "authenticated".
	LoginProviders [2][]string
}

func (w *world) collectPools() {
	w.pools = map[*Resource]*identityPool{}
	for _, r := range w.p.OfType("aws_cognito_identity_pool") {
		pool := &identityPool{Res: r}
		for _, s := range []Side{Before, After} {
			if !r.Exists(s) {
				continue
			}
			if id, ok := r.str(s, "id"); ok && id != "" && !r.unknownAt(s, "id") {
				pool.ID[s] = id
			} else {
				region := w.region
				if reg, ok := r.str(s, "region"); ok && reg != "" {
					region = reg
				}
				h := hashID(12, r.Address)
				pool.ID[s] = region + ":" + placeholderIssuerID + "-0000-4000-8000-" + h
				w.label(pool.ID[s], "id of "+r.Address)
				if s == After && r.Replaced() && pool.ID[Before] != "" {
					w.notePrevious(pool.ID[After], pool.ID[Before])
				}
			}
			pool.AllowGuests[s] = r.boolean(s, false, "allow_unauthenticated_identities")
			providers := sortedKeys(r.stringMap(s, "supported_login_providers"))
			for _, b := range r.objects(s, "cognito_identity_providers") {
				if name, ok := b["provider_name"].(string); ok && name != "" {
					providers = append(providers, name)
				}
			}
			for _, arn := range r.strings(s, "openid_connect_provider_arns") {
				if pp, ok := identity.ParseFederatedPrincipal(arn); ok {
					providers = append(providers, pp.Provider.KeyPrefix)
				}
			}
			pool.LoginProviders[s] = providers
		}
		w.pools[r] = pool
	}
}

// poolOf finds the identity pool a value names (by reference or id).
func (w *world) poolOf(v Value, s Side) *identityPool {
	for _, ref := range v.Refs {
		if p := w.pools[ref.Resource]; p != nil {
			return p
		}
	}
	if v.Known {
		for _, p := range w.pools {
			if p.Res.Exists(s) && p.ID[s] == v.S {
				return p
			}
		}
	}
	return nil
}

// cognitoCallers reads aws_cognito_identity_pool_roles_attachment: the
// "authenticated" role is called by signed-in identities, the
// "unauthenticated" role by guests when the pool allows them.
func (w *world) cognitoCallers() []*Caller {
	var out []*Caller
	for _, r := range w.p.OfType("aws_cognito_identity_pool_roles_attachment") {
		for _, key := range []string{"authenticated", "unauthenticated"} {
			c := &Caller{Res: r, Label: fmt.Sprintf("%s roles[%q]", r.Address, key), Kind: KindCognito}
			c.Side = sides(r, func(s Side) *CallerSide { return w.cognitoSide(r, s, key) })
			if c.hasSide() {
				out = append(out, c)
			}
		}
	}
	return out
}

func (w *world) cognitoSide(r *Resource, s Side, key string) *CallerSide {
	role := w.p.value(r, s, "roles", key)
	if role.Absent {
		return nil
	}
	cs := &CallerSide{Role: role, Via: []*Resource{r}}
	idv := w.p.value(r, s, "identity_pool_id")
	pool := w.poolOf(idv, s)
	if pool != nil {
		cs.Via = append(cs.Via, pool.Res)
	}
	poolID := ""
	switch {
	case pool != nil && pool.Res.Exists(s):
		poolID = pool.ID[s]
	case idv.Known:
		poolID = idv.S
	default:
		cs.Missing = append(cs.Missing, fmt.Sprintf("the identity_pool_id of %s is known only after apply (%s) and names no pool in the plan", r.Address, idv.Show()))
		return cs
	}
	if key == "unauthenticated" {
		if pool != nil && !pool.AllowGuests[s] {
			return nil // guests cannot sign in: nobody calls this role
		}
		cs.Identities = []*Identity{{Kind: KindCognito, Subject: "unauthenticated identity of pool " + poolID,
			Binding: identity.CognitoIdentityPool{IdentityPoolID: poolID}}}
		return cs
	}
	ids := []*Identity{{Kind: KindCognito, Subject: "authenticated identity of pool " + poolID,
		Binding: identity.CognitoIdentityPool{IdentityPoolID: poolID, Authenticated: true}}}
	if pool != nil {
		for _, lp := range pool.LoginProviders[s] {
			ids = append(ids, &Identity{Kind: KindCognito, Subject: fmt.Sprintf("identity of pool %s signed in with %s", poolID, lp),
				Binding: identity.CognitoIdentityPool{IdentityPoolID: poolID, Authenticated: true, LoginProviders: []string{lp}}})
		}
	}
	cs.Identities = ids
	return cs
}
