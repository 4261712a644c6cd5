//go:build unix

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestExplainFilesAreRegular: --policy, --request and --token name regular
// files of bounded size; a symbolic link out of the file's directory (to
// /dev/zero), a FIFO (which would block a plain open) and a device are
// refused with exit 2, naming the file and what to do.
func TestExplainFilesAreRegular(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.json")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		file string
		want string
	}{
		{"policy linked to /dev/zero", []string{"--policy", zero, "--request", goodRequest}, zero, "it is a symbolic link that leads out of"},
		{"request is a FIFO", []string{"--policy", goodPolicy, "--request", fifo}, fifo, "it is a FIFO (named pipe), not a regular file"},
		{"token is a FIFO", []string{"--policy", goodPolicy, "--token", fifo}, fifo, "it is a FIFO (named pipe), not a regular file"},
		{"jwks is a device", []string{"--policy", goodPolicy, "--token", goodRequest, "--jwks", "/dev/null"}, "/dev/null", "it is a device, not a regular file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runExplain(t, tc.args...)
			if code != 2 || !strings.Contains(stderr, "cannot read "+tc.file+": "+tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, "cannot read "+tc.file+": "+tc.want)
			}
		})
	}
}

// TestLintConfigIsStrict: lint refuses a suppression file that is a link
// to /dev/zero, and one spelling "Accept", with exit 2 naming the file.
func TestLintConfigIsStrict(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "cfg.json")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	variant := filepath.Join(dir, "variant.json")
	if err := os.WriteFile(variant, []byte(`{"Accept":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(plan, []byte(`{"format_version":"1.2","planned_values":{"root_module":{}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for cfg, want := range map[string]string{
		zero:    "cannot read " + zero + ": it is a symbolic link that leads out of",
		variant: variant + `:1:2: member "Accept" must be spelt "accept"`,
	} {
		_, stderr, code := runLintCLI(plan, "--config", cfg)
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("--config %s: exit %d, stderr %q; want 2 and %q", cfg, code, stderr, want)
		}
	}
}
