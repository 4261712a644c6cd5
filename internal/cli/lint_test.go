package cli_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/cli"
)

// lintPlansDir is the directory of the plan fixtures written with the real
// terraform CLI (testdata/plans/README.md).
var lintPlansDir = filepath.Join("..", "..", "testdata", "plans")

// lintUpdating reports whether -update was given (the flag is defined by
// the explain tests of this package; looked up at run time so that the
// two test files stay independent).
func lintUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func runLintCLI(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = cli.Main(append([]string{"lint"}, args...), &out, &errb, "test")
	return out.String(), errb.String(), code
}

// checkLintGolden compares output with testdata/lint/<name>, rewriting it
// with -update.
func checkLintGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "lint", name)
	if lintUpdating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run TestLint -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output (run go test ./internal/cli -run TestLint -update to accept):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// lintGoldens are the lintPlansDir whose output in every format is pinned, with
// the exit code at the default --fail-on error.
var lintGoldens = []struct {
	name, plan string
	args       []string
	exit       int
}{
	{"eks-sa-renamed-break", "eks-sa-renamed-break.json", nil, 1},
	{"role-renamed-break", "role-renamed-break.json", nil, 1},
	{"oidc-issuer-changed-break", "oidc-issuer-changed-break.json", nil, 1},
	{"audience-removed-break", "audience-removed-break.json", nil, 1},
	{"condition-key-invalid-break", "condition-key-invalid-break.json", nil, 1},
	{"trust-broadened-break", "trust-broadened-break.json", nil, 0},
	{"invalid-trust-break", "invalid-trust-break.json", nil, 1},
	{"unknown-unresolvable", "unknown-unresolvable.json", nil, 0},
	{"subject-template-customised-break", "subject-template-customised-break.json", nil, 1},
	{"helm-values-fix", "helm-values-fix.json", nil, 0},
	// A ServiceAccount manifest with a namespace typo, and the Deployment
	// that uses it; SARIF locates the finding in the manifest.
	{"manifests-typo-break", "manifests-one-cluster.json", []string{"--manifests", filepath.Join(manifestsDir, "typo-break")}, 1},
	{"rcp-github-owner-break", "rcp-github-owner-break.json", nil, 1},
	{"sensitive", "", nil, 1},
	// An accepted over-breadth: listed with its reason, not counted.
	{"trust-broadened-accepted", "trust-broadened-break.json", []string{"--config", filepath.Join("testdata", "lint", "accept-broad-config.json"), "--fail-on", "warning"}, 0},
	// With the scenario's .tf files, SARIF locates findings by file and line.
	{"eks-sa-renamed-break-tfdir", "eks-sa-renamed-break.json", []string{"--tf-dir", filepath.Join(lintPlansDir, "scenarios", "eks-sa-renamed-break", "after")}, 1},
	// Trust findings point at the expression that builds the trust: the
	// statement block of a data "aws_iam_policy_document", or the
	// assume_role_policy attribute.
	{"condition-key-invalid-break-tfdir", "condition-key-invalid-break.json", []string{"--tf-dir", filepath.Join(lintPlansDir, "scenarios", "condition-key-invalid-break", "after")}, 1},
	{"invalid-trust-break-tfdir", "invalid-trust-break.json", []string{"--tf-dir", filepath.Join(lintPlansDir, "scenarios", "invalid-trust-break", "after")}, 1},
}

// manifestsDir holds the manifests of the --manifests tests.
var manifestsDir = filepath.Join("..", "lint", "manifests", "testdata")

// TestLintManifestsBadInput: --manifests and --cluster mistakes exit 2
// naming the flag, the directory or FILE:LINE:COLUMN.
func TestLintManifestsBadInput(t *testing.T) {
	one := filepath.Join(lintPlansDir, "manifests-one-cluster.json")
	two := filepath.Join(lintPlansDir, "manifests-two-clusters.json")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing directory", []string{one, "--manifests", filepath.Join(manifestsDir, "nope")}, "lint: --manifests " + filepath.Join(manifestsDir, "nope") + ": cannot read the directory: no such file or directory\n"},
		{"YAML error", []string{one, "--manifests", filepath.Join(manifestsDir, "bad")}, "lint: " + filepath.Join(manifestsDir, "bad", "k8s", "broken.yaml") + ":5:2: not valid YAML: value is not allowed in this context; fix the file, or move it out of --manifests " + filepath.Join(manifestsDir, "bad") + "\n"},
		{"unknown cluster", []string{two, "--manifests", filepath.Join(manifestsDir, "sa"), "--cluster", "dev"}, "lint: --cluster dev: no EKS cluster of the plan has that name or address; its clusters: prod (aws_eks_cluster.c[\"prod\"]), staging (aws_eks_cluster.c[\"staging\"])\n"},
		{"cluster without manifests", []string{two, "--cluster", "prod"}, "lint: --cluster says which cluster the --manifests are applied to; give --manifests DIR too\n"},
		{"empty manifests", []string{two, "--manifests="}, "lint: invalid value \"\" for flag -manifests: give a directory\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runLintCLI(append([]string{"--config", filepath.Join("testdata", "lint", "empty-config.json")}, tc.args...)...)
			if code != 2 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want exit 2 and no report", code, stdout)
			}
			if !strings.HasPrefix(stderr, tc.want) {
				t.Errorf("stderr %q, want it to start with %q", stderr, tc.want)
			}
		})
	}
}

func lintGoldenPlan(plan string) string {
	if plan == "" {
		return filepath.Join("testdata", "lint", "sensitive-plan.json")
	}
	return filepath.Join(lintPlansDir, plan)
}

// TestLintGolden pins the text, JSON, SARIF, markdown and dot output and
// the exit code.
func TestLintGolden(t *testing.T) {
	for _, tc := range lintGoldens {
		for _, format := range []string{"text", "json", "sarif", "markdown", "dot"} {
			if strings.HasSuffix(tc.name, "-tfdir") && format != "sarif" {
				continue
			}
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				args := append([]string{"--format", format, "--config", filepath.Join("testdata", "lint", "empty-config.json")}, tc.args...)
				stdout, stderr, code := runLintCLI(append(args, lintGoldenPlan(tc.plan))...)
				if code != tc.exit {
					t.Errorf("exit %d, want %d; stderr: %s", code, tc.exit, stderr)
				}
				if stderr != "" {
					t.Errorf("unexpected stderr: %s", stderr)
				}
				checkLintGolden(t, tc.name+"."+format+".golden", stdout)
				if (format == "json" || format == "sarif") && !json.Valid([]byte(stdout)) {
					t.Errorf("%s output is not JSON", format)
				}
			})
		}
	}
}

// TestLintExitCodes: 0 when no finding reaches --fail-on, 1 otherwise, 2 on
// bad input.
func TestLintExitCodes(t *testing.T) {
	warningOnly := filepath.Join(lintPlansDir, "trust-broadened-break.json")
	errors := filepath.Join(lintPlansDir, "eks-sa-renamed-break.json")
	infoOnly := filepath.Join(lintPlansDir, "unknown-unresolvable.json")
	clean := filepath.Join(lintPlansDir, "helm-values-fix.json")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"clean", []string{clean}, 0},
		{"errors fail by default", []string{errors}, 1},
		{"errors with fail-on never", []string{"--fail-on", "never", errors}, 0},
		{"warning passes at fail-on error", []string{warningOnly}, 0},
		{"warning fails at fail-on warning", []string{"--fail-on", "warning", warningOnly}, 1},
		{"info never fails", []string{"--fail-on", "warning", infoOnly}, 0},
		{"flags after the file", []string{errors, "--fail-on", "never", "--format", "json"}, 0},
		{"no file", nil, 2},
		{"two files", []string{clean, errors}, 1},
		{"same file twice", []string{clean, clean}, 2},
		{"standard input twice", []string{"-", clean, "-"}, 2},
		{"missing second file", []string{clean, filepath.Join(lintPlansDir, "no-such-plan.json")}, 2},
		{"tf-dir per plan miscounted", []string{"--tf-dir", ".", "--tf-dir", ".", "--tf-dir", ".", clean, errors}, 2},
		{"bad format", []string{"--format", "xml", clean}, 2},
		{"bad fail-on", []string{"--fail-on", "sometimes", clean}, 2},
		{"unknown flag", []string{"--frobnicate", clean}, 2},
		{"missing file", []string{filepath.Join(lintPlansDir, "no-such-plan.json")}, 2},
		{"state file", []string{filepath.Join(lintPlansDir, "state-not-plan.tfstate")}, 2},
		{"state json", []string{filepath.Join(lintPlansDir, "state-not-plan.json")}, 2},
		{"missing config", []string{"--config", "no-such-config.json", clean}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runLintCLI(append([]string{"--config", filepath.Join("testdata", "lint", "empty-config.json")}, tc.args...)...)
			if code != tc.want {
				t.Errorf("exit %d, want %d (stderr: %s)", code, tc.want, stderr)
			}
			if tc.want == 2 && !strings.HasPrefix(stderr, "lint: ") {
				t.Errorf("bad input must be explained on stderr, got %q", stderr)
			}
		})
	}
}

// TestLintRefusesBadPlans: malformed, truncated, state instead of plan and
// unsupported versions exit 2 with a message saying what is wrong.
func TestLintRefusesBadPlans(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(lintPlansDir, "eks-sa-renamed-break.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		name, content, want string
	}{
		{"truncated", string(good[:len(good)/3]), "truncated"},
		{"malformed", `{"format_version": "1.2", "resource_changes": [}`, "invalid JSON"},
		{"not json", "plan: yes\n", "not the JSON object"},
		{"format 2", strings.Replace(string(good), `"format_version":"1.2"`, `"format_version":"2.0"`, 1), "stsguard reads plan format 1.x"},
		{"state", `{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}`, "this is Terraform state"},
		{"raw state", `{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"x","outputs":{},"resources":[]}`, "state file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".json")
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, code := runLintCLI(path)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("nothing should be printed on stdout, got %q", stdout)
			}
			if !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, path) {
				t.Errorf("stderr %q should name %s and say %q", stderr, path, tc.want)
			}
		})
	}
}

// TestLintStdin reads the plan from standard input with "-".
func TestLintStdin(t *testing.T) {
	f, err := os.Open(filepath.Join(lintPlansDir, "eks-sa-renamed-break.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old }()
	stdout, _, code := runLintCLI("--config", filepath.Join("testdata", "lint", "empty-config.json"), "-")
	if code != 1 || !strings.Contains(stdout, "STSG102") {
		t.Errorf("exit %d, output %s", code, stdout)
	}
}

// TestLintNeverPrintsSecrets: values marked sensitive, provider
// credentials and sensitive variables appear in no format.
func TestLintNeverPrintsSecrets(t *testing.T) {
	secrets := []string{"deploy-secret-name", "ghp_notARealTokenButSecret123", "hunter2-super-secret", "eyJhbGciOiJSUzI1NiJ9"}
	for _, format := range []string{"text", "json", "sarif", "markdown", "dot"} {
		stdout, stderr, _ := runLintCLI("--format", format, "--config", filepath.Join("testdata", "lint", "empty-config.json"), lintGoldenPlan(""))
		for _, s := range secrets {
			if strings.Contains(stdout+stderr, s) {
				t.Errorf("%s output contains the secret %q", format, s)
			}
		}
		// The map (dot) draws names, not the messages that say so.
		if format != "dot" && !strings.Contains(stdout, "(sensitive value)") {
			t.Errorf("%s output should say a sensitive value was withheld", format)
		}
	}
}

// TestLintRefusesAmbiguousPlans: a plan with a duplicate key or invalid
// UTF-8 is refused (exit 2) with the byte offset and what to do, before
// anything is linted.
func TestLintRefusesAmbiguousPlans(t *testing.T) {
	plan, err := os.ReadFile(filepath.Join(lintPlansDir, "eks-sa-renamed-break.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		data []byte
		at   string
		want string
	}{
		"duplicate key": {bytes.Replace(plan, []byte(`{"format_version":"1.2",`), []byte(`{"format_version":"1.2","resource_changes":[],`), 1), `"resource_changes":[{`, `repeats the key "resource_changes"`},
		"invalid utf-8": {bytes.Replace(plan, []byte(`"terraform_version":"1.11.4"`), []byte("\"terraform_version\":\"1.11.4\xff\""), 1), "\xff", "not valid UTF-8"},
	} {
		want := fmt.Sprintf("%s at byte %d", tc.want, bytes.Index(tc.data, []byte(tc.at)))
		path := filepath.Join(t.TempDir(), "plan.json")
		if err := os.WriteFile(path, tc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		stdout, stderr, code := runLintCLI(path)
		if code != 2 || stdout != "" || !strings.Contains(stderr, want) || !strings.Contains(stderr, "terraform show -json") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and %q", name, code, stdout, stderr, want)
		}
	}
}
