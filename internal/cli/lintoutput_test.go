package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLintOutputFiles: --output writes each format to its file in the same
// run as --format on stdout, byte for byte the golden of that format.
func TestLintOutputFiles(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join("testdata", "lint", "empty-config.json")
	plan := filepath.Join(lintPlansDir, "eks-sa-renamed-break.json")
	tests := []struct {
		name    string
		stdout  string            // format on stdout
		outputs map[string]string // file -> format
	}{
		{"text on stdout, json and sarif in files", "text", map[string]string{"r.json": "json", "r.sarif": "sarif"}},
		{"sarif on stdout, text in a file", "sarif", map[string]string{"r.txt": "text"}},
		{"the stdout format in a file too", "json", map[string]string{"copy.json": "json"}},
		{"the same format in two files", "text", map[string]string{"a.sarif": "sarif", "b.sarif": "sarif"}},
		{"the job summary and the map in files", "text", map[string]string{"summary.md": "markdown", "map.dot": "dot"}},
		{"markdown on stdout", "markdown", map[string]string{"r.txt": "text"}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sub := filepath.Join(dir, string(rune('a'+i)))
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			args := []string{"--config", cfg, "--format", tc.stdout}
			for file, format := range tc.outputs {
				args = append(args, "--output", format+"="+filepath.Join(sub, file))
			}
			stdout, stderr, code := runLintCLI(append(args, plan)...)
			if code != 1 || stderr != "" {
				t.Fatalf("exit %d, want 1 (the plan has an error); stderr: %s", code, stderr)
			}
			golden := func(format string) string {
				b, err := os.ReadFile(filepath.Join("testdata", "lint", "eks-sa-renamed-break."+format+".golden"))
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
			if stdout != golden(tc.stdout) {
				t.Errorf("stdout is not the %s report:\n%s", tc.stdout, stdout)
			}
			for file, format := range tc.outputs {
				got, err := os.ReadFile(filepath.Join(sub, file))
				if err != nil {
					t.Fatalf("--output %s=%s: %v", format, file, err)
				}
				if string(got) != golden(format) {
					t.Errorf("%s is not the %s report:\n%s", file, format, got)
				}
			}
		})
	}
}

// TestLintOutputBadValues: a bad --output exits 2 naming the flag, the
// value and (for a format or shape problem) the valid formats, and writes
// nothing on stdout.
func TestLintOutputBadValues(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(lintPlansDir, "eks-sa-renamed-break.json")
	f := filepath.Join(dir, "r.out")
	tests := []struct {
		name  string
		value []string
		want  []string
	}{
		{"unknown format", []string{"xml=" + f}, []string{`--output "xml=`, `format "xml" is not one of text, json, sarif, markdown, dot`}},
		{"no file", []string{"json"}, []string{`--output "json"`, "expected FORMAT=FILE", "formats are text, json, sarif, markdown, dot"}},
		{"empty file", []string{"json="}, []string{`--output "json="`, "expected FORMAT=FILE", "formats are text, json, sarif, markdown, dot"}},
		{"standard output", []string{"text=-"}, []string{`--output "text=-"`, "- is not a file", "--format text"}},
		{"empty format", []string{"=" + f}, []string{`format "" is not one of text, json, sarif, markdown, dot`}},
		{"one file twice", []string{"json=" + f, "sarif=" + f}, []string{`--output "sarif=`, "already the file of another --output"}},
		{"directory missing", []string{"sarif=" + filepath.Join(dir, "missing", "r.sarif")}, []string{"--output sarif=", "cannot write the report"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"--config", filepath.Join("testdata", "lint", "empty-config.json"), "--format", "json"}
			for _, v := range tc.value {
				args = append(args, "--output", v)
			}
			stdout, stderr, code := runLintCLI(append(args, plan)...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q should say %q", stderr, w)
				}
			}
			if stdout != "" {
				t.Errorf("no report on stdout after a bad --output, got %q", stdout)
			}
		})
	}
}

// TestLintConfigFlagNamed: a --config file that cannot be read is named
// with its flag.
func TestLintConfigFlagNamed(t *testing.T) {
	_, stderr, code := runLintCLI("--config", "testdata/no-such-config.json", filepath.Join(lintPlansDir, "helm-values-fix.json"))
	if code != 2 || !strings.HasPrefix(stderr, "lint: --config: cannot read testdata/no-such-config.json: no such file") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
