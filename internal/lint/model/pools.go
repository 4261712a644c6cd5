package model

import (
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// identityPool is an aws_cognito_identity_pool on both sides.
type identityPool struct {
	Res *tfplan.Resource
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

func (w *World) collectPools() {
	w.pools = map[*tfplan.Resource]*identityPool{}
	for _, r := range w.Plan.OfType("aws_cognito_identity_pool") {
		pool := &identityPool{Res: r}
		for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
			if !r.Exists(s) {
				continue
			}
			if id, ok := r.StringAt(s, "id"); ok && id != "" && !r.UnknownAt(s, "id") {
				pool.ID[s] = id
			} else {
				region := w.Region
				if reg, ok := r.StringAt(s, "region"); ok && reg != "" {
					region = reg
				}
				h := hashID(12, w.key(r))
				pool.ID[s] = region + ":" + placeholderIssuerID + "-0000-4000-8000-" + h
				w.label(pool.ID[s], "id of "+w.Addr(r))
				if s == tfplan.After && r.Replaced() && pool.ID[tfplan.Before] != "" {
					w.notePrevious(pool.ID[tfplan.After], pool.ID[tfplan.Before])
				}
			}
			pool.AllowGuests[s] = r.BoolAt(s, false, "allow_unauthenticated_identities")
			providers := tfplan.SortedKeys(r.StringMapAt(s, "supported_login_providers"))
			for _, b := range r.ObjectsAt(s, "cognito_identity_providers") {
				if name, ok := b["provider_name"].(string); ok && name != "" {
					providers = append(providers, name)
				}
			}
			for _, arn := range r.StringsAt(s, "openid_connect_provider_arns") {
				if pp, ok := identity.ParseFederatedPrincipal(arn); ok {
					providers = append(providers, pp.Provider.KeyPrefix)
				}
			}
			pool.LoginProviders[s] = providers
		}
		w.pools[r] = pool
	}
}

// PoolOf finds the identity pool a value names (by reference or id).
func (w *World) PoolOf(v tfplan.Value, s tfplan.Side) *identityPool {
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
