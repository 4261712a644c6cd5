package model

import (
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// Address is the provider's address as findings show it (World.Addr).
func (op *OIDCProvider) Address() string {
	if op.w == nil {
		return op.Res.Address
	}
	return op.w.Addr(op.Res)
}

// Address is the cluster's address as findings show it (World.Addr).
func (c *Cluster) Address() string {
	if c.w == nil {
		return c.Res.Address
	}
	return c.w.Addr(c.Res)
}

// peerProviders lists the providers of the other plans linted with w that
// are known to be in account on a side: a provider is in the account of
// its plan, and one whose account is not known is never taken for
// another plan's (that could let a token in that STS refuses).
func (w *World) peerProviders(account string, s tfplan.Side) []*OIDCProvider {
	var out []*OIDCProvider
	if account == "" || IsPlaceholder(account) {
		return nil
	}
	for _, v := range w.peers {
		if v == w {
			continue
		}
		for _, op := range v.Providers {
			if op.Res.Exists(s) && op.Account[s] == account && !IsPlaceholder(op.ARN[s]) {
				out = append(out, op)
			}
		}
	}
	return out
}

// ProvidersOfUnknownAccount lists the providers of other plans linted
// with w whose URL matches url on a side but whose account is not known
// from their plan: they may be in the role's account or not, so a
// refusal or finding that depends on their absence is not decided.
func (w *World) ProvidersOfUnknownAccount(url string) []*OIDCProvider {
	var out []*OIDCProvider
	for _, v := range w.peers {
		if v == w {
			continue
		}
		for _, op := range v.Providers {
			for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
				if op.Res.Exists(s) && IsPlaceholder(op.Account[s]) && evaluate.IssuerMatches(op.URL[s], identity.IssuerForHost(url)) {
					out = append(out, op)
					break
				}
			}
		}
	}
	return out
}

// ProvidersSeen lists the providers a role of this plan in account may
// use: the plan's own, and those of other plans linted with it known to
// be in that account (on either side).
func (w *World) ProvidersSeen(account string) []*OIDCProvider {
	out := append([]*OIDCProvider(nil), w.Providers...)
	seen := map[*OIDCProvider]bool{}
	for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
		for _, op := range w.peerProviders(account, s) {
			if !seen[op] {
				seen[op] = true
				out = append(out, op)
			}
		}
	}
	return out
}

// ProviderByARN finds the provider with that ARN on a side: the plan's
// own, else one of another plan linted with it (never by a made-up ARN).
func (w *World) ProviderByARN(arn string, s tfplan.Side) *OIDCProvider {
	for _, op := range w.Providers {
		if op.Res.Exists(s) && op.ARN[s] == arn {
			return op
		}
	}
	for _, op := range w.peerProviders(AccountOf(arn), s) {
		if op.ARN[s] == arn {
			return op
		}
	}
	return nil
}

// ProviderByURL finds a provider with that URL (without scheme) on a side,
// preferring one in the given account; providers of other plans count
// only in that account.
func (w *World) ProviderByURL(url, account string, s tfplan.Side) *OIDCProvider {
	var found *OIDCProvider
	for _, op := range w.Providers {
		if !op.Res.Exists(s) || !evaluate.IssuerMatches(op.URL[s], identity.IssuerForHost(url)) {
			continue
		}
		if op.Account[s] == account {
			return op
		}
		if found == nil {
			found = op
		}
	}
	if found != nil {
		return found
	}
	for _, op := range w.peerProviders(account, s) {
		if evaluate.IssuerMatches(op.URL[s], identity.IssuerForHost(url)) {
			return op
		}
	}
	return nil
}

// ProvidersFor lists the providers registered in an account on one side,
// as the engine's request expects them: the plan's own, and those of
// other plans known to be in that account. It returns nil when there is
// none at all (registration is then not checked).
func (w *World) ProvidersFor(account string, s tfplan.Side) []identity.OIDCProvider {
	peers := w.peerProviders(account, s)
	if len(w.Providers) == 0 && len(peers) == 0 {
		return nil
	}
	out := []identity.OIDCProvider{}
	for _, op := range w.Providers {
		if !op.Res.Exists(s) {
			continue
		}
		if evaluate.ProviderInOtherAccount(op.Account[s], account) && !IsPlaceholder(op.Account[s]) && !IsPlaceholder(account) {
			continue
		}
		out = append(out, registered(op, s))
	}
	for _, op := range peers {
		out = append(out, registered(op, s))
	}
	return out
}

// registered is a provider as the engine's request lists it.
func registered(op *OIDCProvider, s tfplan.Side) identity.OIDCProvider {
	ids := op.ClientIDs[s]
	if !op.ClientIDsKnown[s] {
		ids = append([]string{identity.DefaultAudience}, ids...)
	}
	return identity.OIDCProvider{URL: identity.IssuerForHost(op.URL[s]), ClientIDs: ids}
}
