package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestIsSubcommand checks which argument lists go to the CLI and which serve
// the provider (Terraform starts providers with no arguments).
func TestIsSubcommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want bool
	}{
		{name: "no arguments serves the provider", args: nil, want: false},
		{name: "-debug serves the provider", args: []string{"-debug"}, want: false},
		{name: "--debug serves the provider", args: []string{"--debug"}, want: false},
		{name: "-debug=true serves the provider", args: []string{"-debug=true"}, want: false},
		{name: "explain is a subcommand", args: []string{"explain", "--policy", "p.json"}, want: true},
		{name: "lint is a subcommand", args: []string{"lint", "plan.json"}, want: true},
		{name: "version is a subcommand", args: []string{"version"}, want: true},
		{name: "-version goes to the CLI", args: []string{"-version"}, want: true},
		{name: "a word named debug is a subcommand", args: []string{"debug"}, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := isSubcommand(tc.args); got != tc.want {
				t.Errorf("isSubcommand(%q) = %v, want %v", tc.args, got, tc.want)
			}
		})
	}
}

// TestMain runs main itself when STSGUARD_TEST_RUN_MAIN is set, so that
// tests can start this test binary as the real command.
func TestMain(m *testing.M) {
	if os.Getenv("STSGUARD_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// runMain starts the command with args and the environment env (on top of
// the test's, without Terraform's plugin cookie).
func runMain(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, pluginCookieVariable+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, append([]string{"STSGUARD_TEST_RUN_MAIN=1"}, env...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// TestBareBinary: run by hand with no arguments, the binary points at help
// before go-plugin's own message, and exits 1 (go-plugin's code).
func TestBareBinary(t *testing.T) {
	stdout, stderr, code := runMain(t, nil)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if stdout != "" {
		t.Errorf("stdout %q, want nothing", stdout)
	}
	hint := strings.Index(stderr, "terraform-provider-stsguard help")
	plugin := strings.Index(stderr, "This binary is a plugin")
	if hint < 0 || plugin < 0 || hint > plugin {
		t.Errorf("stderr should point at help, then give go-plugin's message:\n%s", stderr)
	}
}

// TestBareBinaryWithCookie: with Terraform's cookie set (to a wrong value
// here, so that nothing is served) no hint is printed: Terraform started it.
func TestBareBinaryWithCookie(t *testing.T) {
	_, stderr, code := runMain(t, []string{pluginCookieVariable + "=not-terraforms-value"})
	if code != 1 || !strings.Contains(stderr, "This binary is a plugin") {
		t.Fatalf("exit %d, stderr %q; want go-plugin's refusal", code, stderr)
	}
	if strings.Contains(stderr, "help") {
		t.Errorf("no hint when launched by Terraform, got:\n%s", stderr)
	}
}

// TestVersionIsTheSameEverywhere: `version`, lint's SARIF
// tool.driver.version and lint's JSON tool.version print the version
// linked in as a release build does (a source build used to report
// "(devel)" in SARIF).
func TestVersionIsTheSameEverywhere(t *testing.T) {
	const want = "9.8.7-test"
	bin := filepath.Join(t.TempDir(), "terraform-provider-stsguard")
	if out, err := exec.Command("go", "build", "-ldflags", "-X main.version="+want, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("version: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != "terraform-provider-stsguard "+want {
		t.Errorf("version printed %q", got)
	}
	lint := exec.Command(bin, "lint", "--format", "sarif", "--config", filepath.Join("internal", "cli", "testdata", "lint", "empty-config.json"), filepath.Join("testdata", "plans", "helm-values-fix.json"))
	sarif, err := lint.Output()
	if err != nil {
		t.Fatalf("lint: %v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string `json:"version"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif, &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("SARIF: %v\n%s", err, sarif)
	}
	if got := log.Runs[0].Tool.Driver.Version; got != want {
		t.Errorf("SARIF tool.driver.version %q, want %q (what version prints)", got, want)
	}
	js, err := exec.Command(bin, "lint", "--format", "json", "--config", filepath.Join("internal", "cli", "testdata", "lint", "empty-config.json"), filepath.Join("testdata", "plans", "helm-values-fix.json")).Output()
	if err != nil {
		t.Fatalf("lint --format json: %v", err)
	}
	var rep struct {
		Tool struct {
			Name, Version string
		} `json:"tool"`
	}
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatalf("JSON: %v\n%s", err, js)
	}
	if rep.Tool.Name != "stsguard" || rep.Tool.Version != want {
		t.Errorf("JSON tool %+v, want stsguard %q (what version prints)", rep.Tool, want)
	}
}
