package tfplan

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestLoadRefusesCaseVariants (issue 16 point 7): encoding/json fills a
// struct field from a member of any letter case, so {"type":…,"TYPE":…}
// passed the exact-key duplicate check and the last spelling won. A case
// variant of a member of the plan format is refused, with its offset,
// wherever the loader decodes into a struct; value maps (tags, Helm
// values) keep their own names.
func TestLoadRefusesCaseVariants(t *testing.T) {
	role := `{"address":"aws_iam_role.a","mode":"managed","type":"aws_iam_role","name":"a","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["no-op"],"before":{"name":"a","tags":{"Type":"x","type":"y"}},"after":{"name":"a","tags":{"Type":"x","type":"y"}},"after_unknown":{}}}`
	plan := func(changes, config string) string {
		return `{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[` + changes + `],"configuration":{` + config + `}}`
	}
	for _, tc := range []struct {
		name, doc, member string
	}{
		{"fine: value maps may differ in case", plan(role, ""), ""},
		{"duplicate type by case", plan(strings.Replace(role, `"type":"aws_iam_role",`, `"type":"aws_iam_role","TYPE":"kubernetes_service_account",`, 1), ""), "TYPE"},
		{"address by Unicode folding", plan(strings.Replace(role, `"address"`, `"addreſs"`, 1), ""), "addreſs"},
		{"inside change", plan(strings.Replace(role, `"after_unknown"`, `"After_Unknown"`, 1), ""), "After_Unknown"},
		{"root module variable", plan(role, `"root_module":{"variables":{"x":{"Sensitive":false,"sensitive":true}}}`), "Sensitive"},
		{"configuration resource", plan(role, `"root_module":{"resources":[{"address":"aws_iam_role.a","mode":"managed","type":"aws_iam_role","name":"a","Expressions":{}}]}`), "Expressions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tc.doc), "plan.json", Options{Keep: map[string][]string{"aws_iam_role": {"name", "tags"}}})
			if tc.member == "" {
				if err != nil {
					t.Fatalf("Load = %v, want nil", err)
				}
				return
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load = %v, want a *LoadError", err)
			}
			at := strings.Index(tc.doc, `"`+tc.member+`"`)
			for _, want := range []string{`"` + tc.member + `"`, "case variant", "at byte " + strconv.Itoa(at)} {
				if !strings.Contains(le.Msg, want) {
					t.Errorf("message lacks %q: %s", want, le.Msg)
				}
			}
		})
	}
}
