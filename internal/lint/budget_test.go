package lint

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// bigTrustPlan is a plan that creates a role whose trust has n GitHub
// statements, each naming another environment; the last admits the
// plan's caller (an environment variable holding the role ARN).
func bigTrustPlan(t testing.TB, n int) *tfplan.Plan {
	t.Helper()
	sts := make([]map[string]any, 0, n)
	for i := 0; i < n; i++ {
		env := fmt.Sprintf("env-%d", i)
		if i == n-1 {
			env = "prod"
		}
		sts = append(sts, webStatement(ghHost, map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com", ghHost + ":sub": "repo:octo-org/app:environment:" + env}}))
	}
	role := map[string]any{"name": "ci", "arn": testRoleARN, "path": "/", "assume_role_policy": trustJSON(t, sts...)}
	caller := map[string]any{"repository": "app", "environment": "prod", "variable_name": "ROLE", "value": testRoleARN}
	change := func(addr, typ, provider string, v map[string]any) map[string]any {
		return map[string]any{"address": addr, "mode": "managed", "type": typ, "name": strings.SplitN(addr, ".", 2)[1], "provider_name": provider,
			"change": map[string]any{"actions": []string{"create"}, "before": nil, "after": v, "after_unknown": map[string]any{}}}
	}
	data, err := json.Marshal(map[string]any{"format_version": "1.2", "terraform_version": "1.11.4",
		"resource_changes": []any{
			change("aws_iam_role.ci", "aws_iam_role", "registry.terraform.io/hashicorp/aws", role),
			change("github_actions_environment_variable.role", "github_actions_environment_variable", "registry.terraform.io/integrations/github", caller),
		},
		"configuration": map[string]any{"provider_config": map[string]any{"github": map[string]any{"name": "github", "expressions": map[string]any{"owner": map[string]any{"constant_value": "octo-org"}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := tfplan.Load(strings.NewReader(string(data)), "big.json", model.LoadOptions)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTrustOverIAMMaximum: a trust longer than any trust IAM accepts gets
// its STSG301 with a note that the over-breadth analysis was skipped, and
// the cheap checks (the pair is still evaluated); a trust within the
// limit is analysed.
func TestTrustOverIAMMaximum(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		// skipped: the note is on STSG301 and no over-breadth finding.
		skipped bool
	}{
		{"within the default limit", 2, false},
		{"over the default limit, within the largest quota", 20, false},
		{"over the largest quota", 200, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := Analyze(bigTrustPlan(t, tc.n))
			var noted, tooLong bool
			for _, f := range rep.Findings {
				if f.Rule == RuleInvalidDocument && strings.Contains(f.Message, "[policy-too-large]") {
					tooLong = true
					for _, n := range f.Notes {
						noted = noted || strings.Contains(n, "was not analysed")
					}
				}
			}
			if tooLong != (tc.n > 2) {
				t.Errorf("STSG301 too large = %v, want %v:%s", tooLong, tc.n > 2, describe(rep))
			}
			if noted != tc.skipped {
				t.Errorf("skip note = %v, want %v:%s", noted, tc.skipped, describe(rep))
			}
			// Other environments are admitted: the analysis reports it
			// unless it was skipped.
			if got := len(overBroad(rep)) > 0; got == tc.skipped {
				t.Errorf("over-breadth finding = %v, want %v:%s", got, !tc.skipped, describe(rep))
			}
			if len(rep.Pairs) != 1 || rep.Pairs[0].After != "allow" {
				t.Errorf("the pair is still evaluated: %+v", rep.Pairs)
			}
		})
	}
}

// BenchmarkLintManyStatements measures lint on a plan whose trust has N
// statements, the last admitting the plan's caller (issue 16: the cost
// stays proportional to what IAM accepts).
func BenchmarkLintManyStatements(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			p := bigTrustPlan(b, n)
			b.ReportAllocs()
			for b.Loop() {
				Analyze(p)
			}
		})
	}
}
