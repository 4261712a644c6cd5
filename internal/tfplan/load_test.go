package tfplan

import (
	"bytes"
	"encoding/binary"
	"errors"
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
