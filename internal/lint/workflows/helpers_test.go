package workflows_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/workflows"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

const (
	gh       = "token.actions.githubusercontent.com"
	account  = "111122223333"
	roleARN  = "arn:aws:iam::" + account + ":role/deploy"
	provider = "arn:aws:iam::" + account + ":oidc-provider/" + gh
)

// plan builds a plan in the shape terraform show -json writes, every
// resource unchanged with the given values, the github provider's owner
// octo-org.
func plan(t testing.TB, resources map[string]map[string]any) *tfplan.Plan {
	t.Helper()
	return namedPlan(t, "plan.json", resources)
}

// namedPlan is plan with the plan's source (its file, as findings name it
// when several plans are linted together).
func namedPlan(t testing.TB, source string, resources map[string]map[string]any) *tfplan.Plan {
	t.Helper()
	var changes []any
	for _, addr := range tfplan.SortedKeys(resources) {
		typ, name, _ := strings.Cut(addr, ".")
		v := resources[addr]
		prov := "registry.terraform.io/hashicorp/aws"
		if strings.HasPrefix(typ, "github_") {
			prov = "registry.terraform.io/integrations/github"
		}
		changes = append(changes, map[string]any{
			"address": addr, "mode": "managed", "type": typ, "name": name, "provider_name": prov,
			"change": map[string]any{"actions": []string{"no-op"}, "before": v, "after": v, "after_unknown": map[string]any{}},
		})
	}
	data, err := json.Marshal(map[string]any{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes,
		"configuration": map[string]any{"provider_config": map[string]any{"github": map[string]any{"name": "github",
			"expressions": map[string]any{"owner": map[string]any{"constant_value": "octo-org"}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := tfplan.Load(strings.NewReader(string(data)), source, model.LoadOptions)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// trust is a GitHub OIDC trust admitting the subjects (StringLike) with
// the audience.
func trust(t testing.TB, aud string, subs ...string) string {
	t.Helper()
	data, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": map[string]any{"Federated": provider},
		"Condition": map[string]any{"StringEquals": map[string]any{gh + ":aud": aud}, "StringLike": map[string]any{gh + ":sub": subs}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// deployPlan is a role trusting the subjects, GitHub's OIDC provider with
// the client IDs, and further resources.
func deployPlan(t testing.TB, clientIDs []string, extra map[string]map[string]any, subs ...string) *tfplan.Plan {
	res := map[string]map[string]any{
		"aws_iam_role.deploy":                    {"name": "deploy", "arn": roleARN, "path": "/", "assume_role_policy": trust(t, "sts.amazonaws.com", subs...)},
		"aws_iam_openid_connect_provider.github": {"arn": provider, "url": "https://" + gh, "client_id_list": clientIDs, "thumbprint_list": []string{}},
	}
	for k, v := range extra {
		res[k] = v
	}
	return plan(t, res)
}

// writeWorkflows writes .github/workflows files under a new directory and
// returns it.
func writeWorkflows(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	wfDir := filepath.Join(dir, ".github", "workflows")
	if err := os.MkdirAll(wfDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(wfDir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// analyze lints the plan with the workflows of dir.
func analyze(t testing.TB, p *tfplan.Plan, dir, repo string) *lint.Report {
	t.Helper()
	src, err := workflows.Load(workflows.Options{Dirs: []string{dir}, Repository: repo})
	if err != nil {
		t.Fatal(err)
	}
	return lint.AnalyzeWith(p, lint.Options{Sources: []callers.Source{src}})
}

// rules lists the rule IDs of findings about workflow files.
func rules(rep *lint.Report) string {
	var out []string
	for _, f := range rep.Findings {
		if f.File != "" {
			out = append(out, f.Rule)
		}
	}
	return strings.Join(out, " ")
}

func describe(rep *lint.Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString("\n  " + f.Rule + " " + f.Caller + ": " + f.Message + " [" + strings.Join(f.Notes, " | ") + "]")
	}
	for _, p := range rep.Pairs {
		b.WriteString("\n  pair " + p.Caller + " " + p.Identity + " " + p.After + " [" + strings.Join(p.Notes, " | ") + "]")
	}
	return b.String()
}
