package cli_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/cli"
)

// TestLintRCP: lint --rcp FILE applies a resource control policy (a bare
// document or describe-policy output) to every role of the plan, or to
// the accounts of --rcp-account; bad files and flags exit 2 naming the
// flag and file:line:column.
func TestLintRCP(t *testing.T) {
	plan := filepath.Join(lintPlansDir, "github-repo-renamed-fix.json") // role in 111122223333, caller octo-org
	rcp := func(name string) string { return filepath.Join("testdata", "lint", "rcp", name) }
	tests := []struct {
		name     string
		args     []string
		exit     int
		stdout   []string
		stderr   string
		noStdout bool
	}{
		{"no RCP", nil, 0, nil, "", false},
		{"bare document", []string{"--rcp", rcp("octo-org-excluded.json")}, 1, []string{"STSG101", "would be refused by resource control policy " + rcp("octo-org-excluded.json") + " (given with --rcp)", `Statement[0] "OnlyContoso"`}, "", false},
		{"describe-policy output", []string{"--rcp", rcp("describe-policy.json")}, 1, []string{"STSG101", rcp("describe-policy.json")}, "", false},
		{"narrowed to the role's account", []string{"--rcp", rcp("describe-policy.json"), "--rcp-account", "111122223333"}, 1, []string{"STSG101"}, "", false},
		{"narrowed to another account", []string{"--rcp", rcp("describe-policy.json"), "--rcp-account", "444455556666,999988887777"}, 0, nil, "", false},
		{"service control policy", []string{"--rcp", rcp("describe-scp.json")}, 2, nil, "--rcp " + rcp("describe-scp.json") + ":11:20: $.Policy.PolicySummary.Type: the policy p-ab12cd34 is a SERVICE_CONTROL_POLICY", true},
		{"bad content", []string{"--rcp", rcp("describe-bad-content.json")}, 2, nil, "--rcp " + rcp("describe-bad-content.json") + ":11:20: $.Policy.Content: the policy text, at its line 1 column 55", true},
		{"bad JSON", []string{"--rcp", rcp("bad.json")}, 2, nil, "--rcp " + rcp("bad.json") + ":4:23: ", true},
		{"missing file", []string{"--rcp", rcp("nope.json")}, 2, nil, "--rcp: ", true},
		{"bad account", []string{"--rcp", rcp("describe-policy.json"), "--rcp-account", "1234"}, 2, nil, `--rcp-account "1234": an account ID is 12 digits`, true},
		{"account without policy", []string{"--rcp-account", "111122223333"}, 2, nil, "--rcp-account narrows the policies of --rcp FILE", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--config", filepath.Join("testdata", "lint", "empty-config.json")}, tc.args...)
			stdout, stderr, code := runLintCLI(append(args, plan)...)
			if code != tc.exit {
				t.Fatalf("exit %d, want %d; stderr: %s\nstdout: %s", code, tc.exit, stderr, stdout)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			if tc.exit != 1 && strings.Contains(stdout, "STSG1") {
				t.Errorf("unexpected finding:\n%s", stdout)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr)
			}
			if tc.noStdout && stdout != "" {
				t.Errorf("bad input should print no report, got:\n%s", stdout)
			}
		})
	}
}

// TestLintRCPShapes: data-perimeter shapes of the resource control
// policies guide and what lint reports for each.
func TestLintRCPShapes(t *testing.T) {
	rcp := func(name string) string { return filepath.Join("testdata", "lint", "rcp", name) }
	tests := []struct {
		name, plan, rcp string
		exit            int
		want            string
	}{
		// repository_owner is not a key STS sets: a negated condition on it
		// is true for every token, so the RCP refuses every GitHub job.
		{"GitHub repository_owner", "github-repo-renamed-fix.json", "repository-owner-unmapped.json", 1, "STSG101"},
		// The pool of the caller is replaced: its new ID is known only
		// after apply, so the refusal by a pool allow-list is undecided.
		{"Cognito pool known after apply", "cognito-pool-replaced-fix.json", "cognito-pools.json", 0, "depends on the token's aud, which is known only after apply"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runLintCLI("--config", filepath.Join("testdata", "lint", "empty-config.json"), "--rcp", rcp(tc.rcp), filepath.Join(lintPlansDir, tc.plan))
			if code != tc.exit {
				t.Fatalf("exit %d, want %d; stderr: %s\nstdout: %s", code, tc.exit, stderr, stdout)
			}
			if !strings.Contains(stdout, tc.want) {
				t.Errorf("stdout lacks %q:\n%s", tc.want, stdout)
			}
		})
	}
}

// TestExplainRCPFiles: explain --rcp reads the same files as lint --rcp:
// a describe-policy output, and refuses a service control policy. An
// unguarded negated condition on another issuer's key refuses the token
// (the key is absent); the guarded perimeter does not apply to it.
func TestExplainRCPFiles(t *testing.T) {
	dir := filepath.Join("testdata", "explain", "eks-allow")
	rcp := func(name string) string { return filepath.Join("testdata", "lint", "rcp", name) }
	for _, tc := range []struct {
		rcp  string
		exit int
		want string
	}{
		{"describe-policy.json", 0, "allow"},
		{"repository-owner-unmapped.json", 1, "resource control policy 0"},
		{"describe-scp.json", 2, "is a SERVICE_CONTROL_POLICY"},
	} {
		t.Run(tc.rcp, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := cli.Main([]string{"explain", "--policy", filepath.Join(dir, "policy.json"), "--request", filepath.Join(dir, "request.json"), "--rcp", rcp(tc.rcp)}, &out, &errb, "test")
			if code != tc.exit {
				t.Fatalf("exit %d, want %d; stderr %s\n%s", code, tc.exit, errb.String(), out.String())
			}
			if !strings.Contains(out.String()+errb.String(), tc.want) {
				t.Errorf("output lacks %q:\n%s%s", tc.want, out.String(), errb.String())
			}
		})
	}
}
