package plan

import "github.com/stsguard/terraform-provider-stsguard/internal/identity"

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
