package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

const lintJSONDoc = "../../docs/guides/lint-json.md"

// TestLintJSONDocExample: the JSON example in docs/guides/lint-json.md is the
// golden output of the eks-sa-renamed-break plan, byte for byte.
func TestLintJSONDocExample(t *testing.T) {
	blocks := lintJSONBlocks(t, lintJSONDoc)
	want, err := os.ReadFile(filepath.Join("testdata", "lint", "eks-sa-renamed-break.json.golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		if b == string(want) {
			return
		}
	}
	t.Errorf("%s has no json block equal to testdata/lint/eks-sa-renamed-break.json.golden; copy the file into the document", lintJSONDoc)
}

// lintJSONBlocks returns the ```json fenced blocks of a Markdown file.
func lintJSONBlocks(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, part := range strings.Split(string(data), "```json\n")[1:] {
		end := strings.Index(part, "```")
		if end < 0 {
			t.Fatalf("%s: unterminated code block", path)
		}
		blocks = append(blocks, part[:end])
	}
	return blocks
}

// TestLintJSONDocCoversFields: every field name of every golden JSON
// output is documented as `name` in docs/guides/lint-json.md.
func TestLintJSONDocCoversFields(t *testing.T) {
	doc, err := os.ReadFile(lintJSONDoc)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "lint", "*.json.golden"))
	if len(files) == 0 {
		t.Fatal("no golden JSON outputs")
	}
	names := map[string]bool{}
	var collect func(v any)
	collect = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				names[k] = true
				collect(e)
			}
		case []any:
			for _, e := range x {
				collect(e)
			}
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		collect(v)
	}
	var missing []string
	for n := range names {
		if !strings.Contains(string(doc), "`"+n+"`") {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%s does not document the fields %v", lintJSONDoc, missing)
	}
}

// TestLintDocCoversFormats: every format of `lint -h` has its section in
// docs/guides/lint-json.md (`--format NAME`), --color and NO_COLOR are
// documented, and the text example is the golden text output of the
// invalid-trust-break plan, byte for byte.
func TestLintDocCoversFormats(t *testing.T) {
	doc, err := os.ReadFile(lintJSONDoc)
	if err != nil {
		t.Fatal(err)
	}
	help, _, _ := runLintCLI("-h")
	_, rest, ok := strings.Cut(help, "[--format ")
	if !ok {
		t.Fatalf("lint -h names no formats:\n%s", help)
	}
	formats, _, _ := strings.Cut(rest, "]")
	for _, f := range strings.Split(formats, "|") {
		if !strings.Contains(string(doc), "(`--format "+f+"`") {
			t.Errorf("%s has no section for --format %s", lintJSONDoc, f)
		}
	}
	for _, w := range []string{"`--color auto`", "`--color always`", "`--color never`", "`NO_COLOR`", "`--output FORMAT=FILE`"} {
		if !strings.Contains(string(doc), w) {
			t.Errorf("%s does not document %s", lintJSONDoc, w)
		}
	}
	want, err := os.ReadFile(filepath.Join("testdata", "lint", "invalid-trust-break.text.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```text\n"+string(want)+"```") {
		t.Errorf("%s has no text block equal to testdata/lint/invalid-trust-break.text.golden; copy the file into the template", lintJSONDoc)
	}
}

// TestLintDocCoversRulesAndFlags: every rule of lint.Rules is a row of
// the guide's rule table with its default severity, every flag of
// `lint -h` is documented as `--NAME`, and the guide's usage line is the
// one `lint -h` prints.
func TestLintDocCoversRulesAndFlags(t *testing.T) {
	data, err := os.ReadFile(lintJSONDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, r := range lint.Rules {
		if row := "| `" + r.ID + "` | " + r.Severity + " |"; !strings.Contains(doc, row) {
			t.Errorf("%s: the rule table has no row starting %q", lintJSONDoc, row)
		}
	}
	help, _, code := runLintCLI("-h")
	if code != 0 {
		t.Fatalf("lint -h: exit %d", code)
	}
	var flags int
	for _, line := range strings.Split(help, "\n") {
		name, ok := strings.CutPrefix(line, "  -")
		if !ok {
			continue
		}
		name, _, _ = strings.Cut(name, " ")
		flags++
		if !strings.Contains(doc, "`--"+name) {
			t.Errorf("%s does not document --%s", lintJSONDoc, name)
		}
	}
	if flags < 10 {
		t.Fatalf("read %d flags from lint -h:\n%s", flags, help)
	}
	usage, _, _ := strings.Cut(help, "\n")
	usage = strings.Replace(strings.TrimPrefix(usage, "usage: "), "lint PLAN_JSON...", "lint plan.json [more-plan.json...]", 1)
	if !strings.Contains(doc, "\n"+usage+"\n") {
		t.Errorf("%s does not show the usage of lint -h:\n%s", lintJSONDoc, usage)
	}
}
