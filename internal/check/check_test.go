package check

import (
	"fmt"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

const ghTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
 "Action":"sts:AssumeRoleWithWebIdentity",
 "Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},
              "StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/app:*"}}}]}`

const rootTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":%q},"Action":"sts:AssumeRole"}]}`

func mustParse(t *testing.T, text string) *policy.Document {
	t.Helper()
	doc, _, err := policy.Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestRunExpectations(t *testing.T) {
	doc := mustParse(t, ghTrust)
	in := Input{Policy: doc, RoleARN: "arn:aws:iam::111122223333:role/deploy", Bindings: []Binding{
		{Label: "main", Caller: identity.GitHubActions{Repository: "octo-org/app", Ref: "main"}},
		{Label: "pr", Expect: ExpectDeny, Caller: identity.GitHubActions{Repository: "octo-org/app", PullRequest: true}},
		{Label: "other", Expect: ExpectDeny, Caller: identity.GitHubActions{Repository: "octo-org/other", Ref: "main"}},
		{Label: "bad", Caller: identity.GitHubActions{Repository: "no-slash", Ref: "main"}},
		{Label: "garbage-token", Caller: &TokenCaller{Token: "not-a-token"}},
	}}
	rs := Run(in)
	want := []struct {
		decision evaluate.Decision
		passed   bool
		err      bool
		field    string
	}{
		{evaluate.Allow, true, false, ""},
		{evaluate.Allow, false, false, ""}, // the pull request is admitted by repo:octo-org/app:*
		{evaluate.ImplicitDeny, true, false, ""},
		{"", false, true, ""},
		{"", false, true, "token"},
	}
	for i, w := range want {
		r := rs[i]
		if (r.Err != nil) != w.err || r.Field != w.field {
			t.Errorf("%s: err = %v field %q, want err %v field %q", r.Label, r.Err, r.Field, w.err, w.field)
			continue
		}
		if w.err {
			continue
		}
		if r.Decision != w.decision || r.Passed != w.passed {
			t.Errorf("%s: decision %s passed %v, want %s %v", r.Label, r.Decision, r.Passed, w.decision, w.passed)
		}
	}
	if rs[1].Fix == "" || rs[0].Request == nil {
		t.Errorf("expected a fix for the admitted pull request and a request for main")
	}
	an, err := Admits(in, rs)
	if err != nil {
		t.Fatal(err)
	}
	if !an.Broader || an.Witness == nil {
		t.Errorf("repo:octo-org/app:* with only main declared must be broader, got %+v", an)
	}
}

// Role chaining, spec §6 [S1]: same account with the caller's ARN in the
// trust needs no identity policy; a trust naming the account root does.
func TestRunRoleChaining(t *testing.T) {
	caller := "arn:aws:iam::111122223333:role/ci"
	allowPolicy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/deploy"}]}`
	cases := []struct {
		name, trustPrincipal, callerARN string
		policies                        []string
		want                            evaluate.Decision
	}{
		{"same account, trust names the role", caller, caller, nil, evaluate.Allow},
		{"same account, trust names root, no identity policy", "arn:aws:iam::111122223333:root", caller, nil, evaluate.ImplicitDeny},
		{"same account, trust names root, identity policy allows", "arn:aws:iam::111122223333:root", caller, []string{allowPolicy}, evaluate.Allow},
		{"cross account, trust names the role, no identity policy", "arn:aws:iam::999988887777:role/ci", "arn:aws:iam::999988887777:role/ci", nil, evaluate.ImplicitDeny},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := mustParse(t, fmt.Sprintf(rootTrust, c.trustPrincipal))
			rs := Run(Input{Policy: doc, RoleARN: "arn:aws:iam::111122223333:role/deploy", Bindings: []Binding{
				{Label: "ci", Caller: &RoleCaller{RoleARN: c.callerARN, IdentityPolicies: c.policies}},
			}})
			if rs[0].Err != nil || rs[0].Decision != c.want {
				t.Fatalf("decision %s (err %v), want %s; reasons %v", rs[0].Decision, rs[0].Err, c.want, rs[0].Reasons)
			}
		})
	}
}
