package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// checkGolden compares got with testdata/name, rewriting it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/lint/report -update creates it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./internal/lint/report -update to accept):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// manyFindings is a report with n callers of 4 roles, each refused with a
// long message, every third on a workflow file, and one accepted finding
// per role.
func manyFindings(n int) *lint.Report {
	rep := &lint.Report{Source: "plan.json", Roles: 4, Callers: n}
	long := strings.Repeat("the closest statement fails on the subject condition and names another repository; ", 4)
	for i := 0; i < n; i++ {
		role := fmt.Sprintf("aws_iam_role.r%d", i%4)
		caller := fmt.Sprintf("github_actions_variable.v%03d", i)
		f := lint.Finding{Rule: lint.RuleRefused, Severity: lint.SeverityError, Role: role, Caller: caller, Address: caller,
			Before: "allow", After: "implicit_deny", Message: caller + " (repo:octo-org/app:ref:refs/heads/main) would be refused: " + long,
			Fix: "change the trust so that it admits the caller", RoleARN: "arn:aws:iam::111122223333:role/r"}
		if i%3 == 0 {
			f.Caller = fmt.Sprintf(".github/workflows/w%03d.yml job deploy", i)
			f.File, f.Line, f.Column = fmt.Sprintf(".github/workflows/w%03d.yml", i), 12, 5
		}
		if i%5 == 0 {
			f.Rule, f.Severity, f.After = lint.RuleUnknown, lint.SeverityInfo, lint.VerdictUnknown
		}
		rep.Findings = append(rep.Findings, f)
		rep.Pairs = append(rep.Pairs, lint.Pair{Role: role, Caller: f.Caller, Address: caller, Kind: lint.PairGitHub,
			Identity: "repo:octo-org/app:ref:refs/heads/main", Before: "allow", After: f.After, Provider: "aws_iam_openid_connect_provider.github"})
	}
	for r := 0; r < 4; r++ {
		rep.Findings = append(rep.Findings, lint.Finding{Rule: lint.RuleOverBroad, Severity: lint.SeverityWarning, Role: fmt.Sprintf("aws_iam_role.r%d", r),
			Message: "admits every repository of octo-org", Fix: "narrow the subject", Accepted: true, Reason: "the org deploys with it"})
	}
	return rep
}

// TestMarkdownTruncates: findings beyond the size limit are left out of
// the table with a line saying how many; the document stays within the
// limit, the worst findings come first, and the map draws only pairs with
// findings when there are too many.
func TestMarkdownTruncates(t *testing.T) {
	for _, tc := range []struct {
		n, limit int
		golden   string
	}{
		{n: 60, limit: 12000, golden: "many.markdown.golden"},
		{n: 600, limit: 0},
	} {
		rep := manyFindings(tc.n)
		sum := lint.Summarize(rep, lint.FailOnError)
		var b bytes.Buffer
		if err := WriteMarkdown(&b, rep, sum, MarkdownOptions{MaxSize: tc.limit}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		limit := tc.limit
		if limit == 0 {
			limit = MarkdownLimit
		}
		if b.Len() > limit {
			t.Errorf("%d findings: %d bytes, over the limit %d", tc.n, b.Len(), limit)
		}
		shown := strings.Count(out, "\n| STSG")
		open := sum.Errors + sum.Warnings + sum.Info
		if shown == 0 || shown >= open {
			t.Errorf("%d findings: %d rows shown, want some but fewer than %d", tc.n, shown, open)
		}
		if want := fmt.Sprintf("%d more findings are not shown here", open-shown); !strings.Contains(out, want) {
			t.Errorf("%d findings: output lacks %q", tc.n, want)
		}
		if i, j := strings.Index(out, "| STSG101 |"), strings.Index(out, "| STSG900 |"); i < 0 || (j >= 0 && j < i) {
			t.Errorf("%d findings: errors must come before info in the table", tc.n)
		}
		checkMermaid(t, out)
		if tc.golden != "" {
			checkGolden(t, tc.golden, out)
		}
	}
}

// TestMarkdownEscapes: pipes, backticks, HTML and markup characters from
// plan values cannot break the table, the code fence or the page.
func TestMarkdownEscapes(t *testing.T) {
	for _, tc := range []struct{ in, text, code string }{
		{"a|b", `a\|b`, "`a\\|b`"},
		{"x`y", "x\\`y", "`` x`y ``"},
		{"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;", "`<img src=x onerror=alert(1)>`"},
		{"*bold* [link](u) ~s~ a\\b", `\*bold\* \[link\](u) \~s\~ a\\b`, "`*bold* [link](u) ~s~ a\\b`"},
		{"aws_iam_role.my_role _x_", `aws_iam_role.my_role \_x\_`, "`aws_iam_role.my_role _x_`"},
		{"two\nlines\x1b[8m", `two lines\\x1b\[8m`, "`two lines\\x1b[8m`"},
		{"```", "\\`\\`\\`", "```` ``` ````"},
		{"ping @octo-org/security about #12, see a.md#x", "ping @&#8203;octo-org/security about #&#8203;12, see a.md#x", "`ping @octo-org/security about #12, see a.md#x`"},
	} {
		if got := mdText(tc.in); got != tc.text {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.text)
		}
		if got := codeSpan(tc.in); got != tc.code {
			t.Errorf("codeSpan(%q) = %q, want %q", tc.in, got, tc.code)
		}
	}
}

// evilReport has plan values meant to break each output: quotes,
// brackets, pipes, backticks, HTML, Mermaid comments and keywords,
// DOT escapes and control characters.
func evilReport() *lint.Report {
	evil := "x\"]; end %% <b>|`‵`` {{y}} #35; \\N \x1b[8m\u202e"
	return &lint.Report{Source: "plan|`.json", Roles: 2, Callers: 2,
		Findings: []lint.Finding{
			{Rule: lint.RuleRefused, Severity: lint.SeverityError, Role: "aws_iam_role.a" + evil, Caller: "github_actions_variable.v" + evil,
				Message: "refused " + evil, Fix: "fix " + evil, Notes: []string{"note " + evil}},
			{Rule: lint.RuleMissingRole, Severity: lint.SeverityError, Caller: "end", Message: "no role"},
			{Rule: lint.RuleOverBroad, Severity: lint.SeverityWarning, Role: "aws_iam_role.b", Message: "broad " + evil, Accepted: true, Reason: "ok " + evil},
		},
		Pairs: []lint.Pair{
			{Role: "aws_iam_role.a" + evil, Caller: "github_actions_variable.v" + evil, Identity: "repo:o/r" + evil, Provider: "token.actions.githubusercontent.com" + evil, After: "implicit_deny"},
			{Role: "aws_iam_role.b", Caller: "graph", Provider: "token.actions.githubusercontent.com" + evil, After: "allow"},
		},
		Uncalled: []string{"aws_iam_role.c" + evil},
	}
}

// TestMapOutputsWellFormed: the Mermaid map of every report is well formed
// (checkMermaid), and the DOT graph has balanced braces, quoted labels
// with escaped quotes and only index-based node IDs.
func TestMapOutputsWellFormed(t *testing.T) {
	for name, rep := range map[string]*lint.Report{"evil": evilReport(), "many": manyFindings(200), "empty": {Source: "p.json"}} {
		sum := lint.Summarize(rep, lint.FailOnError)
		var md, dot bytes.Buffer
		if err := WriteMarkdown(&md, rep, sum, MarkdownOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := WriteDOT(&dot, rep, sum); err != nil {
			t.Fatal(err)
		}
		t.Run(name+"/mermaid", func(t *testing.T) {
			if len(rep.Findings)+len(rep.Pairs) > 0 {
				checkMermaid(t, md.String())
			} else if strings.Contains(md.String(), "```mermaid") {
				t.Error("an empty report draws no map")
			}
			if strings.ContainsAny(md.String(), "\x1b\u202e") {
				t.Errorf("raw control character in the markdown: %q", md.String())
			}
		})
		t.Run(name+"/dot", func(t *testing.T) { checkDOT(t, dot.String()) })
	}
}

// TestMarkdownGoldens pins the markdown and dot output of the evil report.
func TestMarkdownGoldens(t *testing.T) {
	rep := evilReport()
	sum := lint.Summarize(rep, lint.FailOnError)
	var md, dot bytes.Buffer
	if err := WriteMarkdown(&md, rep, sum, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteDOT(&dot, rep, sum); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "evil.markdown.golden", md.String())
	checkGolden(t, "evil.dot.golden", dot.String())
}
