package workflows_test

import (
	"strings"
	"testing"
)

const deployEnv = `name: deploy
on:
  push:
    branches: [main]
permissions:
  id-token: write
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::111122223333:role/deploy
          aws-region: us-east-1
`

// TestScenarios: each workflow against a trust, with the findings about
// the workflow it must give (rule IDs in order; "" for none).
func TestScenarios(t *testing.T) {
	repoVar := map[string]map[string]any{
		"github_repository.app":         {"name": "app", "full_name": "octo-org/app", "default_branch": "main"},
		"github_actions_variable.role":  {"repository": "app", "variable_name": "DEPLOY_ROLE", "value": roleARN},
		"github_actions_variable.other": {"repository": "app", "variable_name": "OTHER", "value": "x"},
	}
	tests := []struct {
		name      string
		workflow  string
		subs      []string
		clientIDs []string
		extra     map[string]map[string]any
		want      string
		// wantText must appear in the findings or pairs.
		wantText string
	}{
		{name: "environment job against a branch-only trust", workflow: deployEnv,
			subs: []string{"repo:octo-org/app:ref:refs/heads/main"}, want: "STSG101", wantText: "repo:octo-org/app:environment:production"},
		{name: "environment job, trust fixed", workflow: deployEnv,
			subs: []string{"repo:octo-org/app:environment:production"}, want: ""},
		{name: "pull_request job against a branch trust", workflow: strings.NewReplacer("  push:\n    branches: [main]", "  pull_request:", "    environment: production\n", "").Replace(deployEnv),
			subs: []string{"repo:octo-org/app:ref:refs/heads/main"}, want: "STSG101", wantText: "repo:octo-org/app:pull_request"},
		{name: "tag push, role from a repository variable",
			workflow: strings.NewReplacer("branches: [main]", "tags: ['v*']", "    environment: production\n", "",
				"arn:aws:iam::111122223333:role/deploy", "${{ vars.DEPLOY_ROLE }}").Replace(deployEnv),
			extra: repoVar, subs: []string{"repo:octo-org/app:ref:refs/tags/v*"}, want: "", wantText: "repo:octo-org/app:ref:refs/tags/vexample"},
		{name: "tag push, role from a repository variable, trust on branches",
			workflow: strings.NewReplacer("branches: [main]", "tags: ['v*']", "    environment: production\n", "",
				"arn:aws:iam::111122223333:role/deploy", "${{ vars.DEPLOY_ROLE }}").Replace(deployEnv),
			extra: repoVar, subs: []string{"repo:octo-org/app:ref:refs/heads/*"}, want: "STSG101", wantText: "read from github_actions_variable.role"},
		{name: "push and pull_request, trust admits only the branch: the pull request runs are refused",
			workflow: strings.NewReplacer("    branches: [main]", "    branches: [main]\n  pull_request:", "    environment: production\n", "").Replace(deployEnv),
			subs:     []string{"repo:octo-org/app:ref:refs/heads/main"}, want: "STSG101", wantText: "(repo:octo-org/app:pull_request) would be refused"},
		{name: "push and pull_request, trust admits both",
			workflow: strings.NewReplacer("    branches: [main]", "    branches: [main]\n  pull_request:", "    environment: production\n", "").Replace(deployEnv),
			subs:     []string{"repo:octo-org/app:ref:refs/heads/main", "repo:octo-org/app:pull_request"}, want: ""},
		{name: "two pushed branches, trust admits one: the other's runs are refused",
			workflow: strings.NewReplacer("    branches: [main]", "    branches: [main, release]", "    environment: production\n", "").Replace(deployEnv),
			subs:     []string{"repo:octo-org/app:ref:refs/heads/main"}, want: "STSG101", wantText: "(repo:octo-org/app:ref:refs/heads/release) would be refused"},
		{name: "push and pull_request, the step runs only on push: the pull request refusal is undecided",
			workflow: strings.NewReplacer("    branches: [main]", "    branches: [main]\n  pull_request:", "    environment: production\n", "",
				"      - uses: aws-actions", "      - if: github.event_name == 'push'\n        uses: aws-actions").Replace(deployEnv),
			subs: []string{"repo:octo-org/app:ref:refs/heads/main"}, want: "STSG900", wantText: `the step's if: "github.event_name == 'push'" may skip the step on that trigger`},
		{name: "push and pull_request, the job runs only on main: the pull request refusal is undecided",
			workflow: strings.NewReplacer("    branches: [main]", "    branches: [main]\n  pull_request:", "    environment: production\n", "    if: github.ref == 'refs/heads/main'\n").Replace(deployEnv),
			subs:     []string{"repo:octo-org/app:ref:refs/heads/main"}, want: "STSG900", wantText: "repo:octo-org/app:pull_request (implicit_deny) would be refused, but the job's if:"},
		{name: "push only, the step has an if: on the ref, trust refuses: the refusal stands",
			workflow: strings.NewReplacer("    environment: production\n", "",
				"      - uses: aws-actions", "      - if: github.ref == 'refs/heads/main'\n        uses: aws-actions").Replace(deployEnv),
			subs: []string{"repo:octo-org/app:ref:refs/heads/release"}, want: "STSG101", wantText: "(repo:octo-org/app:ref:refs/heads/main) would be refused"},
		{name: "push and pull_request, an if: not about the event: the refusal stands",
			workflow: strings.NewReplacer("    branches: [main]", "    branches: [main]\n  pull_request:", "    environment: production\n", "    if: github.repository == 'octo-org/app'\n").Replace(deployEnv),
			subs:     []string{"repo:octo-org/app:ref:refs/heads/main"}, want: "STSG101", wantText: "(repo:octo-org/app:pull_request) would be refused"},
		{name: "no id-token: write", workflow: strings.Replace(deployEnv, "  id-token: write\n", "", 1),
			subs: []string{"repo:octo-org/app:environment:production"}, want: "STSG107", wantText: "do not grant id-token: write"},
		{name: "job permissions replace the workflow's", workflow: strings.Replace(deployEnv, "    environment: production\n", "    environment: production\n    permissions:\n      contents: read\n", 1),
			subs: []string{"repo:octo-org/app:environment:production"}, want: "STSG107", wantText: "replace the workflow's"},
		{name: "write-all grants id-token", workflow: strings.Replace(deployEnv, "permissions:\n  id-token: write\n  contents: read\n", "permissions: write-all\n", 1),
			subs: []string{"repo:octo-org/app:environment:production"}, want: ""},
		{name: "custom audience the trust does not accept",
			workflow:  strings.Replace(deployEnv, "aws-region: us-east-1", "aws-region: us-east-1\n          audience: my-audience", 1),
			clientIDs: []string{"sts.amazonaws.com", "my-audience"},
			subs:      []string{"repo:octo-org/app:environment:production"}, want: "STSG105", wantText: "my-audience"},
		{name: "custom audience the provider does not register",
			workflow: strings.Replace(deployEnv, "aws-region: us-east-1", "aws-region: us-east-1\n          audience: my-audience", 1),
			subs:     []string{"repo:octo-org/app:environment:production"}, want: "STSG105", wantText: "my-audience"},
		{name: "role ARN with whitespace is trimmed",
			workflow: strings.Replace(deployEnv, "role-to-assume: arn:aws:iam::111122223333:role/deploy", `role-to-assume: " arn:aws:iam::111122223333:role/deploy "`, 1),
			subs:     []string{"repo:octo-org/app:environment:production"}, want: "", wantText: "configure-aws-credentials trims it"},
		{name: "unfiltered push evaluated on the default branch",
			workflow: strings.NewReplacer("  push:\n    branches: [main]", "  push:", "    environment: production\n", "").Replace(deployEnv),
			subs:     []string{"repo:octo-org/app:ref:refs/heads/main"}, want: "", wantText: "repo:octo-org/app:ref:refs/heads/main"},
		{name: "role in an account the plan does not manage",
			workflow: strings.Replace(deployEnv, "111122223333:role/deploy", "999988887777:role/other", 1),
			subs:     []string{"repo:octo-org/app:environment:production"}, want: "STSG900", wantText: "does not manage"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ids := tc.clientIDs
			if ids == nil {
				ids = []string{"sts.amazonaws.com"}
			}
			p := deployPlan(t, ids, tc.extra, tc.subs...)
			dir := writeWorkflows(t, map[string]string{"deploy.yml": tc.workflow})
			rep := analyze(t, p, dir, "octo-org/app")
			if got := rules(rep); got != tc.want {
				t.Errorf("findings %q, want %q:%s", got, tc.want, describe(rep))
			}
			if tc.wantText != "" && !strings.Contains(describe(rep), tc.wantText) {
				t.Errorf("%q is not in the report:%s", tc.wantText, describe(rep))
			}
			for _, f := range rep.Findings {
				if f.File != "" && (!strings.HasSuffix(f.File, "deploy.yml") || f.Line == 0 || f.Column == 0) {
					t.Errorf("finding not located in the workflow: %+v", f)
				}
			}
		})
	}
}
