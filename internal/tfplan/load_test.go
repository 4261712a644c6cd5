package tfplan

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(plansDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func toUTF16(data []byte, order binary.ByteOrder) []byte {
	units := utf16.Encode([]rune(string(data)))
	var b bytes.Buffer
	if order == binary.LittleEndian {
		b.Write([]byte{0xFF, 0xFE})
	} else {
		b.Write([]byte{0xFE, 0xFF})
	}
	for _, u := range units {
		_ = binary.Write(&b, order, u)
	}
	return b.Bytes()
}

// TestLoadRefusesAmbiguousJSON: a plan that encoding/json would read but
// that JSON readers disagree on (invalid UTF-8, an unpaired surrogate
// escape, a duplicate key at any depth, in a section read or skipped) is
// refused with a *LoadError naming the byte offset and what to do.
func TestLoadRefusesAmbiguousJSON(t *testing.T) {
	plan := readFixture(t, "eks-sa-renamed-break.json")
	at := func(s string) int {
		i := bytes.Index(plan, []byte(s))
		if i < 0 {
			t.Fatalf("fixture lacks %s", s)
		}
		return i
	}
	insert := func(i int, s string) []byte {
		return append(append(append([]byte{}, plan[:i]...), s...), plan[i:]...)
	}
	// A long string that puts a two-byte character across the scanner's
	// 256 KiB buffer boundary.
	straddle := func(char string) ([]byte, int) {
		prefix := `{"format_version":"1.2","planned_values":{"x":"`
		pad := 256<<10 - 1 - len(prefix)
		doc := prefix + strings.Repeat("a", pad) + char + `"},"resource_changes":[]}`
		return []byte(doc), 256<<10 - 1
	}
	tfVersion := at(`"1.11.4"`) + 1
	afterArn := at(`"after":{"arn"`) + len(`"after":{`)
	planned := at(`"planned_values":{"root_module"`) + len(`"planned_values":{`)
	badStraddle, badStraddleAt := straddle("\xc3\x28")
	tests := []struct {
		name   string
		input  []byte
		offset int
		want   string
	}{
		{"invalid utf-8 in a value read", insert(tfVersion, "\xff"), tfVersion, "not valid UTF-8"},
		{"invalid utf-8 in a skipped section", insert(planned, "\"k\xe2\x82\":1,"), planned + 2, "not valid UTF-8"},
		{"invalid utf-8 across the buffer", badStraddle, badStraddleAt, "not valid UTF-8"},
		{"overlong encoding", insert(tfVersion, "\xc0\xaf"), tfVersion, "not valid UTF-8"},
		{"encoded surrogate", insert(tfVersion, "\xed\xa0\x80"), tfVersion, "not valid UTF-8"},
		{"unpaired surrogate escape", insert(tfVersion, `\ud800x`), tfVersion, "unpaired UTF-16 surrogate"},
		{"lone low surrogate escape", insert(afterArn, `"\udc00":1,`), afterArn + 1, "unpaired UTF-16 surrogate"},
		{"duplicate top-level key", insert(1, `"resource_changes":[],`), at(`"resource_changes"`) + len(`"resource_changes":[],`), `repeats the key "resource_changes"`},
		{"duplicate key in a resource read", insert(afterArn, `"arn":"x",`), afterArn + len(`"arn":"x",`), `repeats the key "arn"`},
		{"duplicate key in a skipped section", insert(planned, `"root_module":{},`), planned + len(`"root_module":{},`), `repeats the key "root_module"`},
		{"duplicate key spelled with an escape", insert(afterArn, `"\u0061rn":"x",`), afterArn + len(`"\u0061rn":"x",`), "repeats the key"},
		{"duplicate deep in a skipped value", insert(planned, `"z":[{"a":{"b":1,"c":2,"b":3}}],`), planned + len(`"z":[{"a":{"b":1,"c":2,`), `repeats the key "b"`},
		{"duplicate in a large object", insert(planned, `"big":{`+manyKeys(100)+`,"k7":0},`), planned + len(`"big":{`+manyKeys(100)+`,`), `repeats the key "k7"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(bytes.NewReader(tc.input), "plan.json", testOptions)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("want a *LoadError, got %v", err)
			}
			want := fmt.Sprintf("at byte %d;", tc.offset)
			if strings.Contains(tc.want, "repeats") {
				want = fmt.Sprintf("at byte %d (JSON readers disagree", tc.offset)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "terraform show -json") {
				t.Errorf("error %q does not say %q, %q and what to do", err, tc.want, want)
			}
		})
	}
	// The same shapes without the ambiguity load: keys repeated in
	// different objects, valid multi-byte text (across the buffer too),
	// surrogate pairs, and a large object with distinct keys.
	goodStraddle, _ := straddle("é")
	for name, input := range map[string][]byte{
		"same key in sibling objects": insert(planned, `"z":[{"a":1},{"a":1}],"y":{"a":{"a":1}},`),
		"text across the buffer":      goodStraddle,
		"surrogate pair":              insert(tfVersion, `\ud83d\ude00é€`),
		"large object":                insert(planned, `"big":{`+manyKeys(5000)+`},`),
	} {
		if _, err := Load(bytes.NewReader(input), name, testOptions); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func manyKeys(n int) string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	return strings.Join(keys, ",")
}

// TestLoadEncodings: PowerShell redirection writes UTF-16 with a byte
// order mark; editors add a UTF-8 BOM. All read the same.
func TestLoadEncodings(t *testing.T) {
	// A plan with non-ASCII text in it, so that conversion is exercised.
	data := readFixture(t, "helm-values-break.json")
	data = bytes.Replace(data, []byte(`"terraform_version":"`), []byte(`"terraform_version":"ü€😀`), 1)
	want, err := Load(bytes.NewReader(data), "utf8", testOptions)
	if err != nil {
		t.Fatal(err)
	}
	for name, input := range map[string][]byte{
		"utf-8 bom":  append([]byte{0xEF, 0xBB, 0xBF}, data...),
		"utf-16le":   toUTF16(data, binary.LittleEndian),
		"utf-16be":   toUTF16(data, binary.BigEndian),
		"utf-16le 2": toUTF16(append(data, "\r\n"...), binary.LittleEndian),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Load(bytes.NewReader(input), name, testOptions)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got.TerraformVersion != want.TerraformVersion || len(got.Resources) != len(want.Resources) {
				t.Errorf("got version %q and %d resources, want %q and %d", got.TerraformVersion, len(got.Resources), want.TerraformVersion, len(want.Resources))
			}
			for i, r := range got.Resources {
				w := want.Resources[i]
				if r.Address != w.Address || !reflect.DeepEqual(r.Before, w.Before) || !reflect.DeepEqual(r.After, w.After) {
					t.Errorf("resource %d differs: %s vs %s", i, r.Address, w.Address)
				}
			}
		})
	}
}

// TestLoadRefuses: every input that is not a usable plan is a *LoadError
// whose message says what is wrong (the CLI exits 2 on it).
func TestLoadRefuses(t *testing.T) {
	plan := readFixture(t, "eks-sa-renamed-break.json")
	tests := []struct {
		name  string
		input []byte
		want  string
	}{
		{"empty file", nil, "the file is empty"},
		{"only whitespace", []byte(" \n\t "), "only whitespace"},
		{"json array", []byte(`[1, 2]`), "not the JSON object"},
		{"truncated", plan[:len(plan)/2], "truncated"},
		{"truncated inside a string", plan[:bytes.Index(plan, []byte(`"resource_changes"`))+5], "truncated"},
		{"garbage in a section", bytes.Replace(plan, []byte(`"resource_changes":[`), []byte(`"resource_changes":[}`), 1), "invalid JSON at byte"},
		{"garbage in a skipped section", bytes.Replace(plan, []byte(`"planned_values":{`), []byte(`"planned_values":{,`), 1), "invalid JSON at byte"},
		{"trailing data", append(append([]byte{}, plan...), []byte(`{}`)...), "more data after"},
		{"state json", readFixture(t, "state-not-plan.json"), "this is Terraform state"},
		{"raw state file", readFixture(t, "state-not-plan.tfstate"), "state file (terraform.tfstate)"},
		{"format 2", bytes.Replace(plan, []byte(`"format_version":"1.2"`), []byte(`"format_version":"2.0"`), 1), `plan format version "2.0" is not supported; stsguard reads plan format 1.x`},
		{"format 0.2", bytes.Replace(plan, []byte(`"format_version":"1.2"`), []byte(`"format_version":"0.2"`), 1), `"0.2" is not supported`},
		{"no format version", bytes.Replace(plan, []byte(`"format_version":"1.2",`), nil, 1), "no format_version"},
		{"not a plan", []byte(`{"hello": "world"}`), "it is not a plan"},
		{"utf-16 without bom", toUTF16(plan, binary.LittleEndian)[2:], "UTF-16 without a byte order mark"},
		{"odd utf-16", toUTF16(plan, binary.LittleEndian)[:101], "odd number of bytes"},
		{"wrong type", bytes.Replace(plan, []byte(`"resource_changes":[`), []byte(`"resource_changes":[1,`), 1), "unexpected JSON"},
		{"deep nesting", []byte(`{"format_version":"1.2","planned_values":` + strings.Repeat("[", maxDepth+5)), "nesting deeper"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(bytes.NewReader(tc.input), "plan.json", testOptions)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("want a *LoadError, got %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "plan.json: ") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	for name, path := range map[string]string{
		"missing":   filepath.Join(dir, "nope.json"),
		"directory": dir,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := LoadFile(path, testOptions)
			var le *LoadError
			if !errors.As(err, &le) || !strings.Contains(err.Error(), path) {
				t.Errorf("want a *LoadError naming %s, got %v", path, err)
			}
		})
	}
}

func TestLoadKeepsOnlyWhatRulesUse(t *testing.T) {
	p, err := LoadFile(filepath.Join(plansDir, "real", "prathamreet-waters__devops-practice__dev-plan.json"), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Resources {
		if _, ok := testOptions.wanted(r.Mode, r.Type); !ok {
			t.Errorf("kept %s of type %s, which no rule reads", r.Address, r.Type)
		}
	}
	if p.FormatVersion != "1.2" || p.TerraformVersion == "" {
		t.Errorf("versions: %q %q", p.FormatVersion, p.TerraformVersion)
	}
	old, err := LoadFile(filepath.Join(plansDir, "real", "dineshba__tf-summarize__example-tfplan.json"), testOptions)
	if err != nil {
		t.Fatalf("format 1.0 plan: %v", err)
	}
	if old.FormatVersion != "1.0" {
		t.Errorf("format %q", old.FormatVersion)
	}
}

// testOptions keeps what the linter keeps, so these tests read plans as
// the linter does without depending on it.
var testOptions = Options{Keep: map[string][]string{
	"aws_iam_role":                    {"arn", "name", "name_prefix", "path", "assume_role_policy", "inline_policy", "managed_policy_arns", "unique_id", "id"},
	"data.aws_iam_policy_document":    {"json", "minified_json", "statement", "source_policy_documents", "override_policy_documents", "version", "policy_id"},
	"aws_iam_openid_connect_provider": {"arn", "url", "client_id_list"},
	"aws_eks_cluster":                 {"arn", "name", "identity", "region"},
	"kubernetes_service_account":      {"metadata"},
	"helm_release":                    {"name", "namespace", "chart", "repository", "values", "set", "set_sensitive"},
	"github_actions_variable":         {"repository", "variable_name", "value"},
	"github_repository":               {"name", "full_name", "default_branch", "repo_id"},
}}

// plansDir holds the plan fixtures written by the real terraform.
var plansDir = filepath.Join("..", "..", "testdata", "plans")
