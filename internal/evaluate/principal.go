package evaluate

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// AssumeAWSWildcardNoWebIdentity records stsguard's choice in
// aws-reference.md#aws-wildcard-and-web-identities.
const AssumeAWSWildcardNoWebIdentity = `aws-wildcard-not-web-identity: {"AWS": "*"} is taken not to match a web-identity caller; web identities match only through Federated (docs/guides/aws-reference.md#aws-wildcard-not-web-identity)`

// AssumePrincipalCase records stsguard's choice in
// aws-reference.md#principal-letter-case.
const AssumePrincipalCase = "federated-principal-case: Federated principals are compared case-sensitively, so a value differing from the request's principal only in letter case does not match (docs/guides/aws-reference.md#federated-principal-case)"

// principalAssumptions lists the UNCONFIRMED rules a principal comparison
// that did not match relied on: {"AWS": "*"} not covering web identities
// (aws-reference.md#aws-wildcard-and-web-identities) and case-sensitive comparison (aws-reference.md#principal-letter-case).
func principalAssumptions(s *policy.Statement, req *identity.Resolved, t PrincipalTrace) []string {
	if t.Matched || s.Principal == nil || req.PrincipalType != "Federated" {
		return nil
	}
	var out []string
	if contains(PrincipalValues(s.Principal, "AWS"), "*") {
		out = append(out, AssumeAWSWildcardNoWebIdentity)
	}
	for _, v := range t.PolicyValues {
		if names.Equal(v, req.Principal) {
			out = append(out, AssumePrincipalCase)
			break
		}
	}
	return out
}

// matchPrincipal compares the statement's Principal with the request's
// principal (aws-reference.md#principals). Values compare exactly and case-sensitively
// (case UNCONFIRMED, aws-reference.md#principal-letter-case). Wildcards are not
// honoured in Allow statements of a trust policy, since IAM refuses them;
// in Deny statements and RCPs a "*" matches every caller, so that a
// refused document is never reported as more permissive than it is.
func matchPrincipal(s *policy.Statement, req *identity.Resolved, isRCP bool) PrincipalTrace {
	t := PrincipalTrace{Type: req.PrincipalType, Request: req.Principal}
	denyLike := s.Effect == policy.Deny || isRCP
	p := s.Principal
	switch {
	case p == nil:
		if isRCP {
			t.Matched, t.Reason = true, "resource control policies apply to every caller"
			return t
		}
		t.Reason = "the statement has no Principal"
		return t
	case p.Wildcard:
		t.PolicyValues = []string{"*"}
		if denyLike {
			t.Matched, t.MatchedBy, t.Reason = true, "*", `Principal "*" covers every caller`
		} else {
			t.Reason = `Principal "*" is refused in a role trust policy and is not counted`
		}
		return t
	}
	t.PolicyValues = PrincipalValues(p, req.PrincipalType)
	for _, v := range t.PolicyValues {
		if how := principalValueMatches(v, req, denyLike); how != "" {
			t.Matched, t.MatchedBy = true, how
			t.Reason = req.PrincipalType + " " + quote(v) + " matches"
			return t
		}
	}
	switch {
	case len(t.PolicyValues) == 0:
		t.Reason = fmt.Sprintf("the statement names no %s principal; this request comes from %s principal %q", req.PrincipalType, req.PrincipalType, req.Principal)
		if req.PrincipalType == "Federated" && contains(PrincipalValues(p, "AWS"), "*") {
			t.Reason += `; {"AWS": "*"} does not cover web identities`
		}
	default:
		t.Reason = req.PrincipalType + " " + quoteList(t.PolicyValues) + " does not include " + quote(req.Principal)
	}
	return t
}

// PrincipalValues returns the values of one principal type (AWS,
// Federated, Service, CanonicalUser) of a Principal element; nil when p is
// nil. Type names are case-sensitive, as in IAM's policy grammar: the
// parser reports "federated" as an invalid principal type that never
// matches, and the evaluator agrees (aws-reference.md#federated-principal-forms).
func PrincipalValues(p *policy.Principal, typ string) []string {
	if p == nil {
		return nil
	}
	return p.Values[typ]
}

// principalValueMatches reports how one policy value covers the request's
// principal: "arn" (the exact principal), "account" (an AWS account id or
// root ARN naming the caller's account), "*" or "" for no match.
func principalValueMatches(v string, req *identity.Resolved, denyLike bool) string {
	switch {
	case v == req.Principal:
		return "arn"
	case v == "*" && (denyLike || req.PrincipalType == "AWS"):
		// {"AWS": "*"} covers every IAM principal; it never covers
		// Federated (recommendation of aws-reference.md#aws-wildcard-and-web-identities), and a Federated "*" is
		// refused by IAM, so only Deny statements honour it.
		return "*"
	case req.PrincipalType == "AWS":
		a, ok := identity.ParseARN(req.Principal)
		if !ok {
			return ""
		}
		if v == a.Account || v == "arn:"+a.Partition+":iam::"+a.Account+":root" {
			return "account"
		}
	}
	return ""
}

func contains(vs []string, want string) bool {
	for _, v := range vs {
		if v == want {
			return true
		}
	}
	return false
}
