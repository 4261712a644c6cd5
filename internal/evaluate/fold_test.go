package evaluate

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// TestASCIIFolding: key names, actions and IgnoreCase values fold ASCII
// letters only (internal/names). Issue 16's reproducers: a name equal to
// the real one only through Unicode folding (U+017F long s, U+212A Kelvin
// sign) is another name.
func TestASCIIFolding(t *testing.T) {
	evil := "repo:evil/x:ref:refs/heads/main"
	aud := `"GH:aud":"sts.amazonaws.com"`
	runDecisionCases(t, []decisionCase{
		{name: "key :\u017fub is absent, so StringEqualsIfExists holds for any subject",
			policy: A(`{"StringEquals":{` + aud + `},"StringEqualsIfExists":{"GH:\u017fub":"` + mainSub + `"}}`), req: tMain(claim("sub", evil)), want: Allow,
			problem: policy.CodeLookalikeConditionKey},
		{name: "key :\u017fub is absent, so Null true holds",
			policy: A(`{"StringEquals":{` + aud + `},"Null":{"GH:\u017fub":"true"}}`), req: tMain(claim("sub", evil)), want: Allow,
			problem: policy.CodeLookalikeConditionKey},
		{name: "key :\u017fub is absent, so StringEquals never matches",
			policy: A(`{"StringEquals":{` + aud + `,"GH:\u017fub":"` + evil + `"}}`), req: tMain(claim("sub", evil)), want: ImplicitDeny,
			problem: policy.CodeLookalikeConditionKey},
		{name: "ASCII case variant :SUB is the subject key",
			policy: A(`{"StringEquals":{` + aud + `},"StringEqualsIfExists":{"GH:SUB":"` + mainSub + `"}}`), req: tMain(claim("sub", evil)), want: ImplicitDeny},
		{name: "a Kelvin sign in a key name is not k",
			policy: A(`{"StringEquals":{` + aud + `,"GH:sub":"` + mainSub + `","x:\u212aind":"y"}}`), req: tMain(ctxKey("x:kind", "y")), want: ImplicitDeny,
			problem: policy.CodeLookalikeConditionKey},
		{name: "an ASCII upper-case K in a key name is k",
			policy: A(`{"StringEquals":{` + aud + `,"GH:sub":"` + mainSub + `","x:KIND":"y"}}`), req: tMain(ctxKey("x:kind", "y")), want: Allow},
		{name: "action \u017fts:AssumeRoleWithWebIdentity is another action",
			policy: doc(stmt("Allow", `"\u017fts:AssumeRoleWithWebIdentity"`, base)), req: tMain(), want: ImplicitDeny},
		{name: "action with a wildcard: \u017fts:* is another service",
			policy: doc(stmt("Allow", `"\u017fts:*"`, base)), req: tMain(), want: ImplicitDeny},
		{name: "action in ASCII upper case still matches",
			policy: doc(stmt("Allow", `"STS:AssumeRoleWith*"`, base)), req: tMain(), want: Allow},
		{name: "StringEqualsIgnoreCase folds ASCII",
			policy: A(`{"StringEquals":{` + aud + `},"StringEqualsIgnoreCase":{"GH:sub":"REPO:OCTO-ORG/OCTO-REPO:REF:REFS/HEADS/MAIN"}}`), req: tMain(), want: Allow,
			forbid: []string{condition.AssumeIgnoreCaseASCII}},
		{name: "StringEqualsIgnoreCase does not fold U+017F (assumption recorded)",
			policy: A(`{"StringEquals":{` + aud + `},"StringEqualsIgnoreCase":{"GH:sub":"repo:octo-org/octo-repo:ref:ref\u017f/heads/main"}}`), req: tMain(), want: ImplicitDeny,
			assumption: condition.AssumeIgnoreCaseASCII},
		{name: "StringNotEqualsIgnoreCase: a Kelvin-sign value differs (assumption recorded)",
			policy: A(`{"StringEquals":{` + aud + `},"StringNotEqualsIgnoreCase":{"GH:ref":"refs/heads/\u212aeep"}}`), req: tMain(claim("ref", "refs/heads/keep")), want: Allow,
			assumption: condition.AssumeIgnoreCaseASCII},
		{name: "Bool does not fold U+017F: fal\u017fe is not false",
			policy: A(`{"StringEquals":{` + aud + `},"Bool":{"aws:SecureTransport":"fal\u017fe"}}`), req: tMain(ctxKey("aws:SecureTransport", "false")), want: ImplicitDeny},
	})
}
