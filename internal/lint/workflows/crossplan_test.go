package workflows_test

import (
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/workflows"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// analyzeAll lints several plans together with the workflows of dir.
func analyzeAll(t testing.TB, plans []*tfplan.Plan, dir, repo string) *lint.Report {
	t.Helper()
	src, err := workflows.Load(workflows.Options{Dirs: []string{dir}, Repository: repo})
	if err != nil {
		t.Fatal(err)
	}
	return lint.AnalyzeAll(plans, lint.Options{Sources: []callers.Source{src}})
}

// iamPlan is the IAM root module: the deploy role trusting subs, and
// GitHub's OIDC provider.
func iamPlan(t testing.TB, subs ...string) *tfplan.Plan {
	return namedPlan(t, "iam.json", map[string]map[string]any{
		"aws_iam_role.deploy":                    {"name": "deploy", "arn": roleARN, "path": "/", "assume_role_policy": trust(t, "sts.amazonaws.com", subs...)},
		"aws_iam_openid_connect_provider.github": {"arn": provider, "url": "https://" + gh, "client_id_list": []string{"sts.amazonaws.com"}, "thumbprint_list": []string{}},
	})
}

// githubPlan is the GitHub root module: the repository, the variable
// holding the role ARN and further resources.
func githubPlan(t testing.TB, extra map[string]map[string]any) *tfplan.Plan {
	res := map[string]map[string]any{
		"github_repository.app":        {"name": "app", "full_name": "octo-org/app", "default_branch": "main"},
		"github_actions_variable.role": {"repository": "app", "variable_name": "DEPLOY_ROLE", "value": roleARN},
	}
	for k, v := range extra {
		res[k] = v
	}
	return namedPlan(t, "github.json", res)
}

// TestVariableInAnotherPlan: the workflow reads its role ARN from a
// repository variable that another root module manages than the role;
// linted together, the job is paired with the role through the variable
// (and the variable is not also a guessed caller), the repository and the
// subject template are read from that plan, and the trust decides.
func TestVariableInAnotherPlan(t *testing.T) {
	tagJob := strings.NewReplacer("branches: [main]", "tags: ['v*']", "    environment: production\n", "",
		"arn:aws:iam::111122223333:role/deploy", "${{ vars.DEPLOY_ROLE }}").Replace(deployEnv)
	template := map[string]map[string]any{
		"github_actions_repository_oidc_subject_claim_customization_template.app": {"repository": "app", "use_default": false,
			"include_claim_keys": []string{"repository_owner", "context"}},
	}
	tagSub := "repo:octo-org/app:ref:refs/tags/v*"
	tests := []struct {
		name   string
		subs   []string
		extra  map[string]map[string]any
		repo   string // --github-repo ("" to read it from the plans)
		want   string
		texts  []string
		paired bool
	}{
		{name: "trust admits the tag", subs: []string{tagSub}, repo: "octo-org/app", paired: true,
			texts: []string{"role-to-assume is ${{ vars.DEPLOY_ROLE }}, read from github.json: github_actions_variable.role", "repo:octo-org/app:ref:refs/tags/vexample"}},
		{name: "trust on branches only", subs: []string{"repo:octo-org/app:ref:refs/heads/*"}, repo: "octo-org/app", want: "STSG101", paired: true,
			texts: []string{"read from github.json: github_actions_variable.role", "iam.json: aws_iam_role.deploy"}},
		{name: "repository read from the other plan", subs: []string{tagSub}, paired: true,
			texts: []string{"the repository octo-org/app is read from the only github_repository of the plans, github.json: github_repository.app"}},
		{name: "subject template in the other plan", subs: []string{tagSub}, extra: template, repo: "octo-org/app", want: "STSG101", paired: true,
			texts: []string{"sub built from the subject claim template of github.json: github_actions_repository_oidc_subject_claim_customization_template.app",
				"repository_owner:octo-org:ref:refs/tags/vexample"}},
		{name: "subject template in the other plan, trust fixed", subs: []string{"repository_owner:octo-org:ref:refs/tags/v*"},
			extra: template, repo: "octo-org/app", paired: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeWorkflows(t, map[string]string{"deploy.yml": tagJob})
			rep := analyzeAll(t, []*tfplan.Plan{iamPlan(t, tc.subs...), githubPlan(t, tc.extra)}, dir, tc.repo)
			if got := rules(rep); got != tc.want {
				t.Errorf("findings %q, want %q:%s", got, tc.want, describe(rep))
			}
			for _, f := range rep.Findings {
				if strings.Contains(f.Caller, "github_actions_variable") {
					t.Errorf("the variable is a caller besides the job: %s %s", f.Rule, f.Message)
				}
			}
			var pairs []string
			for _, p := range rep.Pairs {
				pairs = append(pairs, p.Caller+" -> "+p.Role)
			}
			wantPairs := ""
			if tc.paired {
				wantPairs = dir + "/.github/workflows/deploy.yml job deploy -> iam.json: aws_iam_role.deploy"
			}
			if got := strings.Join(pairs, "\n"); got != wantPairs {
				t.Errorf("pairs:\n%s\nwant:\n%s (the variable is superseded by the job)", got, wantPairs)
			}
			for _, text := range tc.texts {
				if !strings.Contains(describe(rep), text) {
					t.Errorf("%q is not in the report:%s", text, describe(rep))
				}
			}
		})
	}
	// Linted alone, the IAM plan does not know the variable: undecided.
	dir := writeWorkflows(t, map[string]string{"deploy.yml": tagJob})
	rep := analyze(t, iamPlan(t, tagSub), dir, "octo-org/app")
	if got := rules(rep); got != "STSG900" || !strings.Contains(describe(rep), "the plan has no github_actions_variable or github_actions_environment_variable named DEPLOY_ROLE") {
		t.Errorf("IAM plan alone: findings %q, want STSG900 naming the missing variable:%s", got, describe(rep))
	}
	// Linted together without the variable, the message says no plan has it.
	rep = analyzeAll(t, []*tfplan.Plan{iamPlan(t, tagSub), namedPlan(t, "other.json", map[string]map[string]any{
		"github_repository.app": {"name": "app", "full_name": "octo-org/app", "default_branch": "main"}})}, dir, "octo-org/app")
	if got := rules(rep); got != "STSG900" || !strings.Contains(describe(rep), "no plan has a github_actions_variable") {
		t.Errorf("no plan has the variable: findings %q:%s", got, describe(rep))
	}
	// A github_repository in each of two plans: no single repository.
	rep = analyzeAll(t, []*tfplan.Plan{iamPlan(t, tagSub), githubPlan(t, nil), namedPlan(t, "other.json", map[string]map[string]any{
		"github_repository.site": {"name": "site", "full_name": "octo-org/site", "default_branch": "main"}})}, dir, "")
	if got := rules(rep); got != "STSG900" || !strings.Contains(describe(rep), "not one github_repository in the plans): give --github-repo OWNER/REPO") {
		t.Errorf("two repositories: findings %q, want STSG900 asking for --github-repo:%s", got, describe(rep))
	}
}

// TestEnvironmentVariableInAnotherPlan: an environment's variable wins
// over the repository's, whichever plan holds each.
func TestEnvironmentVariableInAnotherPlan(t *testing.T) {
	other := "arn:aws:iam::111122223333:role/other"
	job := strings.Replace(deployEnv, "arn:aws:iam::111122223333:role/deploy", "${{ vars.DEPLOY_ROLE }}", 1)
	iam := iamPlan(t, "repo:octo-org/app:environment:production")
	repoLevel := namedPlan(t, "repo.json", map[string]map[string]any{
		"github_repository.app":        {"name": "app", "full_name": "octo-org/app", "default_branch": "main"},
		"github_actions_variable.role": {"repository": "app", "variable_name": "DEPLOY_ROLE", "value": other},
	})
	envLevel := namedPlan(t, "env.json", map[string]map[string]any{
		"github_actions_environment_variable.role": {"repository": "app", "environment": "production", "variable_name": "DEPLOY_ROLE", "value": roleARN},
	})
	dir := writeWorkflows(t, map[string]string{"deploy.yml": job})
	rep := analyzeAll(t, []*tfplan.Plan{iam, repoLevel, envLevel}, dir, "octo-org/app")
	if got := rules(rep); got != "" || !strings.Contains(describe(rep), "read from env.json: github_actions_environment_variable.role") {
		t.Errorf("findings %q, want the environment's variable of env.json:%s", got, describe(rep))
	}
}
