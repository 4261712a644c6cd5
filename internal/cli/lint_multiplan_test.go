package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// multiplanDir holds two stacks that only break together: the IAM role
// and OIDC provider (iam.json, root module iam/) and the cluster with a
// service account whose namespace has a typo (eks-break.json) or not
// (eks-fix.json; root module eks/). Handwritten in the shape of terraform
// show -json.
var multiplanDir = filepath.Join("testdata", "lint", "multiplan")

// TestLintSeveralPlans pins the output of lint over two plans, and the
// exit code: the break is found only with both plans.
func TestLintSeveralPlans(t *testing.T) {
	iam, broken, fixed := filepath.Join(multiplanDir, "iam.json"), filepath.Join(multiplanDir, "eks-break.json"), filepath.Join(multiplanDir, "eks-fix.json")
	cfg := []string{"--config", filepath.Join("testdata", "lint", "empty-config.json")}
	tfDirs := []string{"--tf-dir", filepath.Join(multiplanDir, "iam"), "--tf-dir", filepath.Join(multiplanDir, "eks")}
	for _, tc := range []struct {
		name   string
		args   []string
		exit   int
		golden string
	}{
		{"text", []string{iam, broken}, 1, "multiplan-break.text.golden"},
		{"json", []string{"--format", "json", iam, broken}, 1, "multiplan-break.json.golden"},
		{"sarif", append(append([]string{"--format", "sarif"}, tfDirs...), iam, broken), 1, "multiplan-break.sarif.golden"},
		{"markdown", []string{"--format", "markdown", iam, broken}, 1, "multiplan-break.markdown.golden"},
		{"fixed", []string{"--format", "json", iam, fixed}, 0, "multiplan-fix.json.golden"},
		{"iam alone", []string{iam}, 0, ""},
		{"eks alone", []string{"--fail-on", "never", broken}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runLintCLI(append(append([]string{}, cfg...), tc.args...)...)
			if code != tc.exit || stderr != "" {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.exit, stderr)
			}
			if tc.golden != "" {
				checkLintGolden(t, tc.golden, stdout)
			}
			if strings.HasPrefix(tc.name, "j") && !json.Valid([]byte(stdout)) {
				t.Errorf("output is not JSON")
			}
		})
	}
	// The SARIF result of the caller is located in eks/main.tf, the
	// plan of the caller, not in the IAM root module.
	stdout, _, _ := runLintCLI(append(append(append([]string{}, cfg...), "--format", "sarif"), append(tfDirs, iam, broken)...)...)
	if !strings.Contains(stdout, "multiplan/eks/main.tf") {
		t.Errorf("SARIF does not locate the caller in eks/main.tf:\n%s", stdout)
	}
	// Without the .tf files, it is located in the caller's plan file.
	stdout, _, _ = runLintCLI(append(append([]string{}, cfg...), "--format", "sarif", "--tf-dir", t.TempDir(), iam, broken)...)
	if !strings.Contains(stdout, `"uri": "testdata/lint/multiplan/eks-break.json"`) || strings.Contains(stdout, `"uri": "testdata/lint/multiplan/iam.json"`) {
		t.Errorf("SARIF does not locate the caller in its plan file:\n%s", stdout)
	}
}

// TestLintMissingSecondPlan: a second plan that cannot be read is named,
// exit 2, and nothing is reported.
func TestLintMissingSecondPlan(t *testing.T) {
	missing := filepath.Join(multiplanDir, "no-such-plan.json")
	stdout, stderr, code := runLintCLI(filepath.Join(multiplanDir, "iam.json"), missing)
	if code != 2 || stdout != "" || !strings.Contains(stderr, missing) {
		t.Errorf("exit %d, stdout %q, stderr %q: want 2, nothing, a message naming %s", code, stdout, stderr, missing)
	}
	_, stderr, code = runLintCLI("-", filepath.Join(multiplanDir, "iam.json"), "-")
	if code != 2 || !strings.Contains(stderr, "standard input") {
		t.Errorf("- twice: exit %d, stderr %q", code, stderr)
	}
}
