package evaluate

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// cognitoPool is a Cognito identity-pool request (amr is multivalued).
func cognitoPool(t *testing.T, authenticated bool, logins ...string) *identity.Request {
	t.Helper()
	req, err := identity.CognitoIdentityPool{IdentityPoolID: "us-east-1:pool", Authenticated: authenticated, LoginProviders: logins}.Request(roleARN)
	if err != nil {
		t.Fatal(err)
	}
	req.Now = now
	return req
}

// cognitoTrust allows the pool with the given extra condition block.
func cognitoTrust(cond string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":` +
		merge(`{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:pool"}}`, cond) + `}]}`
}

// tagTrust allows the web identity and sts:TagSession under the condition.
func tagTrust(cond string) string {
	return doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, merge(base, cond)))
}

// TestDecisionsNameUndocumentedRules runs each undocumented rule of the
// condition engine through a whole decision: the decision and the
// assumption it rests on (spec §4.3–§4.5, §10.7).
func TestDecisionsNameUndocumentedRules(t *testing.T) {
	oneTag := claim(tagsClaim, map[string]any{"principal_tags": map[string]any{"team": []any{"a"}}})
	runDecisionCases(t, []decisionCase{
		// (a) multivalued key without a set qualifier.
		{name: "§4.4 Cognito amr with one value under StringLike: allowed, named", policy: cognitoTrust(`{"StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}`),
			req: cognitoPool(t, true), want: Allow, assumption: condition.AssumeMultiValueNoSet},
		{name: "§4.4 aws:TagKeys with one tag under StringEquals: allowed, named", policy: tagTrust(`{"StringEquals":{"aws:TagKeys":"team"}}`),
			req: tMain(oneTag), want: Allow, assumption: condition.AssumeMultiValueNoSet},
		{name: "§4.4 ForAnyValue on amr needs no assumption", policy: cognitoTrust(`{"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}`),
			req: cognitoPool(t, true), want: Allow, forbid: []string{condition.AssumeMultiValueNoSet}},
		// (b) ForAnyValue with IfExists.
		{name: "§4.4 ForAnyValue:StringEqualsIfExists on absent aws:TagKeys: allowed, named", policy: A(merge(base, `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"team"}}`)),
			req: tMain(), want: Allow, assumption: condition.AssumeForAnyValueIfExists},
		// (c) unreadable values under negated operators.
		{name: "§4.3 NumericNotEquals with abc: allowed, named", policy: A(merge(base, `{"NumericNotEquals":{"GH:repository_id":"abc"}}`)),
			req: tMain(), want: Allow, assumption: condition.AssumeUnparsableValue},
		{name: "§4.3 DateNotEquals with a garbage date in a Deny: denied, named", policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base), stmt("Deny", `"sts:AssumeRoleWithWebIdentity"`, `{"DateNotEquals":{"aws:CurrentTime":"garbage"}}`)),
			req: tMain(ctxKey("aws:CurrentTime", "2026-11-28T12:00:00Z")), want: ExplicitDeny, assumption: condition.AssumeUnparsableValue},
		// (d) Null with a value other than true/false.
		{name: "§4.3 Null abc on a present claim: allowed, named", policy: A(merge(base, `{"Null":{"GH:actor":"abc"}}`)),
			req: tMain(), want: Allow, assumption: condition.AssumeNullValueNotBoolean},
		// (e) policy-variable default without the space.
		{name: "§4.5 ${aws:username,'gha-42'}: allowed, named", policy: A(merge(base, `{"StringEquals":{"sts:RoleSessionName":"${aws:username,'gha-42'}"}}`)),
			req: tMain(), want: Allow, assumption: condition.AssumeVariableSyntax},
		{name: "§4.5 ${aws:username, 'gha-42'} as documented: no syntax assumption", policy: A(merge(base, `{"StringEquals":{"sts:RoleSessionName":"${aws:username, 'gha-42'}"}}`)),
			req: tMain(), want: Allow, forbid: []string{condition.AssumeVariableSyntax}},
		// (f) multivalued key as a variable.
		{name: "§4.5 ${amr} with one value is null: implicit deny, named", policy: cognitoTrust(`{"StringEquals":{"cognito-identity.amazonaws.com:sub":"${cognito-identity.amazonaws.com:amr}"}}`),
			req: cognitoPool(t, false), want: ImplicitDeny, assumption: condition.AssumeMultiValueVariable},
		// (g) IPv4-mapped IPv6.
		{name: "§4.3 IpAddress with a mapped caller: allowed, named", policy: A(merge(base, `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`)),
			req: tMain(ctxKey("aws:SourceIp", "::ffff:203.0.113.7")), want: Allow, assumption: condition.AssumeIPv4MappedIPv6},
		{name: "§4.3 NotIpAddress Deny with a mapped caller outside the block: denied, named", policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base), stmt("Deny", `"sts:AssumeRoleWithWebIdentity"`, `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`)),
			req: tMain(ctxKey("aws:SourceIp", "::ffff:198.51.100.1")), want: ExplicitDeny, assumption: condition.AssumeIPv4MappedIPv6},
		// Session tags with several values.
		{name: "§4.6 a session tag with two values reads the first: allowed, named", policy: tagTrust(`{"StringEquals":{"aws:RequestTag/team":"a"}}`),
			req: tMain(claim(tagsClaim, map[string]any{"principal_tags": map[string]any{"team": []any{"a", "b"}}})), want: Allow, assumption: identity.AssumeSessionTagFirstValue},
		{name: "§4.6 a session tag with one value needs no assumption", policy: tagTrust(`{"StringEquals":{"aws:RequestTag/team":"a"}}`),
			req: tMain(oneTag), want: Allow, forbid: []string{identity.AssumeSessionTagFirstValue}},
		// Issue 13: one notion of presence.
		{name: `§4.4 aws:TagKeys = [""] under ForAnyValue:StringEqualsIfExists: implicit deny`, policy: A(merge(base, `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"team"}}`)),
			req: tMain(ctxKey("aws:TagKeys", "")), want: ImplicitDeny, assumption: condition.AssumeNullEmptyString},
		{name: `§4.4 aws:TagKeys = [""] is present for Null false`, policy: A(merge(base, `{"Null":{"aws:TagKeys":"false"}}`)),
			req: tMain(ctxKey("aws:TagKeys", "")), want: Allow, assumption: condition.AssumeNullEmptyString},
		{name: `§4.4 aws:TagKeys = [""] under ForAllValues:StringEqualsIfExists: allowed (null data set)`, policy: A(merge(base, `{"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":"team"}}`)),
			req: tMain(ctxKey("aws:TagKeys", "")), want: Allow, forbid: []string{condition.AssumeNullEmptyString}},
		{name: "§4.4 aws:TagKeys = [] is absent for Null true", policy: A(merge(base, `{"Null":{"aws:TagKeys":"true"}}`)),
			req: tMain(ctxKey("aws:TagKeys")), want: Allow, assumption: condition.AssumeEmptyValueList},
		{name: "§4.4 aws:TagKeys = [] under ForAnyValue:StringEqualsIfExists: absent, allowed", policy: A(merge(base, `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"team"}}`)),
			req: tMain(ctxKey("aws:TagKeys")), want: Allow, assumption: condition.AssumeEmptyValueList},
	})
}

// TestMissingAud covers issue 13: a token without aud is refused with
// InvalidIdentityToken before the trust policy is read, whether or not
// the account's providers are given (spec §1.4, [S38e]).
func TestMissingAud(t *testing.T) {
	denyAll := doc(stmt("Deny", `"sts:AssumeRoleWithWebIdentity"`, ""))
	noProviders := func(r *identity.Request) { r.OIDCProviders = nil }
	cases := []struct {
		name       string
		policy     string
		req        *identity.Request
		want       Decision
		err        string
		assumption string
		forbid     string
	}{
		{name: "no aud, providers given", policy: A(base), req: tMain(noClaim("aud")), want: InvalidIdentityToken, err: MissingAudError, forbid: AssumeAudRequired},
		{name: "no aud, providers not given", policy: A(base), req: tMain(noClaim("aud"), noProviders), want: InvalidIdentityToken, err: MissingAudError, forbid: AssumeAudRequired},
		{name: "no aud: refused before a Deny-all trust policy is read", policy: denyAll, req: tMain(noClaim("aud"), noProviders), want: InvalidIdentityToken, err: MissingAudError},
		{name: "no aud but azp: aud is still required", policy: A(base), req: tMain(noClaim("aud"), claim("azp", "sts.amazonaws.com"), noProviders), want: InvalidIdentityToken, err: MissingAudError},
		{name: "aud null", policy: A(base), req: tMain(claim("aud", nil), noProviders), want: InvalidIdentityToken, err: MissingAudError, assumption: AssumeAudRequired},
		{name: "aud empty list", policy: A(base), req: tMain(claim("aud", []any{}), noProviders), want: InvalidIdentityToken, err: MissingAudError, assumption: AssumeAudRequired},
		{name: "aud empty string is a claim: the policy decides", policy: A(base), req: tMain(claim("aud", ""), noProviders), want: ImplicitDeny},
		{name: "no aud and no registered provider: the provider error comes first (order UNCONFIRMED)", policy: A(base), req: tMain(noClaim("aud"), providers()),
			want: InvalidIdentityToken, err: "InvalidIdentityToken: No OpenIDConnect provider found in your account for " + ghIss, assumption: AssumeCheckOrder},
		{name: "no aud and expired: the aud error comes first (order UNCONFIRMED)", policy: A(base), req: tMain(noClaim("aud"), claim("exp", json.Number("1795863600"))),
			want: InvalidIdentityToken, err: MissingAudError, assumption: AssumeCheckOrder},
		{name: "Cognito token without aud (built-in provider, named)", policy: cognitoTrust(`{}`), req: func() *identity.Request {
			r := cognitoPool(t, true)
			delete(r.Claims, "aud")
			return r
		}(), want: InvalidIdentityToken, err: MissingAudError, assumption: AssumeAudRequired},
		{name: "Facebook access token has no aud and needs none", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"graph.facebook.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"graph.facebook.com:app_id":"123"}}}]}`,
			req: &identity.Request{Principal: "graph.facebook.com", Now: now, Claims: map[string]any{"app_id": "123", "id": "u"}}, want: Allow},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := decide(t, tc.policy, tc.req)
			if res.Decision != tc.want {
				t.Fatalf("decision = %s, want %s\n%s", res.Decision, tc.want, describe(res))
			}
			if tc.err != "" && res.Error != tc.err {
				t.Errorf("error = %q, want %q", res.Error, tc.err)
			}
			if tc.want == InvalidIdentityToken && res.Statements != nil {
				t.Errorf("the trust policy was read for a token STS refuses")
			}
			if tc.assumption != "" && !contains(res.Assumptions, tc.assumption) {
				t.Errorf("assumptions %q do not name %q", res.Assumptions, tc.assumption)
			}
			if tc.forbid != "" && contains(res.Assumptions, tc.forbid) {
				t.Errorf("assumptions name %q", tc.forbid)
			}
		})
	}
}

// TestMissingAudBinding: the binding path (a generic OIDC caller described
// by its claims, GitLab's former CI_JOB_JWT) and CheckToken, which the
// token data source uses, refuse a token without aud.
func TestMissingAudBinding(t *testing.T) {
	req, err := identity.OIDC{Issuer: "https://gitlab.com", ClaimsJSON: `{"sub":"project_path:g/p:ref_type:branch:ref:main","exp":1795870800}`}.Request(roleARN)
	if err != nil {
		t.Fatal(err)
	}
	req.Now = now
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/gitlab.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`
	if res := decide(t, policy, req); res.Decision != InvalidIdentityToken || res.Error != MissingAudError {
		t.Errorf("binding without aud: %s %q, want %s %q", res.Decision, res.Error, InvalidIdentityToken, MissingAudError)
	}
	withAud, err := identity.OIDC{Issuer: "https://gitlab.com", ClaimsJSON: `{"sub":"x","aud":"sts.amazonaws.com"}`}.Request(roleARN)
	if err != nil {
		t.Fatal(err)
	}
	withAud.Now = now
	if res := decide(t, policy, withAud); res.Decision != Allow {
		t.Errorf("binding with aud: %s, want allow", res.Decision)
	}
	claims := map[string]any{"iss": "https://gitlab.com", "sub": "x", "exp": json.Number("1795870800")}
	for _, providers := range [][]identity.OIDCProvider{nil, {{URL: "https://gitlab.com", ClientIDs: []string{"sts.amazonaws.com"}}}} {
		d, msg, checks := CheckToken(claims, providers, mustTime(t, now))
		if d != InvalidIdentityToken || msg != MissingAudError || len(checks) == 0 || checks[len(checks)-1].Name != "audience" {
			t.Errorf("CheckToken(providers=%v) = %s %q %v, want the audience check to refuse", providers != nil, d, msg, checks)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestTokenExpired: expiry is read from exp alone, so a token refused for
// another reason (no aud) is still reported as expired when it is.
func TestTokenExpired(t *testing.T) {
	at := mustTime(t, now)
	cases := []struct {
		name   string
		claims map[string]any
		want   bool
	}{
		{"exp in the past, no aud", map[string]any{"exp": json.Number("1795863600")}, true},
		{"exp now", map[string]any{"exp": json.Number("1795867200")}, true},
		{"exp in the future", map[string]any{"exp": json.Number("1795870800"), "aud": "x"}, false},
		{"no exp", map[string]any{"aud": "x"}, false},
		{"exp not an integer", map[string]any{"exp": 1.5}, false},
	}
	for _, tc := range cases {
		if got := TokenExpired(tc.claims, at); got != tc.want {
			t.Errorf("%s: TokenExpired = %v, want %v", tc.name, got, tc.want)
		}
	}
}
