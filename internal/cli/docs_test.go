package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const explainJSONDoc = "../../docs/guides/explain-json.md"

// jsonBlocks returns the ```json fenced blocks of a Markdown file.
func jsonBlocks(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	rest := string(data)
	for {
		i := strings.Index(rest, "```json\n")
		if i < 0 {
			return blocks
		}
		rest = rest[i+len("```json\n"):]
		j := strings.Index(rest, "```")
		if j < 0 {
			t.Fatalf("%s: unterminated code block", path)
		}
		blocks = append(blocks, rest[:j])
		rest = rest[j+3:]
	}
}

// TestExplainJSONDocExample: the full example in docs/guides/explain-json.md is
// the golden output of the eks-namespace-mismatch case, byte for byte.
func TestExplainJSONDocExample(t *testing.T) {
	blocks := jsonBlocks(t, explainJSONDoc)
	if len(blocks) != 3 {
		t.Fatalf("want 3 json blocks (policy, request, output), found %d", len(blocks))
	}
	dir := filepath.Join("testdata", "explain", "eks-namespace-mismatch")
	for i, file := range []string{"policy.json", "request.json", "want.json"} {
		want, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if blocks[i] != string(want) {
			t.Errorf("json block %d of %s differs from %s; copy the file into the document", i+1, explainJSONDoc, filepath.Join(dir, file))
		}
	}
}

// TestExplainJSONDocCoversFields: every field name that appears in any
// golden JSON output is documented (as `name`) in docs/guides/explain-json.md.
func TestExplainJSONDocCoversFields(t *testing.T) {
	doc, err := os.ReadFile(explainJSONDoc)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "explain", "*", "want.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden JSON files: %v", err)
	}
	names := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		collectFieldNames(v, names)
	}
	var missing []string
	for n := range names {
		if !strings.Contains(string(doc), "`"+n+"`") {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%s does not document the fields %v", explainJSONDoc, missing)
	}
}

// collectFieldNames gathers object keys, skipping the values of maps
// whose keys are data: request.keys (condition key names) and a witness's
// claims and context.
func collectFieldNames(v any, names map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			names[k] = true
			if k != "keys" && k != "claims" && k != "context" {
				collectFieldNames(e, names)
			}
		}
	case []any:
		for _, e := range x {
			collectFieldNames(e, names)
		}
	}
}
