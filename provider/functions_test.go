package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// githubTrustPolicy allows octo-org/octo-repo's main branch and denies its
// pull requests.
const githubTrustPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AnyRef",
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/*"}
      }
    },
    {
      "Effect": "Deny",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "*:ref:refs/heads/hotfix-*"}}
    }
  ]
}`

// githubRequest is a request from octo-org/octo-repo with subject sub.
func githubRequest(sub string) string {
	return `{
  "role_arn": "arn:aws:iam::111122223333:role/deploy",
  "claims": {"iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com", "sub": "` + sub + `"},
  "oidc_providers": [{"url": "token.actions.githubusercontent.com", "client_ids": ["sts.amazonaws.com"]}],
  "now": "2026-11-28T12:00:00Z"
}`
}

// runFunction calls f with string arguments and returns the result value
// and the function error.
func runFunction(t *testing.T, f function.Function, args ...string) (attr.Value, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	var def function.DefinitionResponse
	f.Definition(ctx, function.DefinitionRequest{}, &def)
	values := make([]attr.Value, len(args))
	for i, a := range args {
		values[i] = types.StringValue(a)
		if _, dynamic := def.Definition.Parameters[i].(function.DynamicParameter); dynamic {
			values[i] = types.DynamicValue(values[i])
		}
	}
	return runFunctionValues(t, f, values...)
}

// runFunctionValues calls f with the argument values as Terraform passes
// them and returns the result value and the function error.
func runFunctionValues(t *testing.T, f function.Function, values ...attr.Value) (attr.Value, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	var def function.DefinitionResponse
	f.Definition(ctx, function.DefinitionRequest{}, &def)
	result, funcErr := def.Definition.Return.NewResultData(ctx)
	if funcErr != nil {
		t.Fatalf("creating the result data: %v", funcErr)
	}
	resp := function.RunResponse{Result: result}
	f.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData(values)}, &resp)
	return resp.Result.Value(), resp.Error
}

// assertArgumentError fails unless err is an error on argument position
// whose text contains every fragment.
func assertArgumentError(t *testing.T, err *function.FuncError, position int64, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error on argument %d, got none", position)
	}
	if err.FunctionArgument == nil || *err.FunctionArgument != position {
		t.Errorf("error is on argument %v, want %d: %s", err.FunctionArgument, position, err.Text)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Text, f) {
			t.Errorf("error text does not contain %q: %s", f, err.Text)
		}
	}
}

func TestEKSSubjectFunction(t *testing.T) {
	tests := []struct {
		name, namespace, serviceAccount string
		want                            string
		wantArg                         int64
	}{
		{name: "subject", namespace: "payments", serviceAccount: "api", want: "system:serviceaccount:payments:api"},
		{name: "empty namespace", namespace: "", serviceAccount: "api", wantArg: 0},
		{name: "colon in namespace", namespace: "a:b", serviceAccount: "api", wantArg: 0},
		{name: "empty service account", namespace: "payments", serviceAccount: "", wantArg: 1},
		{name: "space in service account", namespace: "payments", serviceAccount: "my api", wantArg: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := runFunction(t, NewEKSSubjectFunction(), tc.namespace, tc.serviceAccount)
			if tc.want == "" {
				assertArgumentError(t, err, tc.wantArg)
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !got.Equal(types.StringValue(tc.want)) {
				t.Errorf("eks_subject = %v, want %q", got, tc.want)
			}
		})
	}
}

func TestGitHubSubjectFunction(t *testing.T) {
	tests := []struct {
		name, repository, kind, value string
		want                          string
		wantArg                       int64
	}{
		{name: "branch", repository: "octo-org/octo-repo", kind: "branch", value: "main", want: "repo:octo-org/octo-repo:ref:refs/heads/main"},
		{name: "full branch ref", repository: "octo-org/octo-repo", kind: "branch", value: "refs/heads/main", want: "repo:octo-org/octo-repo:ref:refs/heads/main"},
		{name: "tag", repository: "octo-org/octo-repo", kind: "tag", value: "v1.2.0", want: "repo:octo-org/octo-repo:ref:refs/tags/v1.2.0"},
		{name: "environment", repository: "octo-org/octo-repo", kind: "environment", value: "prod", want: "repo:octo-org/octo-repo:environment:prod"},
		{name: "colon encoded", repository: "octo-org/octo-repo", kind: "environment", value: "prod:eu", want: "repo:octo-org/octo-repo:environment:prod%3Aeu"},
		{name: "pull request ignores value", repository: "octo-org/octo-repo", kind: "pull_request", value: "", want: "repo:octo-org/octo-repo:pull_request"},
		{name: "repository without owner", repository: "octo-repo", kind: "branch", value: "main", wantArg: 0},
		{name: "repository and kind both bad blames the repository", repository: "", kind: "commit", value: "main", wantArg: 0},
		{name: "unknown kind", repository: "octo-org/octo-repo", kind: "commit", value: "abc", wantArg: 1},
		{name: "empty branch", repository: "octo-org/octo-repo", kind: "branch", value: "", wantArg: 2},
		{name: "empty environment", repository: "octo-org/octo-repo", kind: "environment", value: "", wantArg: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := runFunction(t, NewGitHubSubjectFunction(), tc.repository, tc.kind, tc.value)
			if tc.want == "" {
				assertArgumentError(t, err, tc.wantArg)
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !got.Equal(types.StringValue(tc.want)) {
				t.Errorf("github_subject = %v, want %q", got, tc.want)
			}
		})
	}
}

func TestEvaluateFunction(t *testing.T) {
	tests := []struct {
		name          string
		policy        string
		request       string
		wantDecision  string
		wantDecidedBy string
		wantFix       bool
	}{
		{name: "allowed branch", policy: githubTrustPolicy, request: githubRequest("repo:octo-org/octo-repo:ref:refs/heads/main"),
			wantDecision: "allow", wantDecidedBy: `Statement[0] "AnyRef"`},
		{name: "pull request matches no Allow", policy: githubTrustPolicy, request: githubRequest("repo:octo-org/octo-repo:pull_request"),
			wantDecision: "implicit_deny", wantFix: true},
		{name: "hotfix branch denied", policy: githubTrustPolicy, request: githubRequest("repo:octo-org/octo-repo:ref:refs/heads/hotfix-1"),
			wantDecision: "explicit_deny", wantDecidedBy: "Statement[1]", wantFix: true},
		{name: "audience not registered",
			policy: githubTrustPolicy,
			request: `{"role_arn": "arn:aws:iam::111122223333:role/deploy",
			  "claims": {"iss": "https://token.actions.githubusercontent.com", "aud": "other", "sub": "repo:octo-org/octo-repo:ref:refs/heads/main"},
			  "oidc_providers": [{"url": "token.actions.githubusercontent.com", "client_ids": ["sts.amazonaws.com"]}]}`,
			wantDecision: "invalid_identity_token", wantFix: true},
		{name: "expired token",
			policy: githubTrustPolicy,
			request: `{"role_arn": "arn:aws:iam::111122223333:role/deploy", "now": "2026-11-28T12:00:00Z",
			  "claims": {"iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com", "exp": 1767229200, "sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}`,
			wantDecision: "expired_token", wantFix: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := runFunction(t, NewEvaluateFunction(), tc.policy, tc.request)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			var res evaluateResult
			obj, ok := got.(types.Object)
			if !ok {
				t.Fatalf("evaluate returned %T, want an object", got)
			}
			if diags := obj.As(context.Background(), &res, basetypesObjectAsOptions); diags.HasError() {
				t.Fatalf("reading the result: %v", diags)
			}
			if res.Decision != tc.wantDecision {
				t.Errorf("decision = %q, want %q (reasons %q)", res.Decision, tc.wantDecision, res.Reasons)
			}
			if res.Allowed != (tc.wantDecision == "allow") {
				t.Errorf("allowed = %v for decision %q", res.Allowed, res.Decision)
			}
			if res.DecidedBy != tc.wantDecidedBy {
				t.Errorf("decided_by = %q, want %q", res.DecidedBy, tc.wantDecidedBy)
			}
			if (res.Fix != "") != tc.wantFix {
				t.Errorf("fix = %q, want a fix: %v", res.Fix, tc.wantFix)
			}
			if len(res.Reasons) == 0 {
				t.Error("reasons is empty; every decision has at least one reason")
			}

			allowed, err := runFunction(t, NewAllowsFunction(), tc.policy, tc.request)
			if err != nil {
				t.Fatalf("allows: unexpected error: %v", err)
			}
			if !allowed.Equal(types.BoolValue(tc.wantDecision == "allow")) {
				t.Errorf("allows = %v for decision %q", allowed, tc.wantDecision)
			}
		})
	}
}

// TestEvaluatePolicyProblemsDoNotFail checks that a policy IAM would refuse
// at write time is still evaluated and its problems are listed as reasons.
func TestEvaluatePolicyProblemsDoNotFail(t *testing.T) {
	policy := strings.Replace(githubTrustPolicy, `"Sid": "AnyRef",`, `"Sid": "AnyRef", "Resource": "*",`, 1)
	got, err := runFunction(t, NewEvaluateFunction(), policy, githubRequest("repo:octo-org/octo-repo:ref:refs/heads/main"))
	if err != nil {
		t.Fatalf("a policy with problems must evaluate, got error: %v", err)
	}
	var res evaluateResult
	if diags := got.(types.Object).As(context.Background(), &res, basetypesObjectAsOptions); diags.HasError() {
		t.Fatal(diags)
	}
	found := false
	for _, r := range res.Reasons {
		found = found || strings.HasPrefix(r, "IAM would refuse this policy: ")
	}
	if !found {
		t.Errorf("reasons do not list the policy problem: %q", res.Reasons)
	}
}

// TestDecisionFunctionErrors checks that evaluate and allows put errors on
// the argument at fault and say where.
func TestDecisionFunctionErrors(t *testing.T) {
	valid := githubRequest("repo:octo-org/octo-repo:ref:refs/heads/main")
	tests := []struct {
		name      string
		policy    string
		request   string
		wantArg   int64
		fragments []string
	}{
		{name: "policy JSON broken", policy: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [,]\n}", request: valid,
			wantArg: 0, fragments: []string{"line 3:"}},
		{name: "policy empty", policy: "", request: valid, wantArg: 0},
		{name: "policy not an object", policy: `["Allow"]`, request: valid, wantArg: 0, fragments: []string{"line 1:1"}},
		{name: "request unknown field", policy: githubTrustPolicy, request: `{"claim": {}}`, wantArg: 1, fragments: []string{`unknown field "request.claim"`, `did you mean "claims"?`}},
		{name: "request wrong type", policy: githubTrustPolicy, request: `{"role_arn": 42}`, wantArg: 1, fragments: []string{"request.role_arn: expected a string, found a number"}},
		{name: "request bad role ARN", policy: githubTrustPolicy, request: `{"role_arn": "deploy", "claims": {"iss": "https://x"}}`,
			wantArg: 1, fragments: []string{"request.role_arn: (value not shown) is not an IAM role ARN"}},
		{name: "request bad now", policy: githubTrustPolicy,
			request: `{"principal": "cognito-identity.amazonaws.com", "now": "today"}`, wantArg: 1, fragments: []string{"now"}},
		{name: "request not JSON", policy: githubTrustPolicy, request: `role_arn=x`, wantArg: 1},
	}
	for _, tc := range tests {
		for _, f := range []function.Function{NewEvaluateFunction(), NewAllowsFunction()} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := runFunction(t, f, tc.policy, tc.request)
				assertArgumentError(t, err, tc.wantArg, tc.fragments...)
				if err != nil {
					t.Logf("argument %d: %s", tc.wantArg, err.Text)
				}
			})
		}
	}
}

// basetypesObjectAsOptions reads objects strictly: every attribute must
// be known and non-null.
var basetypesObjectAsOptions = basetypes.ObjectAsOptions{}
