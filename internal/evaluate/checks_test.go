package evaluate

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// TestTokenChecks covers spec §0 steps 2–5 and §1.
func TestTokenChecks(t *testing.T) {
	allow := A(base)
	gh := func(ids ...string) identity.OIDCProvider { return identity.OIDCProvider{URL: ghIss, ClientIDs: ids} }
	runDecisionCases(t, []decisionCase{
		{name: "§1.2 issuer registered byte for byte [S13][S25]", policy: allow, req: tMain(), want: Allow},
		{name: "§1.2 provider URL stored without https:// still names the issuer [S13][S15]", policy: allow, req: tMain(providers(identity.OIDCProvider{URL: ghHost, ClientIDs: []string{"sts.amazonaws.com"}})), want: Allow},
		{name: "§1.2 one of several providers [S13]", policy: allow, req: tMain(providers(identity.OIDCProvider{URL: "https://oidc.eks.us-east-1.amazonaws.com/id/EX", ClientIDs: []string{"sts.amazonaws.com"}}, gh("sts.amazonaws.com"))), want: Allow},
		{name: "§1.2 no provider registered: InvalidIdentityToken [S25]", policy: allow, req: tMain(providers()), want: InvalidIdentityToken, forbid: []string{AssumeExactIssuer}},
		{name: "§1.2 registered URL with a trailing slash, iss without: InvalidIdentityToken (UNCONFIRMED) [S38g][S38h]", policy: allow,
			req: tMain(providers(identity.OIDCProvider{URL: ghIss + "/", ClientIDs: []string{"sts.amazonaws.com"}})), want: InvalidIdentityToken, assumption: AssumeExactIssuer},
		{name: "§1.2 registered URL in other case: InvalidIdentityToken (UNCONFIRMED) [S13]", policy: allow,
			req: tMain(providers(identity.OIDCProvider{URL: "https://Token.Actions.GitHubUserContent.com", ClientIDs: []string{"sts.amazonaws.com"}})), want: InvalidIdentityToken, assumption: AssumeExactIssuer},
		{name: "§1.2 no oidc_providers in the request: registration is not checked [design]", policy: allow, req: tMain(func(r *identity.Request) { r.OIDCProviders = nil }), want: Allow},
		{name: "§1.2 built-in providers need no registration [S13][S23]", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"accounts.google.com:aud":"A"}}}]}`,
			req: &identity.Request{RoleARN: roleARN, Now: now, Claims: map[string]any{"iss": "https://accounts.google.com", "aud": "A"}, OIDCProviders: []identity.OIDCProvider{}}, want: Allow},
		{name: "§1.2 principal given for another issuer than iss: InvalidIdentityToken [S25]", policy: allow,
			req: tMain(func(r *identity.Request) { r.Principal = ghARN }, claim("iss", "https://auth.example.com"), providers(identity.OIDCProvider{URL: "https://auth.example.com", ClientIDs: []string{"sts.amazonaws.com"}})), want: InvalidIdentityToken},
		{name: "§1.2 built-in principal given with a foreign iss: InvalidIdentityToken [S25]", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`,
			req: &identity.Request{Principal: "accounts.google.com", Now: now, Claims: map[string]any{"iss": "https://evil.example.com", "aud": "A"}}, want: InvalidIdentityToken},
		{name: "§1.4 audience in the client ID list [S13][S25]", policy: allow, req: tMain(providers(gh("other", "sts.amazonaws.com"))), want: Allow},
		{name: "§1.4 audience not in the client ID list: InvalidIdentityToken [S25][S38e]", policy: allow, req: tMain(providers(gh("other"))), want: InvalidIdentityToken},
		{name: "§1.4 audience comparison is exact [S13]", policy: allow, req: tMain(providers(gh("STS.amazonaws.com"))), want: InvalidIdentityToken},
		{name: "§1.4 no aud claim: InvalidIdentityToken [S25]", policy: allow, req: tMain(noClaim("aud")), want: InvalidIdentityToken},
		{name: "§1.4 aud array passes when one element is registered (UNCONFIRMED) [S22]", policy: A(`{"StringEquals":{"GH:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`),
			req: tMain(claim("aud", []any{"other", "sts.amazonaws.com"})), want: Allow, assumption: identity.AssumeAudArray},
		{name: "§1.4 azp replaces aud for the client ID check (UNCONFIRMED) [S38f]", policy: A(`{"StringEquals":{"GH:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`),
			req: tMain(claim("azp", "other-app")), want: InvalidIdentityToken, assumption: identity.AssumeAzpAsAudience},
		{name: "§1.4 azp registered: passes, and the :aud key is azp (UNCONFIRMED) [S38f]", policy: A(`{"StringEquals":{"GH:aud":"web-app"}}`),
			req: tMain(claim("azp", "web-app"), claim("aud", "api"), providers(gh("web-app"))), want: Allow, assumption: identity.AssumeAzpAsAudience},
		{name: "§1.5 exp in the past: ExpiredTokenException [S22]", policy: allow, req: tMain(claim("exp", json.Number("1795863600"))), want: ExpiredToken},
		{name: "§1.5 exp equal to now is expired [S22]", policy: allow, req: tMain(claim("exp", json.Number("1795867200"))), want: ExpiredToken},
		{name: "§1.5 exp one second ahead is valid [S22]", policy: allow, req: tMain(claim("exp", json.Number("1795867201"))), want: Allow},
		{name: "§1.1 exp with a fraction is not an integer timestamp: InvalidIdentityToken [S22]", policy: allow, req: tMain(claim("exp", json.Number("1795863600.5"))), want: InvalidIdentityToken},
		{name: "§1.1 exp as a string is not an integer timestamp: InvalidIdentityToken [S22]", policy: allow, req: tMain(claim("exp", "1795870800")), want: InvalidIdentityToken},
		{name: "§1.1 exp as a float64 holding an integer is read [S22]", policy: allow, req: tMain(claim("exp", float64(1795870800))), want: Allow},
		{name: "§1.5 no exp claim: expiry is not checked [design]", policy: allow, req: tMain(noClaim("exp")), want: Allow},
		{name: "§1.5 nbf in the future is not checked (UNCONFIRMED)", policy: allow, req: tMain(claim("nbf", json.Number("1795870000"))), want: Allow, assumption: AssumeNotBefore},
		{name: "§1.5 expiry is checked for built-in providers too [S22]", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`,
			req: &identity.Request{RoleARN: roleARN, Now: now, Claims: map[string]any{"iss": "https://cognito-identity.amazonaws.com", "aud": "p", "exp": json.Number("1795863600")}}, want: ExpiredToken},
		{name: "§0 provider missing and token expired: provider error first, order UNCONFIRMED", policy: allow, req: tMain(providers(), claim("exp", json.Number("1795863600"))), want: InvalidIdentityToken, assumption: AssumeCheckOrder},
		{name: "§0 audience wrong and token expired: audience error first, order UNCONFIRMED", policy: allow, req: tMain(providers(gh("other")), claim("exp", json.Number("1795863600"))), want: InvalidIdentityToken, assumption: AssumeCheckOrder},
		{name: "§0 token errors come before the trust policy [S25][S38e]", policy: doc(stmt("Deny", `"*"`, "")), req: tMain(claim("exp", json.Number("1795863600"))), want: ExpiredToken},
	})
}

// TestChecksRecorded checks the Checks trace: names, order and results.
func TestChecksRecorded(t *testing.T) {
	res := decide(t, A(base), tMain())
	var names []string
	for _, c := range res.Checks {
		if !c.Passed || c.Source == "" || c.Detail == "" {
			t.Errorf("check %+v should pass with a source and detail", c)
		}
		names = append(names, c.Name)
	}
	if want := []string{"provider", "audience", "expiry"}; !slices.Equal(names, want) {
		t.Errorf("§0 checks ran %q, want %q", names, want)
	}
	if res.Issuer != ghIss {
		t.Errorf("Issuer = %q", res.Issuer)
	}
	res = decide(t, A(base), tMain(claim("aud", "x")))
	if last := res.Checks[len(res.Checks)-1]; last.Name != "audience" || last.Passed || res.Error != "InvalidIdentityToken: Incorrect token audience" {
		t.Errorf("§1.4 audience failure recorded as %+v / %q", last, res.Error)
	}
}
