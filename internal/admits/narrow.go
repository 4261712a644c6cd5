package admits

import (
	"slices"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// ProvablyNarrow reports, from the shape of the trust alone, that it
// admits no web identity beyond the declared callers (resolved as for
// AnalyzeResolved): when it returns true, AnalyzeResolved's Broader is
// false for the same input, without building any language. It is a
// cheap pre-check for the common trust of a plan (one Allow statement per
// OIDC provider with exact StringEquals conditions on the subject and the
// audience) and answers false whenever it cannot tell; then run the
// analysis.
//
// It answers true only when, for every Federated principal an Allow
// statement admits (the analysis's groups):
//   - no Deny statement applies to the principal (it would add keys);
//   - the provider names its callers by sub (not Cognito, Facebook or
//     Amazon, whose callers are named by several claims);
//   - every condition of every Allow statement for the principal is a
//     valid plain StringEquals (no set qualifier, no IfExists) on a
//     single-valued key, with no "$" in its values (no policy variable
//     or escape), so that every language of the analysis is a finite set
//     of literals and its answer exact;
//   - and each such statement lies inside one declared caller with that
//     principal: for every identity key of the group (the subject and
//     the statement's keys) that the caller carries, the statement has
//     a StringEquals condition on the key whose values are all the
//     caller's.
func ProvablyNarrow(doc *policy.Document, callers []*identity.Resolved) bool {
	if doc == nil || doc.Size > policy.MaxTrustPolicySizeQuota {
		return false
	}
	for _, p := range allowedPrincipals(doc) {
		if !narrowGroup(doc, p, callers) {
			return false
		}
	}
	return true
}

// narrowGroup is ProvablyNarrow for the requests of principal p.
func narrowGroup(doc *policy.Document, p string, callers []*identity.Resolved) bool {
	pp, ok := identity.ParseFederatedPrincipal(p)
	if !ok || !slices.Equal(primaryClaims(pp.Provider.Kind), []string{"sub"}) {
		return false
	}
	prov := pp.Provider
	lowerPrefix := names.Fold(prov.KeyPrefix)
	// The group's identity keys as first written (keys compare
	// case-insensitively).
	idKeys := []string{prov.KeyPrefix + ":sub"}
	var allows []*policy.Statement
	for si := range doc.Statements {
		s := &doc.Statements[si]
		switch {
		case s.Effect == policy.Deny && denyApplies(s, p):
			return false
		case s.Effect == policy.Allow && allowApplies(s, p):
			allows = append(allows, s)
		}
	}
	for _, s := range allows {
		for ci := range s.Conditions {
			c := &s.Conditions[ci]
			if !plainEquals(c) {
				return false
			}
			lower := names.Fold(c.Key)
			kind, _, multi := classifyLower(prov, lowerPrefix, c.Key, lower)
			if multi {
				return false
			}
			if kind == keyIdentity && !slices.ContainsFunc(idKeys, func(k string) bool { return names.Equal(k, c.Key) }) {
				idKeys = append(idKeys, c.Key)
			}
		}
	}
	for _, s := range allows {
		if !slices.ContainsFunc(callers, func(res *identity.Resolved) bool {
			return res != nil && res.PrincipalType == "Federated" && res.Principal == p && insideCaller(s, idKeys, res)
		}) {
			return false
		}
	}
	return true
}

// plainEquals reports whether a condition is a valid StringEquals without
// qualifier or IfExists whose values are plain literals.
func plainEquals(c *policy.Condition) bool {
	if !c.OperatorValid || c.Operator != (condition.Operator{Base: condition.StringEquals}) || len(c.Values) == 0 {
		return false
	}
	for _, v := range c.Values {
		for i := 0; i < len(v.Raw); i++ {
			if v.Raw[i] == '$' {
				return false
			}
		}
	}
	return true
}

// insideCaller reports whether every request the Allow statement admits
// is one the caller stands for (callerBox): each identity key the caller
// carries is pinned by the statement to values among the caller's.
func insideCaller(s *policy.Statement, idKeys []string, res *identity.Resolved) bool {
	for _, key := range idKeys {
		vals, ok := res.Lookup(key)
		if !ok || len(vals) == 0 {
			continue // the caller box leaves the key open
		}
		pinned := slices.ContainsFunc(s.Conditions, func(c policy.Condition) bool {
			if !names.Equal(c.Key, key) {
				return false
			}
			for _, v := range c.Values {
				if !slices.Contains(vals, v.Raw) {
					return false
				}
			}
			return true
		})
		if !pinned {
			return false
		}
	}
	return true
}

// ProvablyQuiet is ProvablyNarrow with no risky shape either: when it
// returns true, AnalyzeResolved's Broader is false and its Shapes empty.
// On top of ProvablyNarrow's conditions, every Allow statement for a
// Federated principal pins the subject with StringEquals, and none of
// those subjects could be a GitHub pull_request subject (none contains
// "pull_request"): with exact conditions only, the subject shapes are
// then the pull request one alone (no ForAllValues:, no wildcard, no
// negated operator, no open subject, no Cognito pool).
func ProvablyQuiet(doc *policy.Document, callers []*identity.Resolved) bool {
	if !ProvablyNarrow(doc, callers) {
		return false
	}
	for si := range doc.Statements {
		s := &doc.Statements[si]
		if s.Effect != policy.Allow {
			continue
		}
		for _, p := range federated(s) {
			if !allowApplies(s, p) {
				continue
			}
			pp, _ := identity.ParseFederatedPrincipal(p) // parsed by ProvablyNarrow
			sub := pp.Provider.KeyPrefix + ":sub"
			pinned := false
			for _, c := range s.Conditions {
				if !names.Equal(c.Key, sub) {
					continue
				}
				pinned = true
				if slices.ContainsFunc(c.Values, func(v policy.Value) bool { return strings.Contains(v.Raw, "pull_request") }) {
					return false
				}
			}
			if !pinned {
				return false
			}
		}
	}
	return true
}
