// Package precommit_test runs the pre-commit hooks of .pre-commit-hooks.yaml
// (scripts under hooks/) with a locally built binary, a stand-in terraform
// and the bundled plans and trust examples: the lint hook must leave no plan
// file behind on any path, the explain hook must fail on an unexpected
// decision.
package precommit_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

var repoRoot = filepath.Join("..", "..")

// stsguardBin is built once for every case.
var stsguardBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "stsguard-precommit-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	stsguardBin = filepath.Join(dir, "terraform-provider-stsguard")
	build := exec.Command("go", "build", "-o", stsguardBin, ".")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type hook struct {
	ID            string `yaml:"id"`
	Entry         string `yaml:"entry"`
	Language      string `yaml:"language"`
	Files         string `yaml:"files"`
	PassFilenames *bool  `yaml:"pass_filenames"`
}

func loadHooks(t *testing.T) map[string]hook {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hook
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	out := map[string]hook{}
	for _, h := range hooks {
		out[h.ID] = h
	}
	return out
}

// TestHooksFile: both hooks exist, are scripts of this repository and are
// executable.
func TestHooksFile(t *testing.T) {
	hooks := loadHooks(t)
	for _, id := range []string{"stsguard-lint", "stsguard-explain"} {
		h, ok := hooks[id]
		if !ok {
			t.Errorf("hook %s is missing", id)
			continue
		}
		if h.Language != "script" {
			t.Errorf("%s: language %q, want script", id, h.Language)
		}
		st, err := os.Stat(filepath.Join(repoRoot, h.Entry))
		if err != nil || st.Mode()&0o111 == 0 {
			t.Errorf("%s: entry %s is not an executable file (%v)", id, h.Entry, err)
		}
	}
	if h := hooks["stsguard-lint"]; h.PassFilenames == nil || *h.PassFilenames {
		t.Error("stsguard-lint plans the whole module: pass_filenames must be false")
	}
}

// runHook runs a hook's entry in dir with args and extra environment.
func runHook(t *testing.T, id, dir string, env []string, args ...string) (output string, code int) {
	t.Helper()
	entry, err := filepath.Abs(filepath.Join(repoRoot, loadHooks(t)[id].Entry))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(entry, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"STSGUARD_BIN=" + stsguardBin}, env...)...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return string(out), code
}

// fakeTerraform is a stand-in terraform: `plan -out=FILE` writes FILE (and
// records its path in $FAKE_TF_RECORD) and fails when FAKE_TF_FAIL=plan
// (with FAKE_TF_FAIL=term it first sends SIGTERM to the hook, as an
// interrupted commit does);
// `show -json FILE` prints $FAKE_TF_PLAN and fails when FAKE_TF_FAIL=show.
const fakeTerraform = `#!/usr/bin/env bash
set -euo pipefail
args=()
for a in "$@"; do case "$a" in -chdir=*) echo "$a" >> "$FAKE_TF_RECORD.chdir" ;; *) args+=("$a") ;; esac; done
case "${args[0]}" in
plan)
	for a in "${args[@]}"; do case "$a" in -out=*) out="${a#-out=}" ;; esac; done
	echo "binary plan" > "$out"
	echo "$out" >> "$FAKE_TF_RECORD"
	if [[ "${FAKE_TF_FAIL:-}" == plan ]]; then echo "Error: github_actions[0] would be refused" >&2; exit 1; fi
	if [[ "${FAKE_TF_FAIL:-}" == term ]]; then kill -TERM "$PPID"; exit 1; fi
	;;
show)
	if [[ "${FAKE_TF_FAIL:-}" == show ]]; then echo "Error: plan file is corrupt" >&2; exit 1; fi
	cat "$FAKE_TF_PLAN"
	;;
esac
`

// TestLintHookCleansUp: on every path (findings, a clean plan, a failing
// plan, a failing show, a bad lint flag, SIGTERM during the plan) the hook's exit code
// and message are right and no plan file remains, neither in the
// repository nor in the temporary directory.
func TestLintHookCleansUp(t *testing.T) {
	plans, err := filepath.Abs(filepath.Join(repoRoot, "testdata", "plans"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		fail string
		plan string
		args []string
		code int
		want string
	}{
		{"findings", "", "eks-sa-renamed-break.json", nil, 1, "STSG102 error"},
		{"clean", "", "helm-values-fix.json", nil, 0, "pass: 0 errors"},
		{"lint flags pass through", "", "eks-sa-renamed-break.json", []string{"--fail-on", "never"}, 0, "STSG102 error"},
		{"the plan fails", "plan", "", nil, 1, "stsguard-lint: terraform plan failed:\nError: github_actions[0] would be refused"},
		{"show fails", "show", "", nil, 1, "stsguard-lint: terraform show -json failed:\nError: plan file is corrupt"},
		{"bad lint flag", "", "helm-values-fix.json", []string{"--format", "xml"}, 2, `lint: --format "xml" is not one of text, json, sarif`},
		{"chdir", "", "helm-values-fix.json", []string{"--chdir=infra"}, 0, "pass: 0 errors"},
		{"interrupted during the plan", "term", "", nil, 143, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			repo, tmp, tools := t.TempDir(), t.TempDir(), t.TempDir()
			tf := filepath.Join(tools, "terraform")
			if err := os.WriteFile(tf, []byte(fakeTerraform), 0o755); err != nil {
				t.Fatal(err)
			}
			record := filepath.Join(tools, "record")
			env := []string{"STSGUARD_TERRAFORM=" + tf, "TMPDIR=" + tmp, "FAKE_TF_RECORD=" + record,
				"FAKE_TF_FAIL=" + tc.fail, "FAKE_TF_PLAN=" + filepath.Join(plans, tc.plan)}
			out, code := runHook(t, "stsguard-lint", repo, env, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d:\n%s", code, tc.code, out)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
			planned, err := os.ReadFile(record)
			if err != nil {
				t.Fatalf("terraform plan was not run: %v", err)
			}
			if p := strings.TrimSpace(string(planned)); !strings.HasPrefix(p, tmp) {
				t.Errorf("the plan was written to %s, outside the temporary directory", p)
			} else if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the plan file %s is left behind", p)
			}
			for _, dir := range []string{repo, tmp} {
				if left, _ := os.ReadDir(dir); len(left) != 0 {
					t.Errorf("%s is not empty after the hook: %v", dir, left)
				}
			}
			if tc.name == "chdir" {
				if got, _ := os.ReadFile(record + ".chdir"); !strings.Contains(string(got), "-chdir=infra") {
					t.Errorf("terraform did not get -chdir=infra: %q", got)
				}
			}
		})
	}
}

// TestExplainHook: each trust file is checked against its requests; a
// ".deny." request must be refused.
func TestExplainHook(t *testing.T) {
	read := func(path string) string {
		b, err := os.ReadFile(filepath.Join(repoRoot, path))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	trust := read("internal/cli/testdata/explain/eks-allow/policy.json")
	allowed := read("internal/cli/testdata/explain/eks-allow/request.json")
	mismatch := read("internal/cli/testdata/explain/eks-namespace-mismatch/request.json")
	mismatchTrust := read("internal/cli/testdata/explain/eks-namespace-mismatch/policy.json")
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		code  int
		want  []string
	}{
		{"allowed request", map[string]string{"eks.trust.json": trust, "eks.request.json": allowed}, []string{"eks.trust.json"}, 0,
			[]string{"eks.trust.json: eks.request.json is allowed, as expected"}},
		{"refused request", map[string]string{"app.trust.json": mismatchTrust, "app.request.json": mismatch}, []string{"app.trust.json"}, 1,
			[]string{"app.trust.json: app.request.json should be allowed, but:", "DENIED"}},
		{"deny request refused", map[string]string{"app.trust.json": mismatchTrust, "app.request.other-ns.deny.json": mismatch}, []string{"app.trust.json"}, 0,
			[]string{"app.request.other-ns.deny.json is refused, as expected"}},
		{"deny request allowed", map[string]string{"eks.trust.json": trust, "eks.request.deny.json": allowed}, []string{"eks.trust.json"}, 1,
			[]string{"eks.request.deny.json should be refused, but:", "ALLOWED"}},
		{"no request", map[string]string{"lonely.trust.json": trust}, []string{"lonely.trust.json"}, 1,
			[]string{"lonely.trust.json: no request to check it against; add lonely.request.json"}},
		{"shared request", map[string]string{"a.trust.json": trust, "req/eks.json": allowed}, []string{"--request", "req/eks.json", "a.trust.json"}, 0,
			[]string{"a.trust.json: req/eks.json is allowed, as expected"}},
		{"bad trust JSON", map[string]string{"bad.trust.json": "Version: 2012-10-17\n", "bad.request.json": allowed}, []string{"bad.trust.json"}, 1,
			[]string{"bad.request.json could not be checked (exit 2):", "looks like YAML"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tc.files {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out, code := runHook(t, "stsguard-explain", dir, nil, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d:\n%s", code, tc.code, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
