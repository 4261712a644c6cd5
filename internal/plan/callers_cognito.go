package plan

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

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
