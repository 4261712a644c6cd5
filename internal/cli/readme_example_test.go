package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeExplainExample runs the README's first command on the bundled
// example: the EKS service account is refused because the namespace in the
// trust is misspelt, and the fix names the right subject.
func TestReadmeExplainExample(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main([]string{"explain", "--policy", "../../examples/explain/eks-trust.json", "--request", "../../examples/explain/eks-request.json"}, &out, &errOut, "test")
	if code != ExitFindings {
		t.Fatalf("exit code %d, want %d; stderr: %s", code, ExitFindings, errOut.String())
	}
	for _, want := range []string{"DENIED (implicit_deny)", "the namespace differs", `Fix: In Statement[0] "PaymentsApi"`, "system:serviceaccount:payments:api"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestReadmeCIGateSteps runs the README's plain CI steps as written (the
// `run:` of its "stsguard lint" step, with $GITHUB_STEP_SUMMARY a file)
// against a bundled plan saved as plan.json: exit 1 on its error, the
// text report in the log, SARIF in stsguard.sarif, and the markdown
// summary the README shows, byte for byte.
func TestReadmeCIGateSteps(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	args := readmeLintStep(t, string(readme))
	plan, err := os.ReadFile("../../testdata/plans/eks-sa-renamed-break.json")
	if err != nil {
		t.Fatal(err)
	}
	wantText, err := os.ReadFile("testdata/lint/eks-sa-renamed-break.text.golden")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "plan.json"), plan, 0o644); err != nil {
		t.Fatal(err)
	}
	summary := filepath.Join(dir, "step-summary.md")
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "$GITHUB_STEP_SUMMARY", summary)
	}
	t.Chdir(dir)
	if args[0] != "terraform-provider-stsguard" || args[1] != "lint" {
		t.Fatalf("the README's lint step runs %q", args)
	}
	var out, errOut bytes.Buffer
	if code := Main(args[1:], &out, &errOut, "test"); code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitFindings, errOut.String())
	}
	if out.String() != string(wantText) {
		t.Errorf("the log is not the text report:\n%s", out.String())
	}
	sarif, err := os.ReadFile("stsguard.sarif")
	if err != nil || !json.Valid(sarif) || !strings.Contains(string(sarif), `"ruleId": "STSG102"`) {
		t.Errorf("stsguard.sarif (%v):\n%s", err, sarif)
	}
	md, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if shown := readmeMarkdownExample(t, string(readme)); shown != string(md) {
		t.Errorf("the README's example summary differs from the step summary (paste it into README.md, each line quoted with \"> \"):\n%s", md)
	}
}

// readmeLintStep returns the words of the `run: >-` command of the
// README's "- name: stsguard lint" step (folded: lines joined by spaces;
// double quotes removed, as the shell would).
func readmeLintStep(t *testing.T, readme string) []string {
	t.Helper()
	_, step, ok := strings.Cut(readme, "      - name: stsguard lint\n        run: >-\n")
	if !ok {
		t.Fatal(`README.md has no "- name: stsguard lint" step with "run: >-"`)
	}
	var words []string
	for _, line := range strings.Split(step, "\n") {
		if !strings.HasPrefix(line, "          ") {
			break
		}
		words = append(words, strings.Fields(strings.ReplaceAll(line, `"`, ""))...)
	}
	return words
}

// readmeMarkdownExample returns the quoted example between the README's
// lint-markdown-example markers, unquoted.
func readmeMarkdownExample(t *testing.T, readme string) string {
	t.Helper()
	_, rest, ok := strings.Cut(readme, "<!-- lint-markdown-example")
	if !ok {
		t.Fatal("README.md has no lint-markdown-example")
	}
	_, rest, _ = strings.Cut(rest, "-->\n")
	block, _, ok := strings.Cut(rest, "<!-- /lint-markdown-example -->")
	if !ok {
		t.Fatal("README.md: the lint-markdown-example does not end")
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(block, "\n") {
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, ">") {
			t.Fatalf("README.md: a line of the example is not quoted: %q", line)
		}
		b.WriteString(strings.TrimPrefix(strings.TrimPrefix(line, ">"), " "))
	}
	return b.String()
}
