package explain

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

const (
	ghARN  = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	ghMain = "repo:octo-org/octo-repo:ref:refs/heads/main"
	// ghBase is spec §11's BASE condition.
	ghBase = `{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "` + ghMain + `"}}`
)

// allowGH is spec §11's A(cond) with the GitHub provider.
func allowGH(cond string) string {
	return fmt.Sprintf(`{"Effect": "Allow", "Principal": {"Federated": %q}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": %s}`, ghARN, cond)
}

func denyGH(cond string) string {
	return fmt.Sprintf(`{"Effect": "Deny", "Principal": {"Federated": %q}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": %s}`, ghARN, cond)
}

func doc(statements ...string) string {
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(statements, ", ") + `]}`
}

// ghRequest is spec §11's T_main; extra claims are merged in.
func ghRequest(sub string, extra map[string]any) string {
	claims := map[string]any{"iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com", "sub": sub,
		"repository": "octo-org/octo-repo", "ref": "refs/heads/main", "actor": "octocat", "repository_id": "456789"}
	for k, v := range extra {
		claims[k] = v
	}
	b, _ := json.Marshal(map[string]any{
		"role_arn":       "arn:aws:iam::111122223333:role/deploy",
		"claims":         claims,
		"context":        map[string]any{"sts:RoleSessionName": "gha-42", "aws:SourceIp": "203.0.113.7"},
		"oidc_providers": []any{map[string]any{"url": "https://token.actions.githubusercontent.com", "client_ids": []string{"sts.amazonaws.com"}}},
		"now":            "2026-11-28T12:00:00Z",
	})
	return string(b)
}

const cognitoRequest = `{"role_arn": "arn:aws:iam::111122223333:role/app",
  "claims": {"iss": "https://cognito-identity.amazonaws.com", "aud": "us-east-1:pool-a", "sub": "us-east-1:id", "amr": ["authenticated", "graph.facebook.com"]},
  "now": "2026-11-28T12:00:00Z"}`

func evaluateJSON(t *testing.T, policyJSON, requestJSON string, rcps ...string) *evaluate.Result {
	t.Helper()
	d, _, err := policy.Parse([]byte(policyJSON))
	if err != nil {
		t.Fatalf("policy: %v", err)
	}
	req, err := identity.ParseRequest([]byte(requestJSON))
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	var rcpDocs []*policy.Document
	for _, r := range rcps {
		rd, _, err := policy.Parse([]byte(r))
		if err != nil {
			t.Fatalf("rcp: %v", err)
		}
		rcpDocs = append(rcpDocs, rd)
	}
	res, err := evaluate.Request(d, req, rcpDocs...)
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	return res
}

// TestAnalyze checks the summary, causes and fix for each kind of
// decision; cases name the spec example they come from.
func TestAnalyze(t *testing.T) {
	cases := []struct {
		name     string
		policy   string
		request  string
		rcps     []string
		decision evaluate.Decision
		elements []string // the causes' elements, in order
		fixSays  []string
		whySays  []string // phrases in the summary or a cause reason
	}{
		{"§11 #1 allow", doc(allowGH(ghBase)), ghRequest(ghMain, nil), nil, evaluate.Allow, nil, nil,
			[]string{"Statement[0] allows sts:AssumeRoleWithWebIdentity", "both conditions hold"}},
		{"§11 #5 letter case", doc(allowGH(`{"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:Octo-Org/octo-repo:ref:refs/heads/main"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{`change "repo:Octo-Org/octo-repo:ref:refs/heads/main" to "` + ghMain + `"`}, []string{"differ only in letter case"}},
		{"§11 #15 Deny on an absent key", doc(allowGH(ghBase), denyGH(`{"StringNotEquals": {"token.actions.githubusercontent.com:environment": "prod"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ExplicitDeny, []string{"condition"}, []string{`with the value "prod"`, `"Null": {"token.actions.githubusercontent.com:environment": "false"}`, "Otherwise the refusal is intended"},
			[]string{"is a Deny that matches", "StringNotEquals is true for a missing key"}},
		{"§11 #13 Deny on a listed value", doc(allowGH(ghBase), denyGH(`{"StringEquals": {"token.actions.githubusercontent.com:sub": ["x", "`+ghMain+`"]}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ExplicitDeny, []string{"condition"}, []string{`remove "` + ghMain + `" from the values of StringEquals`}, nil},
		{"Deny on a value it does not exclude", doc(allowGH(ghBase), denyGH(`{"StringNotEquals": {"token.actions.githubusercontent.com:ref": "refs/heads/release"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ExplicitDeny, []string{"condition"}, []string{`add "refs/heads/main" to the values of StringNotEquals token.actions.githubusercontent.com:ref`}, nil},
		{"Deny without conditions", doc(`{"Effect": "Deny", "Principal": {"Federated": "`+ghARN+`"}, "Action": "sts:*"}`, allowGH(ghBase)), ghRequest(ghMain, nil), nil,
			evaluate.ExplicitDeny, []string{"statement"}, []string{"remove Statement[0], or add a condition"}, []string{"has no conditions"}},
		{"Deny with two conditions: any one is enough", doc(allowGH(ghBase), denyGH(`{"StringEquals": {"token.actions.githubusercontent.com:actor": "octocat"}, "StringLike": {"token.actions.githubusercontent.com:ref": "refs/heads/*"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ExplicitDeny, []string{"condition", "condition"}, []string{"any one of these is enough: (1)", "(2)"}, nil},
		{"§11 #76 RCP Deny", doc(allowGH(ghBase)), ghRequest(ghMain, map[string]any{"repository_owner_id": "999"}),
			[]string{`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringNotEquals": {"token.actions.githubusercontent.com:repository_owner_id": "123"}}}]}`},
			evaluate.ExplicitDeny, []string{"condition"}, []string{"of resource control policy 0", `add "999" to the values of StringNotEquals`}, nil},
		{"§11 #58 Pod Identity trust", doc(`{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}`), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"principal", "action"}, []string{`(1) add Federated "` + ghARN + `" to its Principal`, "(2) add sts:AssumeRoleWithWebIdentity to its Action"}, []string{"fails on 2 elements"}},
		{"§11 #12 NotAction excludes the action", doc(`{"Effect": "Allow", "Principal": {"Federated": "` + ghARN + `"}, "NotAction": "sts:AssumeRoleWith*", "Condition": ` + ghBase + `}`), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"action"}, []string{"remove the NotAction entry"}, nil},
		{"§11 #28 ? matches one character", doc(allowGH(`{"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-r?:*"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{`add "` + ghMain + `" to the values of StringLike`}, []string{`the repository differs ("octo-org/octo-repo" in the token, "octo-org/octo-r?" in the policy)`}},
		{"near miss in a list", doc(allowGH(`{"StringEquals": {"token.actions.githubusercontent.com:sub": ["repo:octo-org/octo-repo:ref:refs/heads/dev", "repo:octo-org/octo-repo:ref:refs/heads/mainn"]}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{`change "repo:octo-org/octo-repo:ref:refs/heads/mainn" to "` + ghMain + `"`, "(or add"}, nil},
		{"key of another provider", doc(allowGH(`{"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/X:sub": "` + ghMain + `"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{"rename the key oidc.eks.us-east-1.amazonaws.com/id/X:sub to token.actions.githubusercontent.com:sub"}, nil},
		{"claim the token lacks", doc(allowGH(`{"StringEquals": {"token.actions.githubusercontent.com:environment": "prod"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{"issue the token with a environment claim"}, []string{"the token has no environment claim"}},
		{"unknown operator", doc(allowGH(`{"StringEqualz": {"token.actions.githubusercontent.com:sub": "x"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{`replace the operator "StringEqualz"`}, nil},
		{"three failures at once", doc(allowGH(`{"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-rep:ref:refs/heads/mian"}, "IpAddress": {"aws:SourceIp": "198.51.100.0/24"}, "StringLike": {"sts:RoleSessionName": "ci-*"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"condition", "condition", "condition"}, []string{"make all of these changes", `"203.0.113.7/32"`, `add "gha-42" to the values of StringLike sts:RoleSessionName`},
			[]string{"is in none of the policy's ranges", `the token is for branch "main" but the policy expects branch "mian"`}},
		{"Null requires absence", doc(allowGH(`{"Null": {"token.actions.githubusercontent.com:actor": "true"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{`set "Null": {"token.actions.githubusercontent.com:actor": "false"}`}, nil},
		{"negated Allow condition", doc(allowGH(`{"StringNotEquals": {"token.actions.githubusercontent.com:actor": ["octocat", "dependabot"]}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{`remove "octocat" from the values of StringNotEquals`}, nil},
		{"§11 #23 ForAllValues", doc(allowGH(`{"ForAllValues:StringEquals": {"token.actions.githubusercontent.com:sub": "` + ghMain + `"}}`)), ghRequest("repo:octo-org/octo-repo:ref:refs/heads/feature", nil), nil,
			evaluate.ImplicitDeny, []string{"condition"}, nil, []string{"ForAllValues needs every request value to match"}},
		{"§11 #37 source identity", doc(allowGH(ghBase)), ghRequest(ghMain, map[string]any{"https://aws.amazon.com/source_identity": "alice"}), nil,
			evaluate.ImplicitDeny, []string{"action"}, []string{"Add sts:SetSourceIdentity to the Action of Statement[0]"}, []string{"carries a source identity"}},
		{"§11 #35 session tag value", doc(`{"Effect": "Allow", "Principal": {"Federated": "` + ghARN + `"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"], "Condition": {"StringEquals": {"aws:RequestTag/team": "payments"}}}`),
			ghRequest(ghMain, map[string]any{"https://aws.amazon.com/tags": map[string]any{"principal_tags": map[string]any{"team": []string{"platform"}}}}), nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{`add "platform" to the values of StringEquals aws:RequestTag/team`}, nil},
		{"missing session tag", doc(`{"Effect": "Allow", "Principal": {"Federated": "` + ghARN + `"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"], "Condition": {"StringEquals": {"aws:RequestTag/team": "payments"}}}`), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{`issue the token with the session tag "team"`}, nil},
		{"no Allow at all", doc(denyGH(`{"StringEquals": {"token.actions.githubusercontent.com:sub": "other"}}`)), ghRequest(ghMain, nil), nil,
			evaluate.ImplicitDeny, []string{"statement"}, []string{`Add an Allow statement such as {"Effect": "Allow", "Principal": {"Federated": "` + ghARN + `"}`, `"token.actions.githubusercontent.com:sub": "` + ghMain + `"`}, []string{"no Allow statement that could apply"}},
		{"§11 #44 audience", doc(allowGH(ghBase)), strings.Replace(ghRequest(ghMain, nil), `"aud":"sts.amazonaws.com"`, `"aud":"https://github.com/octo-org"`, 1), nil,
			evaluate.InvalidIdentityToken, []string{"token"}, []string{`Add "https://github.com/octo-org" to the client ID list`}, []string{"before it reads the trust policy"}},
		{"§11 #40 no provider", doc(allowGH(ghBase)), strings.Replace(ghRequest(ghMain, nil), `"url":"https://token.actions.githubusercontent.com"`, `"url":"https://gitlab.com"`, 1), nil,
			evaluate.InvalidIdentityToken, []string{"token"}, []string{"Register an IAM OIDC provider whose URL is exactly https://token.actions.githubusercontent.com"}, nil},
		{"§11 #59 Cognito allow", doc(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool-a"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}`), cognitoRequest, nil,
			evaluate.Allow, nil, nil, nil},
		{"Cognito authenticated identity on the guest role", doc(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}}}`), cognitoRequest, nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{"Use the pool's authenticated role"}, []string{"the identity is authenticated"}},
		{"§11 #61 Cognito pool", doc(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool-b"}}}`), cognitoRequest, nil,
			evaluate.ImplicitDeny, []string{"condition"}, []string{`change "us-east-1:pool-b" to "us-east-1:pool-a"`}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := evaluateJSON(t, tc.policy, tc.request, tc.rcps...)
			if res.Decision != tc.decision {
				t.Fatalf("decision %s, want %s (%s)", res.Decision, tc.decision, res.Error)
			}
			a := Analyze(res)
			var elements []string
			why := a.Summary
			for _, c := range a.Causes {
				elements = append(elements, c.Element)
				why += "\n" + c.Reason
				if c.Reason == "" || c.Change == "" {
					t.Errorf("cause %+v lacks a reason or a change", c)
				}
				if c.PolicyValues == nil || c.RequestValues == nil {
					t.Errorf("cause %+v has nil value lists (JSON null)", c)
				}
			}
			if strings.Join(elements, ",") != strings.Join(tc.elements, ",") {
				t.Errorf("cause elements %v, want %v", elements, tc.elements)
			}
			if tc.decision == evaluate.Allow && a.Fix != "" {
				t.Errorf("an allowed request has a fix: %s", a.Fix)
			}
			if tc.decision != evaluate.Allow && a.Fix == "" {
				t.Errorf("a refused request has no fix")
			}
			for _, s := range tc.fixSays {
				if !strings.Contains(a.Fix, s) {
					t.Errorf("fix lacks %q:\n%s", s, a.Fix)
				}
			}
			for _, s := range tc.whySays {
				if !strings.Contains(why, s) {
					t.Errorf("summary and reasons lack %q:\n%s", s, why)
				}
			}
			fix, reasons := Fix(res)
			if fix != a.Fix || len(reasons) != len(a.Causes)+1 || reasons[0] != a.Summary {
				t.Errorf("Fix() disagrees with Analyze(): %q %q", fix, reasons)
			}
		})
	}
}

// TestAnalyzeNeverPanics: results with missing parts (which the engine
// does not produce today) still get an explanation.
func TestAnalyzeNeverPanics(t *testing.T) {
	req := &identity.Resolved{Principal: ghARN, PrincipalType: "Federated", Actions: []string{identity.ActionAssumeRoleWithWebIdentity}}
	for _, r := range []*evaluate.Result{
		{Decision: evaluate.Allow, Request: req},
		{Decision: evaluate.ExplicitDeny, Request: req, Error: "AccessDenied"},
		{Decision: evaluate.InvalidIdentityToken, Request: req, Error: "InvalidIdentityToken: x"},
		{Decision: evaluate.ExpiredToken, Request: req, Error: "ExpiredTokenException: x"},
		{Decision: evaluate.ImplicitDeny, Request: req, Error: "AccessDenied", FailedAction: identity.ActionAssumeRoleWithWebIdentity},
	} {
		a := Analyze(r)
		if a.Summary == "" {
			t.Errorf("%s: no summary", r.Decision)
		}
		if _, err := json.Marshal(Build(r, nil)); err != nil {
			t.Errorf("%s: %v", r.Decision, err)
		}
	}
}
