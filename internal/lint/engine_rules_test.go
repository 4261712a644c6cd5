package lint

import (
	"strings"
	"testing"
)

// Tests for lint rules that lean on engine rules (condition operators,
// principal types, GitHub subjects) rather than copies of them.

const ghProviderARN = "arn:aws:iam::111122223333:oidc-provider/" + ghHost

// TestAudienceFindingOperators: STSG105 asks the condition engine whether
// some client ID satisfies the trust's condition on :aud (spec §1.4,
// §4.3, §4.4); an empty value list is not an audience matter and must not
// break the linter.
func TestAudienceFindingOperators(t *testing.T) {
	cases := []struct {
		name, op string
		values   []string
		want     string
	}{
		{"§4.3 StringEquals on a client ID [S3]", "StringEquals", []string{"sts.amazonaws.com"}, ""},
		{"§1.4 StringEquals on an unregistered audience [S13][S25]", "StringEquals", []string{"api://other"}, RuleAudience},
		{"§4.3 StringEquals is case-sensitive [S3]", "StringEquals", []string{"STS.amazonaws.com"}, RuleAudience},
		{"§4.3 StringEqualsIgnoreCase folds case [S3]", "StringEqualsIgnoreCase", []string{"STS.amazonaws.com"}, ""},
		{"§4.3 StringLike glob covering a client ID [S3]", "StringLike", []string{"sts.*"}, ""},
		{"§4.3 StringEquals takes * literally [S3]", "StringEquals", []string{"sts.*"}, RuleAudience},
		{"§4.4 ForAnyValue:StringEquals on an unregistered audience [S4]", "ForAnyValue:StringEquals", []string{"api://other"}, RuleAudience},
		{"§4.3 negated operators are not judged [S3]", "StringNotEquals", []string{"sts.amazonaws.com"}, ""},
		{"§4.4 an empty value list is not an audience matter [S19]", "StringEquals", []string{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
				"Principal": map[string]any{"Federated": ghProviderARN},
				"Condition": map[string]any{tc.op: map[string]any{ghHost + ":aud": tc.values, ghHost + ":sub": "repo:octo-org/app:*"}}})
			p := miniPlan(t, map[string]map[string]any{
				"aws_iam_role.ci":                    {"name": "ci", "arn": "arn:aws:iam::111122223333:role/ci", "path": "/", "assume_role_policy": trust},
				"aws_iam_openid_connect_provider.gh": {"arn": ghProviderARN, "url": ghHost, "client_id_list": []string{"sts.amazonaws.com"}},
			})
			rep := Analyze(p)
			got := ""
			for _, r := range rulesOf(rep) {
				if r == RuleAudience {
					got = r
				}
			}
			if got != tc.want {
				t.Errorf("STSG105 = %q, want %q:%s", got, tc.want, describe(rep))
			}
		})
	}
}

// TestPrincipalTypeIsCaseSensitive: the linter reads principal types as
// the evaluator does, so "federated" names no web identity provider (spec
// §2.1, [S6]): the caller is refused and no provider or key rule treats
// the value as a Federated principal.
func TestPrincipalTypeIsCaseSensitive(t *testing.T) {
	trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"federated": "arn:aws:iam::444455556666:oidc-provider/" + ghHost},
		"Condition": map[string]any{"StringEquals": map[string]any{ghHost + ":sub": "repo:octo-org/app:ref:refs/heads/main"}}})
	p := miniPlan(t, map[string]map[string]any{
		"aws_iam_role.ci":              {"name": "ci", "arn": "arn:aws:iam::111122223333:role/ci", "path": "/", "assume_role_policy": trust},
		"github_actions_variable.role": {"repository": "app", "variable_name": "ROLE", "value": "arn:aws:iam::111122223333:role/ci"},
	})
	rep := Analyze(p)
	if got := onlyRules(rep); got != RuleRefused {
		t.Errorf("findings %q, want only STSG101:%s", got, describe(rep))
	}
}

// TestCustomSubjectEncodesColons: a customised GitHub subject is rendered
// by the identity engine, which writes a ':' inside a value as %3A, as in
// the default subject (spec §8.1, [S27]).
func TestCustomSubjectEncodesColons(t *testing.T) {
	for _, keys := range [][]any{nil, {"repo", "context"}} {
		trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
			"Principal": map[string]any{"Federated": ghProviderARN},
			"Condition": map[string]any{"StringEquals": map[string]any{ghHost + ":sub": "repo:octo-org/app:environment:Production%3AV1"}}})
		resources := map[string]map[string]any{
			"aws_iam_role.ci": {"name": "ci", "arn": "arn:aws:iam::111122223333:role/ci", "path": "/", "assume_role_policy": trust},
			"github_actions_environment_variable.role": {"repository": "app", "environment": "Production:V1", "variable_name": "ROLE",
				"value": "arn:aws:iam::111122223333:role/ci"},
		}
		if keys != nil {
			resources["github_actions_repository_oidc_subject_claim_customization_template.app"] = map[string]any{"repository": "app", "use_default": false, "include_claim_keys": keys}
		}
		rep := Analyze(miniPlan(t, resources))
		if got := onlyRules(rep); got != "" {
			t.Errorf("template %v: findings %q, want none:%s", keys, got, describe(rep))
		}
		if strings.Contains(describe(rep), "Production:V1\"") {
			t.Errorf("template %v: an unencoded subject appears:%s", keys, describe(rep))
		}
	}
}

// TestConditionPossible: whether a failing string condition could hold
// for some value of a caller's pattern reads the operator as the engine
// parses it (spec §4.2, §4.3, §4.4).
func TestConditionPossible(t *testing.T) {
	cases := []struct {
		name, op string
		values   []string
		pattern  string
		want     bool
	}{
		{"§4.3 StringEquals with a value the pattern covers [S3]", "StringEquals", []string{"repo:o/a:ref:refs/heads/x"}, "repo:o/a:*", true},
		{"§4.3 StringEquals with a value outside the pattern [S3]", "StringEquals", []string{"repo:o/b:ref:refs/heads/x"}, "repo:o/a:*", false},
		{"§4.4 set qualifier and IfExists keep the base operator [S3][S4]", "ForAnyValue:StringLikeIfExists", []string{"repo:o/b:*"}, "repo:o/a:*", false},
		{"§4.3 StringLike glob meeting the pattern [S3]", "StringLike", []string{"repo:o/*:pull_request"}, "repo:o/a:*", true},
		{"§4.3 other operators are taken to be satisfiable [S3]", "StringNotEquals", []string{"repo:o/a:pull_request"}, "repo:o/a:*", true},
		{"§4.2 an operator the engine does not know never holds [S38n]", "stringequals", []string{"repo:o/a:ref:refs/heads/x"}, "repo:o/a:*", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := conditionPossible(tc.op, tc.values, tc.pattern); got != tc.want {
				t.Errorf("conditionPossible(%s, %q, %q) = %v, want %v", tc.op, tc.values, tc.pattern, got, tc.want)
			}
		})
	}
}
