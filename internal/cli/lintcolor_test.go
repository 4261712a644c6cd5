package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUseColor: --color always and never decide; auto colours a terminal
// only, and not with NO_COLOR set (to anything but "") or TERM=dumb.
func TestUseColor(t *testing.T) {
	for _, tc := range []struct {
		mode     string
		terminal bool
		env      map[string]string
		want     bool
	}{
		{"auto", true, nil, true},
		{"auto", false, nil, false},
		{"auto", true, map[string]string{"NO_COLOR": "1"}, false},
		{"auto", true, map[string]string{"NO_COLOR": ""}, true},
		{"auto", true, map[string]string{"TERM": "dumb"}, false},
		{"always", false, map[string]string{"NO_COLOR": "1"}, true},
		{"never", true, nil, false},
	} {
		got, err := useColor(tc.mode, tc.terminal, func(k string) string { return tc.env[k] })
		if err != nil || got != tc.want {
			t.Errorf("useColor(%q, terminal %v, %v) = %v, %v; want %v", tc.mode, tc.terminal, tc.env, got, err, tc.want)
		}
	}
	if _, err := useColor("yes", true, os.Getenv); err == nil || !strings.Contains(err.Error(), `--color "yes" is not one of auto, always, never`) {
		t.Errorf("a bad --color: %v", err)
	}
}

// TestLintColor: the text report has no escape byte when standard output
// is not a terminal (with or without NO_COLOR), colours with --color
// always, and never colours an --output file; a bad --color exits 2.
func TestLintColor(t *testing.T) {
	plan := filepath.Join("..", "..", "testdata", "plans", "eks-sa-renamed-break.json")
	cfg := filepath.Join("testdata", "lint", "empty-config.json")
	file := filepath.Join(t.TempDir(), "r.txt")
	defer func(old func(string) string) { lintEnv = old }(lintEnv)
	for _, tc := range []struct {
		name    string
		noColor string
		args    []string
		esc     bool
		code    int
	}{
		{"not a terminal", "", nil, false, 1},
		{"not a terminal, NO_COLOR", "1", nil, false, 1},
		{"auto", "", []string{"--color", "auto"}, false, 1},
		{"always", "", []string{"--color", "always", "--output", "text=" + file}, true, 1},
		{"always beats NO_COLOR", "1", []string{"--color", "always"}, true, 1},
		{"never", "", []string{"--color", "never"}, false, 1},
		{"bad value", "", []string{"--color", "sometimes"}, false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lintEnv = func(k string) string {
				if k == "NO_COLOR" {
					return tc.noColor
				}
				return ""
			}
			var out, errb bytes.Buffer
			code := Main(append(append([]string{"lint", "--config", cfg}, tc.args...), plan), &out, &errb, "test")
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.code, errb.String())
			}
			if got := strings.Contains(out.String(), "\x1b["); got != tc.esc {
				t.Errorf("escape bytes on stdout: %v, want %v:\n%q", got, tc.esc, out.String())
			}
			if tc.code == 2 && !strings.Contains(errb.String(), `lint: --color "sometimes" is not one of auto, always, never`) {
				t.Errorf("stderr %q", errb.String())
			}
		})
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("\x1b")) || !bytes.Contains(data, []byte("STSG102 error")) {
		t.Errorf("--output text=FILE with --color always:\n%q", data)
	}
}
