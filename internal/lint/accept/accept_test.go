package accept_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/accept"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/report"
)

func writeConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stsguard.json")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func sampleReport() *lint.Report {
	return &lint.Report{Findings: []lint.Finding{
		{Rule: lint.RuleRefused, Severity: lint.SeverityError, Role: "aws_iam_role.a", Caller: "kubernetes_service_account_v1.x", Address: "kubernetes_service_account_v1.x", Message: "refused"},
		{Rule: lint.RuleRefused, Severity: lint.SeverityError, Role: "aws_iam_role.a", Caller: "kubernetes_service_account_v1.y", Address: "kubernetes_service_account_v1.y", Message: "refused"},
		{Rule: lint.RuleOverBroad, Severity: lint.SeverityWarning, Role: "aws_iam_role.b", Address: "aws_iam_role.b", Message: "broad"},
	}}
}

func TestAcceptMarksFindings(t *testing.T) {
	tests := []struct {
		name     string
		config   string
		accepted []bool
		unused   int
		failed   bool
	}{
		{"role-wide", `{"accept":[{"rule":"STSG101","role":"aws_iam_role.a","reason":"migrating"}]}`, []bool{true, true, false}, 0, false},
		{"one caller", `{"accept":[{"rule":"STSG101","role":"aws_iam_role.a","caller":"kubernetes_service_account_v1.x","reason":"migrating"}]}`, []bool{true, false, false}, 0, true},
		{"other rule", `{"accept":[{"rule":"STSG102","role":"aws_iam_role.a","reason":"r"}]}`, []bool{false, false, false}, 1, true},
		{"warning", `{"accept":[{"rule":"STSG201","role":"aws_iam_role.b","reason":"wide on purpose"}]}`, []bool{false, false, true}, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := accept.Load(writeConfig(t, tc.config))
			if err != nil {
				t.Fatal(err)
			}
			rep := sampleReport()
			unused := cfg.Apply(rep)
			for i, f := range rep.Findings {
				if f.Accepted != tc.accepted[i] {
					t.Errorf("finding %d accepted = %v, want %v", i, f.Accepted, tc.accepted[i])
				}
				if f.Accepted && f.Reason == "" {
					t.Errorf("finding %d accepted without its reason", i)
				}
			}
			if len(unused) != tc.unused {
				t.Errorf("%d unused acceptances, want %d", len(unused), tc.unused)
			}
			if got := lint.Summarize(rep, lint.FailOnError).Failed; got != tc.failed {
				t.Errorf("failed = %v, want %v", got, tc.failed)
			}
		})
	}
}

// TestAcceptedStillShown: accepted findings appear in every format, marked
// with their reason.
func TestAcceptedStillShown(t *testing.T) {
	cfg, err := accept.Load(writeConfig(t, `{"accept":[{"rule":"STSG201","role":"aws_iam_role.b","reason":"wide on purpose"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rep := sampleReport()
	cfg.Apply(rep)
	sum := lint.Summarize(rep, lint.FailOnWarning)
	var text, js bytes.Buffer
	if err := report.WriteText(&text, rep, sum); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteJSON(&js, rep, sum); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "[accepted]") || !strings.Contains(text.String(), "accepted: wide on purpose") || !strings.Contains(text.String(), "1 accepted") {
		t.Errorf("text output:\n%s", text.String())
	}
	if !strings.Contains(js.String(), `"accepted": true`) || !strings.Contains(js.String(), `"reason": "wide on purpose"`) {
		t.Errorf("json output:\n%s", js.String())
	}
	if sum.Warnings != 0 || sum.Accepted != 1 || !sum.Failed {
		t.Errorf("summary %+v: accepted findings do not count, the errors still fail", sum)
	}
}

func TestConfigRefused(t *testing.T) {
	tests := map[string]string{
		`{"accept":[{"rule":"STSG101","role":"aws_iam_role.a"}]}`:                           "reason",
		`{"accept":[{"rule":"STSG101","role":"aws_iam_role.a","reason":"  "}]}`:             "reason",
		`{"accept":[{"rule":"STSG999","role":"aws_iam_role.a","reason":"x"}]}`:              "unknown rule",
		`{"accept":[{"role":"aws_iam_role.a","reason":"x"}]}`:                               `"rule" is required`,
		`{"accept":[{"rule":"STSG101","reason":"x"}]}`:                                      `"role" is required`,
		`{"accept":[{"rule":"STSG101","role":"aws_iam_role.a","reason":"x","extra":true}]}`: `:1:67: unknown member "extra"`,
		`not json`: "not a valid stsguard configuration",
	}
	for content, want := range tests {
		t.Run(want, func(t *testing.T) {
			path := writeConfig(t, content)
			_, err := accept.Load(path)
			var ce *accept.Error
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
				t.Errorf("accept.Load(%s) = %v, want a accept.Error naming the file and saying %q", content, err, want)
			}
		})
	}
}

// TestConfigDefaultFile: without --config, .stsguard.json in the working
// directory is read when present and its absence is no error.
func TestConfigDefaultFile(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := accept.Load("")
	if err != nil || cfg != nil {
		t.Fatalf("no file: got %v, %v", cfg, err)
	}
	if err := os.WriteFile(accept.DefaultFile, []byte(`{"accept":[{"rule":"STSG201","role":"aws_iam_role.b","reason":"ok"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err = accept.Load("")
	if err != nil || cfg == nil || len(cfg.Accept) != 1 || cfg.Source != accept.DefaultFile {
		t.Fatalf("got %+v, %v", cfg, err)
	}
	if _, err := accept.Load("missing.json"); err == nil {
		t.Error("an explicit --config that does not exist is an error")
	}
}

func TestSummaryLine(t *testing.T) {
	s := lint.Summarize(sampleReport(), lint.FailOnNever)
	if s.Failed || s.Errors != 2 || s.Warnings != 1 {
		t.Errorf("%+v", s)
	}
	if got := s.Line(); !strings.HasPrefix(got, "pass: 2 errors, 1 warning, 0 info, 0 accepted") {
		t.Errorf("line %q", got)
	}
}

// TestConfigStrict: what encoding/json would accept silently is refused
// with file:line:column, so a pull request cannot hide a finding behind a
// spelling the reader ignores or reads differently.
func TestConfigStrict(t *testing.T) {
	const entry = `{"rule":"STSG201","role":"aws_iam_role.b","reason":"ok"}`
	tests := []struct {
		name, content, want string
	}{
		{"case variant at the top", `{"Accept":[` + entry + `]}`, `:1:2: member "Accept" must be spelt "accept"`},
		{"case variant in an entry", `{"accept":[{"rule":"STSG201","Role":"aws_iam_role.b","reason":"ok"}]}`, `:1:30: member "Role" must be spelt "role"`},
		{"duplicate accept", "{\n  \"accept\": [],\n  \"accept\": [" + entry + "]\n}", `:3:3: member "accept" appears twice`},
		{"duplicate role in an entry", `{"accept":[{"rule":"STSG201","role":"aws_iam_role.a","role":"aws_iam_role.b","reason":"ok"}]}`, `:1:54: member "role" appears twice`},
		{"unknown top-level member", `{"accept":[],"ignore":["STSG201"]}`, `:1:14: unknown member "ignore"; allowed here: accept`},
		{"trailing object", `{"accept":[]}` + "\n" + `{"accept":[` + entry + `]}`, `:2:1: data after the configuration object`},
		{"trailing garbage", `{"accept":[]} x`, `:1:15:`},
		{"not an object", `[` + entry + `]`, `:1:1: the configuration must be a JSON object`},
		{"truncated", `{"accept":[`, `:1:12: not a valid stsguard configuration: the JSON ends early`},
		{"wrong type with position", `{"accept":[{"rule":7,"role":"aws_iam_role.b","reason":"ok"}]}`, `:1:20: member "rule" must be a string`},
		{"accept not a list", `{"accept":{"rule":"STSG201"}}`, `:1:11: "accept" must be a list`},
		{"entry not an object", `{"accept":["STSG201"]}`, `:1:12: each entry of "accept" must be an object`},
		{"syntax error", "{\"accept\": [\n  {\"rule\" \"STSG201\"}]}", `:2:11: not a valid stsguard configuration: invalid character`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.content)
			_, err := accept.Load(path)
			var ce *accept.Error
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), path+tc.want) {
				t.Errorf("accept.Load = %v, want an accept.Error containing %q", err, path+tc.want)
			}
		})
	}
	// The strict reading accepts what the documentation shows.
	path := writeConfig(t, "{\n  \"accept\": [\n    {\"rule\": \"STSG201\", \"role\": \"aws_iam_role.b\", \"caller\": \"x\", \"reason\": \"ok\"},\n    "+entry+"\n  ]\n}\n")
	if cfg, err := accept.Load(path); err != nil || len(cfg.Accept) != 2 {
		t.Errorf("a valid configuration was refused: %v", err)
	}
}

// TestConfigFileKinds: the configuration is a regular file of bounded
// size; a symbolic link out of the directory (to /dev/zero), a FIFO or an
// oversized file is refused naming the file, whether given with --config
// or found as .stsguard.json in the working directory.
func TestConfigFileKinds(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Symlink("/dev/zero", accept.DefaultFile); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, err := accept.Load(""); err == nil || !strings.Contains(err.Error(), "cannot read "+accept.DefaultFile+": it is a symbolic link that leads out of") {
		t.Errorf("default file linked to /dev/zero: %v", err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, []byte(`{"accept":[]}`+strings.Repeat(" ", accept.MaxConfigBytes)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := accept.Load(big); err == nil || !strings.Contains(err.Error(), "cannot read "+big+": it is") || !strings.Contains(err.Error(), "larger than the limit of 1 MiB") {
		t.Errorf("oversized --config: %v", err)
	}
	if _, err := accept.Load(dir); err == nil || !strings.Contains(err.Error(), "it is a directory") {
		t.Errorf("--config a directory: %v", err)
	}
}
