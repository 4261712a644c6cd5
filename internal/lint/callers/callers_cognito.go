package callers

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// cognitoCallers reads aws_cognito_identity_pool_roles_attachment: the
// "authenticated" role is called by signed-in identities, the
// "unauthenticated" role by guests when the pool allows them.
func (w *source) cognitoCallers() []*model.Caller {
	var out []*model.Caller
	for _, r := range w.Plan.OfType("aws_cognito_identity_pool_roles_attachment") {
		for _, key := range []string{"authenticated", "unauthenticated"} {
			c := &model.Caller{Res: r, Label: fmt.Sprintf("%s roles[%q]", r.Address, key), Kind: model.KindCognito}
			c.Side = sides(r, func(s tfplan.Side) *model.CallerSide { return w.cognitoSide(r, s, key) })
			if c.HasSide() {
				out = append(out, c)
			}
		}
	}
	return out
}

func (w *source) cognitoSide(r *tfplan.Resource, s tfplan.Side, key string) *model.CallerSide {
	role := w.Plan.Value(r, s, "roles", key)
	if role.Absent {
		return nil
	}
	cs := &model.CallerSide{Role: role, Via: []*tfplan.Resource{r}}
	idv := w.Plan.Value(r, s, "identity_pool_id")
	pool := w.PoolOf(idv, s)
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
		cs.Identities = []*model.Identity{{Kind: model.KindCognito, Subject: "unauthenticated identity of pool " + poolID,
			Binding: identity.CognitoIdentityPool{IdentityPoolID: poolID}}}
		return cs
	}
	ids := []*model.Identity{{Kind: model.KindCognito, Subject: "authenticated identity of pool " + poolID,
		Binding: identity.CognitoIdentityPool{IdentityPoolID: poolID, Authenticated: true}}}
	if pool != nil {
		for _, lp := range pool.LoginProviders[s] {
			ids = append(ids, &model.Identity{Kind: model.KindCognito, Subject: fmt.Sprintf("identity of pool %s signed in with %s", poolID, lp),
				Binding: identity.CognitoIdentityPool{IdentityPoolID: poolID, Authenticated: true, LoginProviders: []string{lp}}})
		}
	}
	cs.Identities = ids
	return cs
}
