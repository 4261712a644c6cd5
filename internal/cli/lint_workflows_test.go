package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// workflowsCheckout copies testdata/lint/workflows/repo to a temporary
// directory with a .git/config whose origin is on GitHub, makes it the
// working directory and returns the absolute path of the plan.
func workflowsCheckout(t *testing.T) string {
	t.Helper()
	src, err := filepath.Abs(filepath.Join("testdata", "lint", "workflows"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(src, "repo"))); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	config := "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@github.com:octo-org/app.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
	if err := os.WriteFile(filepath.Join(dir, ".git", "config"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	return filepath.Join(src, "plan.json")
}

// TestLintWorkflowsGolden pins the text and SARIF output of a run with
// --workflows: the repository comes from .git/config, findings are
// located in the workflow files, a broken workflow is STSG900.
func TestLintWorkflowsGolden(t *testing.T) {
	for _, format := range []string{"text", "sarif"} {
		t.Run(format, func(t *testing.T) {
			golden, err := filepath.Abs(filepath.Join("testdata", "lint", "workflows."+format+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			emptyConfig, err := filepath.Abs(filepath.Join("testdata", "lint", "empty-config.json"))
			if err != nil {
				t.Fatal(err)
			}
			plan := workflowsCheckout(t)
			stdout, stderr, code := runLintCLI("--format", format, "--config", emptyConfig, "--workflows", ".", plan)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr: %s", code, stderr)
			}
			if stderr != "" {
				t.Errorf("unexpected stderr: %s", stderr)
			}
			stdout = strings.ReplaceAll(stdout, filepath.Dir(plan)+string(filepath.Separator), "")
			checkGoldenAt(t, golden, stdout)
			for _, want := range []string{".github/workflows/deploy.yml", "job deploy", "STSG107", "STSG900", ".github/workflows/broken.yml"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("%q is not in the output", want)
				}
			}
		})
	}
}

// TestLintWorkflowsBadInput: an unreadable directory and a single broken
// workflow are exit 2 naming the place.
func TestLintWorkflowsBadInput(t *testing.T) {
	plan, err := filepath.Abs(filepath.Join("testdata", "lint", "workflows", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "only.yml"), []byte("on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing directory", []string{"--workflows", filepath.Join(broken, "nope")}, "--workflows " + filepath.Join(broken, "nope") + ": no such directory"},
		{"not a directory", []string{"--workflows", plan}, "not a directory"},
		{"only workflow broken", []string{"--workflows", broken}, filepath.Join(broken, "only.yml") + ":5:5: the workflow does not parse"},
		{"--github-repo alone", []string{"--github-repo", "octo-org/app"}, "give --workflows DIR too"},
		{"bad --github-repo", []string{"--workflows", broken, "--github-repo", "octo-org"}, "--github-repo: \"octo-org\" is not OWNER/REPO"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runLintCLI(append(tc.args, plan)...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout should be empty: %s", stdout)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q does not contain %q", stderr, tc.want)
			}
		})
	}
}

// checkGoldenAt compares output with a golden file, rewriting it with
// -update.
func checkGoldenAt(t *testing.T, path, got string) {
	t.Helper()
	if lintUpdating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run TestLintWorkflows -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output (run go test ./internal/cli -run TestLintWorkflows -update to accept):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// TestLintEmptySourceDirectories: a --workflows or --manifests directory
// that holds no file to read is said on standard error (a typo'd path
// would otherwise check nothing and pass), and the run goes on.
func TestLintEmptySourceDirectories(t *testing.T) {
	plan, err := filepath.Abs(filepath.Join("testdata", "lint", "workflows", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	emptyConfig := filepath.Join("testdata", "lint", "empty-config.json")
	for _, tc := range []struct {
		flag, want string
	}{
		{"--workflows", "lint: note: --workflows " + empty + ": no workflow file"},
		{"--manifests", "lint: note: --manifests " + empty + ": no .yaml or .yml file"},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			stdout, stderr, code := runLintCLI("--config", emptyConfig, tc.flag, empty, plan)
			if code == 2 || stdout == "" {
				t.Errorf("exit %d, stdout %q: the run should go on", code, stdout)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q does not contain %q", stderr, tc.want)
			}
		})
	}
}
