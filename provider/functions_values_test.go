package provider

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// tfValue builds the Terraform value HCL gives for a Go literal: objects
// for maps, tuples for lists, numbers for json.Number, a dynamic null for
// nil; unknownValue stands for a value not known until apply.
func tfValue(t *testing.T, v any) attr.Value {
	t.Helper()
	switch v := v.(type) {
	case attr.Value:
		return v
	case string:
		return types.StringValue(v)
	case bool:
		return types.BoolValue(v)
	case json.Number:
		f, _, err := big.ParseFloat(string(v), 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		return types.NumberValue(f)
	case nil:
		return types.DynamicNull()
	case map[string]any:
		attrs, typs := map[string]attr.Value{}, map[string]attr.Type{}
		for k, e := range v {
			attrs[k] = tfValue(t, e)
			typs[k] = attrs[k].Type(context.Background())
		}
		return types.ObjectValueMust(typs, attrs)
	case []any:
		elems, typs := make([]attr.Value, len(v)), make([]attr.Type, len(v))
		for i, e := range v {
			elems[i] = tfValue(t, e)
			typs[i] = elems[i].Type(context.Background())
		}
		return types.TupleValueMust(typs, elems)
	}
	t.Fatalf("tfValue: unsupported %T", v)
	return nil
}

// githubPolicyObject is githubTrustPolicy as an HCL object.
func githubPolicyObject() map[string]any {
	federated := map[string]any{"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}
	return map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{
			map[string]any{"Sid": "AnyRef", "Effect": "Allow", "Principal": federated, "Action": "sts:AssumeRoleWithWebIdentity",
				"Condition": map[string]any{
					"StringEquals": map[string]any{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
					"StringLike":   map[string]any{"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/*"},
				}},
			map[string]any{"Effect": "Deny", "Principal": federated, "Action": "sts:AssumeRoleWithWebIdentity",
				"Condition": map[string]any{"StringLike": map[string]any{"token.actions.githubusercontent.com:sub": "*:ref:refs/heads/hotfix-*"}}},
		},
	}
}

// githubRequestObject is githubRequest(sub) as an HCL object.
func githubRequestObject(sub string) map[string]any {
	return map[string]any{
		"role_arn":       "arn:aws:iam::111122223333:role/deploy",
		"claims":         map[string]any{"iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com", "sub": sub, "exp": json.Number("1893456000")},
		"oidc_providers": []any{map[string]any{"url": "token.actions.githubusercontent.com", "client_ids": []any{"sts.amazonaws.com"}}},
		"now":            "2026-11-28T12:00:00Z",
	}
}

// dyn wraps a value as the dynamic argument Terraform sends.
func dyn(t *testing.T, v any) attr.Value { return types.DynamicValue(tfValue(t, v)) }

// TestDecisionFunctionsTakeObjects: objects and JSON strings give the same
// decision, in every combination.
func TestDecisionFunctionsTakeObjects(t *testing.T) {
	main, hotfix := "repo:octo-org/octo-repo:ref:refs/heads/main", "repo:octo-org/octo-repo:ref:refs/heads/hotfix-1"
	tests := []struct {
		name            string
		policy, request any
		want            bool
	}{
		{"object policy, object request", githubPolicyObject(), githubRequestObject(main), true},
		{"string policy, object request", githubTrustPolicy, githubRequestObject(main), true},
		{"object policy, string request", githubPolicyObject(), githubRequest(main), true},
		{"object deny", githubPolicyObject(), githubRequestObject(hotfix), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := runFunctionValues(t, NewAllowsFunction(), dyn(t, tc.policy), dyn(t, tc.request))
			if err != nil {
				t.Fatalf("allows: %s", err.Text)
			}
			if !got.Equal(types.BoolValue(tc.want)) {
				t.Errorf("allows = %v, want %v", got, tc.want)
			}
			res, err := runFunctionValues(t, NewEvaluateFunction(), dyn(t, tc.policy), dyn(t, tc.request))
			if err != nil {
				t.Fatalf("evaluate: %s", err.Text)
			}
			allowed := res.(types.Object).Attributes()["allowed"]
			if !allowed.Equal(types.BoolValue(tc.want)) {
				t.Errorf("evaluate allowed = %v, want %v", allowed, tc.want)
			}
		})
	}
}

// TestDecisionFunctionsUnknown: a part not known until apply gives an
// unknown result, never an error.
func TestDecisionFunctionsUnknown(t *testing.T) {
	req := githubRequestObject("x")
	req["claims"].(map[string]any)["sub"] = types.StringUnknown()
	pol := githubPolicyObject()
	pol["Statement"].([]any)[0].(map[string]any)["Sid"] = types.StringUnknown()
	for _, args := range [][2]attr.Value{
		{dyn(t, githubPolicyObject()), dyn(t, req)},
		{dyn(t, pol), dyn(t, githubRequestObject("x"))},
		{types.DynamicUnknown(), dyn(t, githubRequestObject("x"))},
	} {
		got, err := runFunctionValues(t, NewAllowsFunction(), args[0], args[1])
		if err != nil || !got.IsUnknown() {
			t.Errorf("allows = %v, %v; want unknown, no error", got, err)
		}
		got, err = runFunctionValues(t, NewEvaluateFunction(), args[0], args[1])
		if err != nil || !got.IsUnknown() {
			t.Errorf("evaluate = %v, %v; want unknown, no error", got, err)
		}
	}
}

// TestDecisionFunctionObjectErrors: errors on object arguments name the
// parameter's field path, list the fields, suggest the nearest, and never
// quote a value.
func TestDecisionFunctionObjectErrors(t *testing.T) {
	const secret = "s3cr3t-claim-value"
	with := func(field string, v any) map[string]any {
		r := githubRequestObject(secret)
		r[field] = v
		return r
	}
	badPolicy := githubPolicyObject()
	badPolicy["Statement"] = "Allow"
	tests := []struct {
		name            string
		policy, request any
		wantArg         int64
		fragments       []string
	}{
		{"request field typo", githubPolicyObject(), with("claimz", map[string]any{}), 1,
			[]string{`unknown field "request.claimz"`, "expected one of action, claims, context", `did you mean "claims"?`}},
		{"claims a string", githubPolicyObject(), with("claims", secret), 1,
			[]string{"request.claims: expected an object of token claims, found a string"}},
		{"context value a number", githubPolicyObject(), with("context", map[string]any{"sts:RoleSessionName": json.Number("42")}), 1,
			[]string{`request.context["sts:RoleSessionName"]: expected a string or a list of strings, found a number`}},
		{"provider field typo", githubPolicyObject(), with("oidc_providers", []any{map[string]any{"url": "x", "client_id": []any{}}}), 1,
			[]string{`unknown field "request.oidc_providers[0].client_id"`, `did you mean "client_ids"?`}},
		{"bad role ARN not quoted", githubPolicyObject(), with("role_arn", secret), 1,
			[]string{"request.role_arn: (value not shown) is not an IAM role ARN"}},
		{"request a list", githubPolicyObject(), []any{secret}, 1, []string{"the request must be an object, found a list"}},
		{"policy Statement a string", badPolicy, githubRequestObject("x"), 0, []string{"policy.Statement"}},
		{"policy a list", []any{secret}, githubRequestObject("x"), 0, []string{"at policy:"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runFunctionValues(t, NewEvaluateFunction(), dyn(t, tc.policy), dyn(t, tc.request))
			assertArgumentError(t, err, tc.wantArg, tc.fragments...)
			if err != nil {
				t.Logf("argument %d: %s", tc.wantArg, err.Text)
			}
			if err != nil && strings.Contains(err.Text, secret) {
				t.Errorf("error quotes a value: %s", err.Text)
			}
			if err != nil && strings.Contains(err.Text, "1:") {
				t.Errorf("error has a position in JSON the provider wrote: %s", err.Text)
			}
		})
	}
}

// TestEvaluateObjectPolicyProblemsByPath: a problem in an object policy
// (one line of JSON) is named by path, without a meaningless line 1.
func TestEvaluateObjectPolicyProblemsByPath(t *testing.T) {
	pol := githubPolicyObject()
	pol["Statement"].([]any)[0].(map[string]any)["Resource"] = "*"
	got, err := runFunctionValues(t, NewEvaluateFunction(), dyn(t, pol), dyn(t, githubRequestObject("repo:octo-org/octo-repo:ref:refs/heads/main")))
	if err != nil {
		t.Fatalf("evaluate: %s", err.Text)
	}
	var res evaluateResult
	if diags := got.(types.Object).As(context.Background(), &res, basetypesObjectAsOptions); diags.HasError() {
		t.Fatal(diags)
	}
	found := false
	for _, r := range res.Reasons {
		if strings.HasPrefix(r, "IAM would refuse this policy: ") {
			found = true
			if !strings.HasPrefix(r, "IAM would refuse this policy: Statement[0].Resource: ") {
				t.Errorf("problem not named by path: %q", r)
			}
		}
		if strings.Contains(r, "(line 1)") || strings.Contains(r, "1:") {
			t.Errorf("reason has a line of one-line JSON: %q", r)
		}
	}
	if !found {
		t.Errorf("reasons do not list the policy problem: %q", res.Reasons)
	}
}
