package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

func TestPrintable(t *testing.T) {
	for _, tc := range []struct {
		in, want     string
		keepNewlines bool
	}{
		{"plain text, é € 😀 \ufffd", "plain text, é € 😀 \ufffd", false},
		{"hide\x1b[8m the rest", `hide\x1b[8m the rest`, false},
		{"nul\x00 bel\x07 del\x7f", `nul\x00 bel\x07 del\x7f`, false},
		{"c1 \u0085 \u009b", `c1 \u0085 \u009b`, false},
		{"over\rwrite", `over\x0dwrite`, false},
		{"two\nlines", `two\x0alines`, false},
		{"two\nlines\x1b", "two\nlines\\x1b", true},
		{"bidi \u202e evil \u2066", `bidi \u202e evil \u2066`, false},
		{"bad \xff utf-8", `bad \xff utf-8`, false},
	} {
		if got := Printable(tc.in, tc.keepNewlines); got != tc.want {
			t.Errorf("Printable(%q, %v) = %q, want %q", tc.in, tc.keepNewlines, got, tc.want)
		}
	}
}

// TestRenderersEscapeControls: a plan value with ESC[8m (conceal), a
// carriage return or a bidi override in a role name, caller or message
// cannot hide or rewrite the text or SARIF output.
func TestRenderersEscapeControls(t *testing.T) {
	evil := "x\x1b[8m\r\u202e\x00"
	rep := &lint.Report{Source: "plan.json", Findings: []lint.Finding{{
		Rule: lint.RuleRefused, Severity: lint.SeverityError, Role: "aws_iam_role.r" + evil, RoleARN: "arn:aws:iam::1:role/r" + evil,
		Caller: "github_actions_variable.v" + evil, Address: "github_actions_variable.v",
		Message: "refused " + evil, Fix: "fix " + evil, Notes: []string{"note " + evil}, Accepted: true, Reason: "ok " + evil,
	}}}
	var text bytes.Buffer
	if err := WriteText(&text, rep, lint.Summary{}); err != nil {
		t.Fatal(err)
	}
	var sarif bytes.Buffer
	if err := WriteSARIF(&sarif, rep, SARIFOptions{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				Message      struct{ Text string }
				Suppressions []struct{ Justification string }
			}
		}
	}
	if err := json.Unmarshal(sarif.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	res := doc.Runs[0].Results[0]
	for name, out := range map[string]string{"text": text.String(), "sarif message": res.Message.Text, "sarif justification": res.Suppressions[0].Justification} {
		if strings.ContainsAny(out, "\x1b\r\x00\u202e") {
			t.Errorf("%s output holds a raw control character: %q", name, out)
		}
		if !strings.Contains(out, `x\x1b[8m`) {
			t.Errorf("%s output does not show the escape: %q", name, out)
		}
	}
	if n := strings.Count(text.String(), `\x1b[8m`); n < 6 {
		t.Errorf("text output escapes %d of the 6 values: %s", n, text.String())
	}
	// The map outputs: no raw control character anywhere (markdown also
	// escapes the backslash and bracket of the escape it shows).
	var md, dot bytes.Buffer
	if err := WriteMarkdown(&md, rep, lint.Summary{}, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteDOT(&dot, rep, lint.Summary{}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"markdown": md.String(), "dot": dot.String()} {
		if strings.ContainsAny(out, "\x1b\r\x00\u202e") {
			t.Errorf("%s output holds a raw control character: %q", name, out)
		}
		if !strings.Contains(out, "x1b") {
			t.Errorf("%s output does not show the escape: %q", name, out)
		}
	}
}
