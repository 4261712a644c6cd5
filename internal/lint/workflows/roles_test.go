package workflows_test

import (
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

// TestRoleResolution: which steps are callers and how their role is read.
func TestRoleResolution(t *testing.T) {
	other := "arn:aws:iam::111122223333:role/other"
	vars := map[string]map[string]any{
		"github_repository.app":                         {"name": "app", "full_name": "octo-org/app", "default_branch": "main"},
		"github_actions_variable.role":                  {"repository": "app", "variable_name": "DEPLOY_ROLE", "value": other},
		"github_actions_environment_variable.role":      {"repository": "app", "environment": "production", "variable_name": "DEPLOY_ROLE", "value": roleARN},
		"github_actions_environment_variable.other_env": {"repository": "app", "environment": "staging", "variable_name": "DEPLOY_ROLE", "value": other},
		"github_actions_secret.role":                    {"repository": "app", "secret_name": "ROLE", "plaintext_value": roleARN},
		"github_actions_variable.elsewhere":             {"repository": "other-repo", "variable_name": "ELSEWHERE", "value": roleARN},
	}
	sub := "repo:octo-org/app:environment:production"
	role := "arn:aws:iam::111122223333:role/deploy"
	tests := []struct {
		name, from, to string
		pairs          int
		want, text     string
	}{
		{"environment variable wins over the repository's", role, "${{ vars.DEPLOY_ROLE }}", 1, "", "read from github_actions_environment_variable.role"},
		{"repository secret", role, "${{ secrets.ROLE }}", 1, "", "read from github_actions_secret.role"},
		{"variable of another repository", role, "${{ vars.ELSEWHERE }}", 0, "STSG900", "the plan has no github_actions_variable or github_actions_environment_variable named ELSEWHERE"},
		{"other expression", role, "${{ matrix.role }}", 0, "STSG900", "an expression the linter does not evaluate"},
		{"static keys are not OIDC", "          aws-region: us-east-1", "          aws-region: us-east-1\n          aws-access-key-id: ${{ secrets.KEY }}", 0, "", ""},
		{"role chaining is not OIDC", "          aws-region: us-east-1", "          aws-region: us-east-1\n          role-chaining: true", 0, "", ""},
		{"two steps", "          aws-region: us-east-1\n", "          aws-region: us-east-1\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: " + role + "\n", 2, "", "job deploy step 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wf := strings.Replace(deployEnv, tc.from, tc.to, 1)
			dir := writeWorkflows(t, map[string]string{"deploy.yml": wf})
			rep := analyze(t, deployPlan(t, []string{"sts.amazonaws.com"}, vars, sub), dir, "octo-org/app")
			var filePairs int
			for _, p := range rep.Pairs {
				if strings.Contains(p.Caller, "deploy.yml") {
					filePairs++
				}
			}
			if got := rules(rep); got != tc.want || filePairs != tc.pairs {
				t.Errorf("findings %q and %d pairs, want %q and %d:%s", got, filePairs, tc.want, tc.pairs, describe(rep))
			}
			if tc.text != "" && !strings.Contains(describe(rep), tc.text) {
				t.Errorf("%q is not in the report:%s", tc.text, describe(rep))
			}
		})
	}
}

// TestReusableWithoutCaller: a workflow that only runs when called, with
// no caller in the directories, cannot be decided (STSG900).
func TestReusableWithoutCaller(t *testing.T) {
	reusable := strings.Replace(deployEnv, "on:\n  push:\n    branches: [main]\n", "on: workflow_call\n", 1)
	dir := writeWorkflows(t, map[string]string{"reusable.yml": reusable})
	rep := analyze(t, deployPlan(t, []string{"sts.amazonaws.com"}, nil, "repo:octo-org/app:environment:production"), dir, "octo-org/app")
	if got := rules(rep); got != "STSG900" || !strings.Contains(describe(rep), "no workflow in the --workflows directories calls it") {
		t.Errorf("findings %q, want STSG900 saying no workflow calls it:%s", got, describe(rep))
	}
}

// TestVariableSuperseded: a repository variable the workflows read the
// role from is checked through their jobs, not also on a guessed default
// branch (which a tag-only trust would leave undecided).
func TestVariableSuperseded(t *testing.T) {
	extra := map[string]map[string]any{
		"github_repository.app":        {"name": "app", "full_name": "octo-org/app", "default_branch": "main"},
		"github_actions_variable.role": {"repository": "app", "variable_name": "DEPLOY_ROLE", "value": roleARN},
	}
	p := deployPlan(t, []string{"sts.amazonaws.com"}, extra, "repo:octo-org/app:ref:refs/tags/v*")
	wf := strings.NewReplacer("branches: [main]", "tags: ['v*']", "    environment: production\n", "",
		"arn:aws:iam::111122223333:role/deploy", "${{ vars.DEPLOY_ROLE }}").Replace(deployEnv)
	rep := analyze(t, p, writeWorkflows(t, map[string]string{"deploy.yml": wf}), "octo-org/app")
	if len(rep.Findings) != 0 || len(rep.Pairs) != 1 || !strings.HasSuffix(rep.Pairs[0].Caller, "deploy.yml job deploy") {
		t.Errorf("want only the workflow job's pair and no finding:%s", describe(rep))
	}
	// Without the workflows, the variable is a caller on the default branch.
	if rep := lint.Analyze(p); len(rep.Pairs) != 1 || rep.Pairs[0].Caller != "github_actions_variable.role" {
		t.Errorf("without workflows the variable should be the caller:%s", describe(rep))
	}
}
