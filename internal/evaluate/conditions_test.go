package evaluate

import (
	"encoding/json"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// TestConditionsInPolicies runs spec §4 rules through whole documents:
// JSON value types, AND/OR structure, variables and Version, operator
// names, and the assumptions a decision names.
func TestConditionsInPolicies(t *testing.T) {
	runDecisionCases(t, []decisionCase{
		{name: "§4.1 several operators are AND'd: one false denies [S4]", policy: A(`{"StringEquals":{"GH:aud":"sts.amazonaws.com"},"StringLike":{"GH:sub":"repo:other/*"}}`), req: tMain(), want: ImplicitDeny},
		{name: "§4.1 several keys under one operator are AND'd [S4]", policy: A(`{"StringEquals":{"GH:aud":"sts.amazonaws.com","GH:actor":"someone-else"}}`), req: tMain(), want: ImplicitDeny},
		{name: "§4.1 an empty Condition block restricts nothing [S2]", policy: A(`{}`), req: tMain(), want: Allow, problem: "empty-condition-block"},
		{name: "§4.5 with Version 2012-10-17 a variable expands [S10]", policy: A(`{"StringLike":{"GH:sub":"repo:${GH:repository}:*"}}`), req: tMain(), want: Allow},
		{name: "§4.5 Version 2008-10-17: variables are literal [S10]", policy: `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"GHARN"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"GH:sub":"repo:${GH:repository}:*"}}}]}`,
			req: tMain(), want: ImplicitDeny},
		{name: "§4.5 variable default used for an absent key (aws:username presence UNCONFIRMED) [S10]", policy: A(`{"StringEquals":{"sts:RoleSessionName":"${aws:username, 'gha-42'}"}}`), req: tMain(), want: Allow, assumption: identity.AssumeKeyPresence},
		{name: "§4.5 null variable: StringEquals never matches [S10]", policy: A(`{"StringEquals":{"GH:sub":"${aws:PrincipalTag/sub}"}}`), req: tMain(), want: ImplicitDeny, assumption: identity.AssumeKeyPresence},
		{name: "§4.6 aws:FederatedProvider is taken as absent during the assume (UNCONFIRMED) [S12]", policy: A(`{"StringEquals":{"aws:FederatedProvider":"GHARN"}}`), req: tMain(), want: ImplicitDeny, assumption: identity.AssumeKeyPresence},
		{name: "§4.6 aws:FederatedProvider given in the request context is used [S12][S38q]", policy: A(`{"StringEquals":{"aws:FederatedProvider":"GHARN"}}`), req: tMain(ctxKey("aws:FederatedProvider", ghARN)), want: Allow, forbid: []string{identity.AssumeKeyPresence}},
		{name: "§4.3 JSON number condition value [S3][S24]", policy: A(`{"NumericEquals":{"GH:repository_id":456789}}`), req: tMain(), want: Allow},
		{name: "§4.3 JSON boolean condition value with Bool [S3][S24]", policy: A(`{"Bool":{"sts:RoleAuthorizedByIdp":true}}`), req: tMain(ctxKey("sts:RoleAuthorizedByIdp", "true")), want: Allow},
		{name: "§4.3 Bool on an absent key is false [S3]", policy: A(`{"Bool":{"sts:RoleAuthorizedByIdp":true}}`), req: tMain(), want: ImplicitDeny},
		{name: "§4.3 NumericEquals on the Google organization number [S24]",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"NumericEquals":{"accounts.google.com:google/organization_number":123456789012}}}]}`,
			req:    &identity.Request{Principal: "accounts.google.com", Now: now, Claims: map[string]any{"aud": "A", "google": map[string]any{"organization_number": json.Number("123456789012")}}}, want: Allow},
		{name: "§4.3 IpAddress with IPv6 caller [S3][S21]", policy: A(merge(base, `{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]}}`)), req: tMain(ctxKey("aws:SourceIp", "2001:db8::7")), want: Allow},
		{name: "§4.3 NotIpAddress Deny for a caller outside the office [S3]", policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base), stmt("Deny", `"sts:AssumeRoleWithWebIdentity"`, `{"NotIpAddress":{"aws:SourceIp":"198.51.100.0/24"}}`)),
			req: tMain(), want: ExplicitDeny},
		{name: "§4.6 VPC endpoint request: aws:SourceIp absent, IpAddress false [S21]", policy: A(merge(base, `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`)),
			req: tMain(noCtx("aws:SourceIp"), ctxKey("aws:SourceVpce", "vpce-0abc"), ctxKey("aws:SourceVpc", "vpc-1"), ctxKey("aws:VpcSourceIp", "10.0.0.7")), want: ImplicitDeny},
		{name: "§4.6 VPC endpoint request: aws:SourceVpce matches [S21]", policy: A(merge(base, `{"StringEquals":{"aws:SourceVpce":"vpce-0abc"}}`)),
			req: tMain(noCtx("aws:SourceIp"), ctxKey("aws:SourceVpce", "vpce-0abc")), want: Allow},
		{name: "§4.3 ArnLike on aws:SourceVpcArn [S3][S21]", policy: A(merge(base, `{"ArnLike":{"aws:SourceVpcArn":"arn:aws:ec2:*:111122223333:vpc/*"}}`)),
			req: tMain(noCtx("aws:SourceIp"), ctxKey("aws:SourceVpcArn", "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1")), want: Allow},
		{name: "§4.3 Null true on aws:SourceVpc for an internet request [S3][S21]", policy: A(merge(base, `{"Null":{"aws:SourceVpc":"true"}}`)), req: tMain(), want: Allow},
		{name: "§4.2 an unknown operator never matches in an Allow [S38n]", policy: A(`{"ForAllValuesStringEquals":{"GH:aud":"sts.amazonaws.com"}}`), req: tMain(), want: ImplicitDeny, problem: "unknown-operator"},
		{name: "§4.2 an unknown operator never matches in a Deny [S38n]", policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base), stmt("Deny", `"sts:AssumeRoleWithWebIdentity"`, `{"StringNotEqual":{"GH:sub":"x"}}`)),
			req: tMain(), want: Allow},
		{name: "§4.2 an operator in the wrong case never matches (UNCONFIRMED) [S38n]", policy: A(`{"stringequals":{"GH:aud":"sts.amazonaws.com"}}`), req: tMain(), want: ImplicitDeny, assumption: condition.AssumeOperatorCaseExact},
		{name: "§4.4 ForAnyValue:StringNotEquals in a Deny that does not apply: the allow names the assumption [S4]",
			policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base), stmt("Deny", `"sts:AssumeRoleWithWebIdentity"`, `{"ForAnyValue:StringNotEquals":{"GH:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`)),
			req:    tMain(), want: Allow, assumption: condition.AssumeNegatedUnderSet},
		{name: "§4.4 ForAllValues in an Allow with all claims present [S4]", policy: A(`{"ForAllValues:StringEquals":{"GH:aud":"sts.amazonaws.com","GH:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`), req: tMain(), want: Allow},
		{name: "§4.4 aws:TagKeys with ForAllValues admits only listed tags [S4][S16]",
			policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, merge(base, `{"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}`))),
			req:    tMain(claim(tagsClaim, map[string]any{"principal_tags": map[string]any{"team": []any{"a"}, "cost": []any{"1"}}})), want: ImplicitDeny},
		{name: "§4.4 empty policy array under ForAllValues: tags present do not match [S19]",
			policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, merge(base, `{"ForAllValues:StringEquals":{"aws:TagKeys":[]}}`))),
			req:    tMain(claim(tagsClaim, map[string]any{"principal_tags": map[string]any{"team": []any{"a"}}})), want: ImplicitDeny},
		{name: "§4.4 empty policy array with a negated operator in an Allow never matches a present key (UNCONFIRMED) [S19]",
			policy: A(merge(base, `{"StringNotEquals":{"GH:actor":[]}}`)), req: tMain(), want: ImplicitDeny, assumption: condition.AssumeEmptyPolicyList},
		{name: "§4.3 ForAnyValue:...IfExists in a Deny on an absent key denies [S3][S4]",
			policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base), stmt("Deny", `"sts:AssumeRoleWithWebIdentity"`, `{"ForAnyValue:StringNotEqualsIfExists":{"aws:TagKeys":"team"}}`)),
			req:    tMain(), want: ExplicitDeny},
		{name: "§1.4 a condition on a key derived from azp names that assumption [S38f]", policy: A(`{"StringEquals":{"GH:aud":"web-app"}}`),
			req: tMain(claim("azp", "web-app"), claim("aud", "api"), func(r *identity.Request) { r.OIDCProviders = nil }), want: Allow, assumption: identity.AssumeAzpAsAudience},
	})
}

// TestClaimKeysInPolicies runs spec §5's mapping end to end: mapped claims
// satisfy conditions, unmapped claims are absent.
func TestClaimKeysInPolicies(t *testing.T) {
	runDecisionCases(t, []decisionCase{
		{name: "§5 GitHub actor key (2026) [S24][S36]", policy: A(merge(base, `{"StringEquals":{"GH:actor":"octocat"}}`)), req: tMain(), want: Allow},
		{name: "§5 GitHub repository and ref keys (2026) [S24][S36]", policy: A(`{"StringEquals":{"GH:aud":"sts.amazonaws.com","GH:repository":"octo-org/octo-repo","GH:ref":"refs/heads/main"}}`), req: tMain(), want: Allow},
		{name: "§5 GitHub :iss is never a key [S38c2]", policy: A(merge(base, `{"StringEquals":{"GH:iss":"https://token.actions.githubusercontent.com"}}`)), req: tMain(), want: ImplicitDeny},
		{name: "§5 GitHub :event_name is never a key [S24][S28]", policy: A(merge(base, `{"StringEquals":{"GH:event_name":"push"}}`)), req: tMain(claim("event_name", "push")), want: ImplicitDeny},
		{name: "§5 GitHub custom claim is never a key: a Deny on it never applies [S28]", policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base), stmt("Deny", `"sts:AssumeRoleWithWebIdentity"`, `{"StringEquals":{"GH:repository_owner":"octo-org"}}`)),
			req: tMain(claim("repository_owner", "octo-org")), want: Allow},
		{name: "§5 a key with the https:// prefix is never present [S38b]", policy: A(`{"StringEquals":{"https://token.actions.githubusercontent.com:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`), req: tMain(), want: ImplicitDeny, problem: "malformed-condition-key"},
		{name: "§5 a key with another provider's prefix is absent [S11]", policy: A(`{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/EX:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`), req: tMain(), want: ImplicitDeny},
	})
}
