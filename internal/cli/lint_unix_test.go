//go:build unix

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLintTFDirRefusesSpecialFiles: the .tf files read for SARIF
// locations come from the untrusted checkout. A symbolic link to
// /dev/urandom and a FIFO named *.tf are skipped with a note (before, the
// FIFO blocked lint for ever and the link read without end); the other
// resources are still located.
func TestLintTFDirRefusesSpecialFiles(t *testing.T) {
	scenario := filepath.Join(lintPlansDir, "scenarios", "eks-sa-renamed-break", "after")
	plan := filepath.Join(lintPlansDir, "eks-sa-renamed-break.json")
	want, _, _ := runLintCLI("--format", "sarif", "--tf-dir", scenario, plan)

	dir := t.TempDir()
	main, err := os.ReadFile(filepath.Join(scenario, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), main, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/urandom", filepath.Join(dir, "evil.tf")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.tf"), 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	got, stderr, code := runLintCLI("--format", "sarif", "--tf-dir", dir, plan)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (findings); stderr: %s", code, stderr)
	}
	for _, name := range []string{"evil.tf", "pipe.tf"} {
		if !strings.Contains(stderr, name) || !strings.Contains(stderr, "no .tf location") {
			t.Errorf("stderr does not note the skipped %s: %s", name, stderr)
		}
	}
	// The same locations as from the scenario's own directory.
	if strings.Count(want, `"startLine": 1,`) == strings.Count(want, `"startLine"`) {
		t.Fatalf("the reference run located nothing: %s", want)
	}
	if strings.ReplaceAll(got, filepath.ToSlash(dir)+"/main.tf", filepath.ToSlash(scenario)+"/main.tf") != want {
		t.Errorf("locations differ from the reference run:\n%s\nwant\n%s", got, want)
	}
}

// TestLintManifestsSpecialFiles: --manifests reads a checkout. A FIFO and
// a symbolic link to /dev/zero named *.yaml are not read (lint neither
// blocks nor reads without end), and a broken file's name is escaped in
// the message.
func TestLintManifestsSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
		t.Fatal(err)
	}
	sa, err := os.ReadFile(filepath.Join(manifestsDir, "sa", "api.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "api.yaml"), sa, 0o600); err != nil {
		t.Fatal(err)
	}
	plan := filepath.Join(lintPlansDir, "manifests-two-clusters.json")
	stdout, stderr, code := runLintCLI("--format", "json", "--manifests", dir, "--cluster", "staging", plan)
	if code != 0 || !strings.Contains(stdout, `"caller": "`+dir+`/api.yaml ServiceAccount payments/api"`) {
		t.Errorf("exit %d, stderr %q; want exit 0 with the api.yaml pair; stdout:\n%s", code, stderr, stdout)
	}

	if err := os.WriteFile(filepath.Join(dir, "\x1b[2Jbad.yaml"), []byte("a: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runLintCLI("--manifests", dir, plan)
	if code != 2 || strings.Contains(stderr, "\x1b") || !strings.Contains(stderr, `\x1b[2Jbad.yaml:`) {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the file with its escape shown, not sent", code, stderr)
	}
}
