package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

// textReport has a role finding, two callers of one role (one read from a
// workflow file) and a caller of no role, with messages long enough to wrap
// and one word longer than a line.
func textReport() *lint.Report {
	long := strings.Repeat("the closest statement fails on the subject condition ", 8)
	word := "arn:aws:iam::111122223333:oidc-provider/" + strings.Repeat("x", 200)
	return &lint.Report{Source: "plan.json",
		Findings: []lint.Finding{
			{Rule: lint.RuleRefused, Severity: lint.SeverityError, Role: "aws_iam_role.a", RoleARN: "arn:aws:iam::1:role/a", Caller: "kubernetes_service_account_v1.z",
				Before: "allow", After: "implicit_deny", Message: "kubernetes_service_account_v1.z (system:serviceaccount:ns:z) would be refused: " + long, Fix: "trust " + word + " instead", Notes: []string{"one note", "another note"}},
			{Rule: lint.RuleUnmappedKey, Severity: lint.SeverityError, Role: "aws_iam_role.a", Message: "key never present " + long},
			{Rule: lint.RuleAudience, Severity: lint.SeverityError, Role: "aws_iam_role.a", Caller: ".github/workflows/deploy.yml job deploy", File: ".github/workflows/deploy.yml", Line: 14, Column: 9,
				Before: "absent", After: "invalid_identity_token", Message: "audience not accepted"},
			{Rule: lint.RuleOverBroad, Severity: lint.SeverityWarning, Role: "aws_iam_role.a", Message: "broad", Accepted: true, Reason: "on purpose"},
			{Rule: lint.RuleMissingRole, Severity: lint.SeverityError, Caller: "github_actions_variable.v", Before: "allow", After: "absent", Message: "github_actions_variable.v names a role that exists nowhere"},
		},
		Pairs: []lint.Pair{{Role: "aws_iam_role.a", Caller: "kubernetes_service_account_v1.z", Identity: "system:serviceaccount:ns:z"}},
	}
}

var ansiSeq = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestTextLayout: grouped by role then caller (the role's own findings
// first, callers by label, the findings of no role last), a headline per
// finding without caller or role, indented why/fix/assumed/accepted lines,
// file:line for a caller read from a file.
func TestTextLayout(t *testing.T) {
	var b bytes.Buffer
	sum := lint.Summarize(textReport(), lint.FailOnError)
	if err := WriteText(&b, textReport(), sum); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	order := []string{
		"aws_iam_role.a (arn:aws:iam::1:role/a)\n",
		"  (the role's trust)\n    STSG106 error   condition key never present\n      why: key never present",
		"    STSG201 warning trust too broad [accepted]\n      why: broad\n      accepted: on purpose\n",
		"  .github/workflows/deploy.yml:14:9 job deploy\n    STSG105 error   audience not registered [absent -> invalid_identity_token]\n      why: audience not accepted\n",
		"  kubernetes_service_account_v1.z (system:serviceaccount:ns:z)\n    STSG101 error   caller refused [allow -> implicit_deny]\n      why: The caller would be refused: the closest",
		"      fix: trust\n           arn:aws:iam::111122223333:oidc-provider/xxx",
		"      assumed: one note\n      assumed: another note\n",
		"\n(callers of roles not in the plan)\n  github_actions_variable.v\n    STSG103 error   caller names missing role [allow -> absent]\n      why: The caller names a role that exists nowhere\n",
		"\nFAIL: 4 errors, 0 warnings, 0 info, 1 accepted;",
		"\nanalysed: 0 roles, 0 callers, 1 pair\n",
	}
	at := 0
	for _, want := range order {
		i := strings.Index(out[at:], want)
		if i < 0 {
			t.Fatalf("output lacks, after byte %d, %q:\n%s", at, want, out)
		}
		at += i + len(want)
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("colour without Color:\n%q", out)
	}
}

// TestTextWraps: no line is longer than the width unless it holds a
// single word after its indentation and label; continuation lines are
// indented under the value.
func TestTextWraps(t *testing.T) {
	for _, width := range []int{0, 60} {
		var b bytes.Buffer
		if err := WriteTextWith(&b, textReport(), lint.Summary{}, TextOptions{Width: width}); err != nil {
			t.Fatal(err)
		}
		limit := width
		if limit == 0 {
			limit = TextWidth
		}
		wrapped := 0
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if utf8.RuneCountInString(line) <= limit {
				if strings.HasPrefix(line, "           ") && !strings.HasPrefix(line, "            ") {
					wrapped++
				}
				continue
			}
			rest := strings.TrimLeft(line, " ")
			for _, label := range []string{"why: ", "fix: ", "assumed: "} {
				rest = strings.TrimPrefix(rest, label)
			}
			if strings.Contains(rest, " ") {
				t.Errorf("width %d: line of %d runes holds more than one word: %q", limit, utf8.RuneCountInString(line), line)
			}
		}
		if wrapped == 0 {
			t.Errorf("width %d: no continuation line indented under its value:\n%s", limit, b.String())
		}
	}
}

// TestTextColor: with Color the severities, headings and verdict are
// coloured and the text is otherwise the same; without it there is no
// escape byte.
func TestTextColor(t *testing.T) {
	rep := textReport()
	sum := lint.Summarize(rep, lint.FailOnError)
	var plain, color bytes.Buffer
	if err := WriteTextWith(&plain, rep, sum, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteTextWith(&color, rep, sum, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b") {
		t.Error("escape bytes without colour")
	}
	for _, want := range []string{ansiRed + ansiBold + "error  " + ansiReset, ansiYellow + "warning" + ansiReset, ansiBold + "aws_iam_role.a", ansiRed + ansiBold + "FAIL" + ansiReset} {
		if !strings.Contains(color.String(), want) {
			t.Errorf("coloured output lacks %q:\n%q", want, color.String())
		}
	}
	if got := ansiSeq.ReplaceAllString(color.String(), ""); got != plain.String() {
		t.Errorf("colour changes the text:\n%s\nwant\n%s", got, plain.String())
	}
}
