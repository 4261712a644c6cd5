// Package action_test runs the steps of the repository's GitHub Action
// (action.yml, scripts under action/) with a locally built binary and the
// bundled plans of testdata/plans: no runner, no network. runner_test.go
// is the small composite-action runner; this file holds the cases.
package action_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// stsguardBin is the binary built once for every case.
var stsguardBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "stsguard-action-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	stsguardBin = filepath.Join(dir, "terraform-provider-stsguard")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=9.9.9", "-o", stsguardBin, ".")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func runnerArch() string {
	if runtime.GOARCH == "arm64" {
		return "ARM64"
	}
	return "X64"
}

// workspace is a checkout with the bundled plans: broken.json has an error
// finding (STSG102), clean.json none.
func workspace(t *testing.T) string {
	t.Helper()
	ws := t.TempDir()
	for name, plan := range map[string]string{"broken.json": "eks-sa-renamed-break.json", "clean.json": "helm-values-fix.json"} {
		data, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "plans", plan))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ws, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ws
}

// sarifRuns decodes a SARIF file: its runs' automation IDs, rule IDs and
// the driver version.
func sarifRuns(t *testing.T, path string) (ids, rules []string, version string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("SARIF: %v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string `json:"version"`
				} `json:"driver"`
			} `json:"tool"`
			AutomationDetails struct {
				ID string `json:"id"`
			} `json:"automationDetails"`
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("%s is not SARIF JSON: %v", path, err)
	}
	for _, r := range log.Runs {
		ids = append(ids, r.AutomationDetails.ID)
		version = r.Tool.Driver.Version
		for _, res := range r.Results {
			rules = append(rules, res.RuleID)
		}
	}
	return ids, rules, version
}

// TestActionShape: a composite action with the inputs the README documents.
func TestActionShape(t *testing.T) {
	a := loadAction(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	for _, name := range []string{"plan", "workflows", "manifests", "cluster", "fail-on", "version", "binary", "release-url", "upload-sarif", "tf-dir", "config"} {
		if _, ok := a.Inputs[name]; !ok {
			t.Errorf("input %q is missing", name)
		} else if a.Inputs[name].Description == "" {
			t.Errorf("input %q has no description", name)
		}
	}
	if !a.Inputs["plan"].Required {
		t.Error("input plan must be required")
	}
}

// TestActionLint: the steps with a local binary, one plan at a time.
func TestActionLint(t *testing.T) {
	tests := []struct {
		name     string
		inputs   map[string]string
		code     int      // the action's exit code
		log      []string // in the log
		summary  []string // in the step summary
		rules    []string // SARIF results
		uploaded bool
	}{
		{
			name:     "errors fail the job after the upload",
			inputs:   map[string]string{"plan": "broken.json"},
			code:     1,
			log:      []string{"STSG102 error", "FAIL: 1 error", "findings at or above --fail-on error"},
			summary:  []string{"### stsguard lint: ❌ FAIL (1 error, 0 warnings, 0 info, 0 accepted)", "`broken.json`: 1 role, 1 caller, 1 pair checked (`--fail-on error`)", "```mermaid\ngraph LR", "c0 -.->|STSG102| r0", "| STSG102 | error | `aws_iam_role.api` |"},
			rules:    []string{"STSG102"},
			uploaded: true,
		},
		{
			name:     "fail-on never reports only",
			inputs:   map[string]string{"plan": "broken.json", "fail-on": "never"},
			code:     0,
			log:      []string{"STSG102 error", "no finding at or above --fail-on never"},
			summary:  []string{"### stsguard lint: ✅ pass (1 error,", "`broken.json`: 1 role, 1 caller, 1 pair checked (`--fail-on never`)", "| STSG102 | error |"},
			rules:    []string{"STSG102"},
			uploaded: true,
		},
		{
			name:     "a clean plan passes",
			inputs:   map[string]string{"plan": "clean.json\n"},
			code:     0,
			log:      []string{"pass: 0 errors"},
			summary:  []string{"### stsguard lint: ✅ pass (0 errors, 0 warnings, 0 info, 0 accepted)", "`clean.json`: 2 roles", "No findings to fix."},
			uploaded: true,
		},
		{
			name:    "upload off",
			inputs:  map[string]string{"plan": "broken.json", "upload-sarif": "false"},
			code:    1,
			summary: []string{"❌ FAIL"},
			rules:   []string{"STSG102"},
		},
		{
			name:    "a missing plan is bad input",
			inputs:  map[string]string{"plan": "no-such-plan.json"},
			code:    2,
			log:     []string{"lint: no-such-plan.json: cannot open the plan", "::error title=stsguard lint::no-such-plan.json could not be checked (exit 2)"},
			summary: []string{"### stsguard lint: `no-such-plan.json` could not be checked (exit 2: bad input, see the log)"},
		},
		{
			name:   "no plan",
			inputs: map[string]string{"plan": "  \n"},
			code:   2,
			log:    []string{"set the input 'plan'"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inputs := map[string]string{"binary": stsguardBin}
			for k, v := range tc.inputs {
				inputs[k] = v
			}
			r := runAction(t, workspace(t), inputs, nil)
			if r.code != tc.code {
				t.Errorf("exit %d (step %q), want %d; log:\n%s", r.code, r.failed, tc.code, r.log)
			}
			if tc.code != 0 && r.failed != "Result" {
				t.Errorf("step %q failed; only the last step (Result) may fail the job, after the upload", r.failed)
			}
			for _, w := range tc.log {
				if !strings.Contains(r.log, w) {
					t.Errorf("log lacks %q:\n%s", w, r.log)
				}
			}
			for _, w := range tc.summary {
				if !strings.Contains(r.summary, w) {
					t.Errorf("summary lacks %q:\n%s", w, r.summary)
				}
			}
			if len(r.used) != 1 || !strings.HasPrefix(r.used[0].uses, "github/codeql-action/upload-sarif@") {
				t.Fatalf("want one upload-sarif step, got %+v", r.used)
			}
			up := r.used[0]
			if up.ran != tc.uploaded {
				t.Errorf("upload ran = %v, want %v", up.ran, tc.uploaded)
			}
			sarif := r.outputs["lint"]["sarif"]
			if r.action["sarif"] != sarif || r.action["exit-code"] != fmt.Sprint(tc.code) {
				t.Errorf("action outputs %v, want sarif %q and exit-code %d", r.action, sarif, tc.code)
			}
			if tc.code == 2 {
				return
			}
			if up.ran && (up.with["sarif_file"] != sarif || up.with["category"] != "stsguard") {
				t.Errorf("upload with %v, want sarif_file %q, category stsguard", up.with, sarif)
			}
			_, rules, version := sarifRuns(t, sarif)
			if strings.Join(rules, ",") != strings.Join(tc.rules, ",") {
				t.Errorf("SARIF results %v, want %v", rules, tc.rules)
			}
			if version != "9.9.9" {
				t.Errorf("SARIF driver version %q, want the binary's 9.9.9", version)
			}
		})
	}
}

// multiplan holds two stacks that only break together (internal/cli's
// fixture): iam.json (the role, root module iam/) and eks-break.json (a
// service account whose namespace has a typo, root module eks/), or
// eks-fix.json.
var multiplan = filepath.Join(repoRoot, "internal", "cli", "testdata", "lint", "multiplan")

// stacksWorkspace is a checkout with the two stacks and their root
// modules.
func stacksWorkspace(t *testing.T) string {
	t.Helper()
	ws := workspace(t)
	if err := os.CopyFS(ws, os.DirFS(multiplan)); err != nil {
		t.Fatal(err)
	}
	return ws
}

// TestActionSeveralPlans: every plan goes to one lint run, so stacks that
// only break together fail the job; one SARIF run and one summary cover
// them, and tf-dir gives each plan's root module.
func TestActionSeveralPlans(t *testing.T) {
	tests := []struct {
		name     string
		inputs   map[string]string
		code     int
		log      []string
		summary  []string
		rules    []string
		uploaded bool
	}{
		{
			name:     "stacks that break together",
			inputs:   map[string]string{"plan": "iam.json\neks-break.json\n", "tf-dir": "iam\neks"},
			code:     1,
			log:      []string{"stsguard lint iam.json eks-break.json", "STSG101 error", "eks-break.json: kubernetes_service_account.api"},
			summary:  []string{"### stsguard lint: ❌ FAIL (1 error,", "in 2 plans"},
			rules:    []string{"STSG101"},
			uploaded: true,
		},
		{
			name:     "stacks fixed together",
			inputs:   map[string]string{"plan": "iam.json\neks-fix.json"},
			code:     0,
			summary:  []string{"### stsguard lint: ✅ pass (0 errors,", "in 2 plans"},
			uploaded: true,
		},
		{
			name:     "plans of their own, worst finding wins",
			inputs:   map[string]string{"plan": "clean.json\nbroken.json"},
			code:     1,
			summary:  []string{"❌ FAIL (1 error,", "broken.json: aws_iam_role.api"},
			rules:    []string{"STSG102"},
			uploaded: true,
		},
		{
			name:    "a tf-dir count that fits neither is bad input",
			inputs:  map[string]string{"plan": "iam.json\neks-break.json\nclean.json", "tf-dir": "iam\neks"},
			code:    2,
			log:     []string{"--tf-dir is given 2 times for 3 plans", "::error title=stsguard lint::iam.json eks-break.json clean.json could not be checked (exit 2)"},
			summary: []string{"### stsguard lint: `iam.json`, `eks-break.json`, `clean.json` could not be checked (exit 2: bad input, see the log)"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inputs := map[string]string{"binary": stsguardBin}
			for k, v := range tc.inputs {
				inputs[k] = v
			}
			r := runAction(t, stacksWorkspace(t), inputs, nil)
			if r.code != tc.code {
				t.Errorf("exit %d (step %q), want %d; log:\n%s", r.code, r.failed, tc.code, r.log)
			}
			if n := strings.Count(r.log, "\nstsguard lint "); n != 1 {
				t.Errorf("lint ran %d times, want once for all the plans; log:\n%s", n, r.log)
			}
			for _, w := range tc.log {
				if !strings.Contains(r.log, w) {
					t.Errorf("log lacks %q:\n%s", w, r.log)
				}
			}
			for _, w := range tc.summary {
				if !strings.Contains(r.summary, w) {
					t.Errorf("summary lacks %q:\n%s", w, r.summary)
				}
			}
			if n := strings.Count(r.summary, "### stsguard lint"); n != 1 {
				t.Errorf("%d summaries, want one for all the plans:\n%s", n, r.summary)
			}
			up := r.used[0]
			sarif := r.outputs["lint"]["sarif"]
			if up.ran != tc.uploaded || r.action["exit-code"] != fmt.Sprint(tc.code) {
				t.Errorf("upload ran %v, exit-code %q; want %v, %d", up.ran, r.action["exit-code"], tc.uploaded, tc.code)
			}
			if tc.code == 2 {
				if sarif != "" {
					t.Errorf("sarif %q on bad input, want none", sarif)
				}
				return
			}
			if up.with["sarif_file"] != sarif || up.with["category"] != "stsguard" || filepath.Ext(sarif) != ".sarif" {
				t.Errorf("upload with %v, want the SARIF file %q, category stsguard", up.with, sarif)
			}
			ids, rules, _ := sarifRuns(t, sarif)
			if len(ids) != 1 {
				t.Errorf("%d SARIF runs, want one for all the plans", len(ids))
			}
			if strings.Join(rules, ",") != strings.Join(tc.rules, ",") {
				t.Errorf("SARIF results %v, want %v", rules, tc.rules)
			}
			if tc.inputs["tf-dir"] != "" && len(rules) > 0 {
				data, _ := os.ReadFile(sarif)
				if !strings.Contains(string(data), `"uri": "eks/main.tf"`) {
					t.Errorf("SARIF does not place the caller in its plan's root module eks/main.tf:\n%s", data)
				}
			}
		})
	}
}

// TestActionPassesFlagsThrough: workflows, manifests, tf-dir and config
// reach lint only when set (a stand-in binary records its arguments).
func TestActionPassesFlagsThrough(t *testing.T) {
	dir := t.TempDir()
	record := filepath.Join(dir, "args")
	fake := filepath.Join(dir, "stsguard")
	script := "#!/usr/bin/env bash\nif [[ $1 == version ]]; then echo fake; exit 0; fi\nprintf '%s\\n' \"$@\" > " + record + "\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		inputs  map[string]string
		want    string
		notWant []string
	}{
		{"defaults", nil, "lint\nbroken.json\n--format\ntext\n--output\nsarif=", []string{"--workflows", "--manifests", "--cluster", "--config"}},
		{"all set", map[string]string{"workflows": ".github/workflows", "manifests": "k8s", "fail-on": "warning", "tf-dir": "infra", "config": "ci/.stsguard.json"},
			"--fail-on\nwarning\n--workflows\n.github/workflows\n--manifests\nk8s\n--tf-dir\ninfra\n--config\nci/.stsguard.json\n", nil},
		{"manifests one per line, and cluster", map[string]string{"manifests": "k8s\n  charts/payments \n", "cluster": "prod"},
			"--manifests\nk8s\n--manifests\ncharts/payments\n--cluster\nprod\n", nil},
		{"several plans in one run, tf-dir one per line", map[string]string{"plan": "iam.json\n eks.json\n", "tf-dir": "iam\n\neks \n"},
			"lint\niam.json\neks.json\n--format\ntext\n", nil},
		{"several plans in one run, tf-dir one per line (the flags)", map[string]string{"plan": "iam.json\neks.json", "tf-dir": "iam\neks"},
			"--tf-dir\niam\n--tf-dir\neks\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inputs := map[string]string{"binary": fake, "plan": "broken.json"}
			for k, v := range tc.inputs {
				inputs[k] = v
			}
			r := runAction(t, workspace(t), inputs, nil)
			if r.code != 0 {
				t.Fatalf("exit %d; log:\n%s", r.code, r.log)
			}
			got, err := os.ReadFile(record)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(got), tc.want) {
				t.Errorf("lint got\n%s\nwant it to contain\n%s", got, tc.want)
			}
			for _, w := range tc.notWant {
				if strings.Contains(string(got), w) {
					t.Errorf("lint got %s although its input is not set", w)
				}
			}
		})
	}
}
