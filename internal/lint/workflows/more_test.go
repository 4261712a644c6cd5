package workflows_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/workflows"
)

// TestBrokenAmongGood: a workflow that does not parse is an STSG900
// finding at its file:line:column; the other workflows are still checked.
func TestBrokenAmongGood(t *testing.T) {
	dir := writeWorkflows(t, map[string]string{
		"deploy.yml": deployEnv,
		"broken.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz: []\n",
	})
	rep := analyze(t, deployPlan(t, []string{"sts.amazonaws.com"}, nil, "repo:octo-org/app:ref:refs/heads/main"), dir, "octo-org/app")
	if got := rules(rep); got != "STSG101 STSG900" {
		t.Fatalf("findings %q, want STSG101 (deploy.yml) and STSG900 (broken.yml):%s", got, describe(rep))
	}
	var broken bool
	for _, f := range rep.Findings {
		if f.Rule == "STSG900" {
			broken = true
			want := filepath.Join(dir, ".github", "workflows", "broken.yml") + ":5:5: the workflow does not parse"
			if !strings.HasPrefix(f.Message, want) || f.Line != 5 || f.Column != 5 || f.Severity != "info" {
				t.Errorf("STSG900 finding %+v, want message starting %q at 5:5", f, want)
			}
		}
	}
	if !broken {
		t.Error("no STSG900 for broken.yml")
	}
}

// TestReusableWorkflow: a job of a workflow called with uses: ./ presents
// its caller's ref with its own environment and job_workflow_ref, and
// gets at most its caller job's permissions.
func TestReusableWorkflow(t *testing.T) {
	reusable := `on: workflow_call
jobs:
  apply:
    runs-on: ubuntu-latest
    environment: prod
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::111122223333:role/deploy
          aws-region: us-east-1
`
	caller := `on:
  push:
    branches: [main]
jobs:
  call:
    permissions:
      id-token: write
    uses: ./.github/workflows/reusable.yml
`
	for _, tc := range []struct {
		name, caller, want string
		subs               []string
	}{
		{"allowed", caller, "", []string{"repo:octo-org/app:environment:prod"}},
		{"caller without id-token", strings.Replace(caller, "      id-token: write\n", "      contents: read\n", 1), "STSG107", []string{"repo:octo-org/app:environment:prod"}},
		{"trust on the reusable workflow's ref", caller, "STSG101", []string{"repo:octo-org/app:ref:refs/heads/main"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeWorkflows(t, map[string]string{"reusable.yml": reusable, "caller.yml": tc.caller})
			rep := analyze(t, deployPlan(t, []string{"sts.amazonaws.com"}, nil, tc.subs...), dir, "octo-org/app")
			if got := rules(rep); got != tc.want {
				t.Errorf("findings %q, want %q:%s", got, tc.want, describe(rep))
			}
			if len(rep.Pairs) != 1 || !strings.Contains(rep.Pairs[0].Caller, "reusable.yml job apply (called by ") {
				t.Errorf("want one pair named after the reusable job and its caller:%s", describe(rep))
			}
			if tc.want == "STSG107" && !strings.Contains(describe(rep), "a reusable workflow gets at most its caller's permissions") {
				t.Errorf("STSG107 should name the caller's permissions:%s", describe(rep))
			}
		})
	}
}

// TestSubjectTemplate: the repository's subject claim template in the
// plan builds the sub, with the workflow's job_workflow_ref.
func TestSubjectTemplate(t *testing.T) {
	extra := map[string]map[string]any{
		"github_repository.app": {"name": "app", "full_name": "octo-org/app", "default_branch": "main"},
		"github_actions_repository_oidc_subject_claim_customization_template.app": {"repository": "app", "use_default": false,
			"include_claim_keys": []string{"repo", "context", "job_workflow_ref"}},
	}
	want := "repo:octo-org/app:environment:production:job_workflow_ref:octo-org/app/.github/workflows/deploy.yml@refs/heads/main"
	for _, tc := range []struct {
		sub, rules string
	}{
		{want, ""},
		{"repo:octo-org/app:environment:production", "STSG101"},
	} {
		dir := writeWorkflows(t, map[string]string{"deploy.yml": deployEnv})
		rep := analyze(t, deployPlan(t, []string{"sts.amazonaws.com"}, extra, tc.sub), dir, "octo-org/app")
		if got := rules(rep); got != tc.rules {
			t.Errorf("trust %q: findings %q, want %q:%s", tc.sub, got, tc.rules, describe(rep))
		}
		if !strings.Contains(describe(rep), want) {
			t.Errorf("the sub %q is not in the report:%s", want, describe(rep))
		}
	}
}

// TestRepository: --github-repo, else the GitHub remote of .git/config,
// else the plan's only github_repository, else STSG900 (never an error).
func TestRepository(t *testing.T) {
	sub := "repo:octo-org/app:environment:production"
	t.Run("git remote", func(t *testing.T) {
		dir := writeWorkflows(t, map[string]string{"deploy.yml": deployEnv})
		if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
		config := "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = https://gitlab.com/x/y.git\n[remote \"origin\"]\n\turl = https://github.com/octo-org/app.git\n"
		if err := os.WriteFile(filepath.Join(dir, ".git", "config"), []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
		rep := analyze(t, deployPlan(t, []string{"sts.amazonaws.com"}, nil, sub), filepath.Join(dir, ".github", "workflows"), "")
		if got := rules(rep); got != "" || !strings.Contains(describe(rep), "read from the GitHub remote in") {
			t.Errorf("findings %q, want none and the remote noted:%s", got, describe(rep))
		}
	})
	t.Run("plan repository", func(t *testing.T) {
		dir := writeWorkflows(t, map[string]string{"deploy.yml": deployEnv})
		extra := map[string]map[string]any{"github_repository.app": {"name": "app", "full_name": "octo-org/app"}}
		rep := analyze(t, deployPlan(t, []string{"sts.amazonaws.com"}, extra, sub), dir, "")
		if got := rules(rep); got != "" || !strings.Contains(describe(rep), "github_repository.app") {
			t.Errorf("findings %q, want none and the plan's repository noted:%s", got, describe(rep))
		}
	})
	t.Run("unknown", func(t *testing.T) {
		dir := writeWorkflows(t, map[string]string{"deploy.yml": deployEnv})
		rep := analyze(t, deployPlan(t, []string{"sts.amazonaws.com"}, nil, sub), dir, "")
		if got := rules(rep); got != "STSG900" || !strings.Contains(describe(rep), "--github-repo") {
			t.Errorf("findings %q, want STSG900 asking for --github-repo:%s", got, describe(rep))
		}
	})
	t.Run("bad flag", func(t *testing.T) {
		if _, err := workflows.Load(workflows.Options{Dirs: []string{t.TempDir()}, Repository: "octo-org"}); err == nil || !strings.Contains(err.Error(), "--github-repo") {
			t.Errorf("err = %v, want a --github-repo error", err)
		}
	})
}

// TestLoadErrors: an unreadable directory names it; the only workflow
// broken names file:line:column.
func TestLoadErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	if _, err := workflows.Load(workflows.Options{Dirs: []string{missing}}); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing directory: err = %v", err)
	}
	dir := writeWorkflows(t, map[string]string{"only.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz: []\n"})
	_, err := workflows.Load(workflows.Options{Dirs: []string{dir}})
	if want := filepath.Join(dir, ".github", "workflows", "only.yml") + ":5:5:"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("only workflow broken: err = %v, want %q", err, want)
	}
}
