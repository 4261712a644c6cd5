package tfplan

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestReadChangeMemberOrder: a resource_changes entry reads the same
// whether its change comes after mode and type (Terraform's order: the
// change of an entry not kept is skipped unread) or before them (keys
// sorted, as jq -S leaves a plan: the change waits until the entry is
// decided); only the kept attributes are decoded, and an entry not kept
// leaves nothing.
func TestReadChangeMemberOrder(t *testing.T) {
	head := `"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","provider_name":"registry.terraform.io/hashicorp/aws"`
	change := `"change":{"actions":["update"],"before":{"arn":"a","name":"n","tags":{"x":"y"}},"after":{"arn":"a","name":"m","tags_all":{}},"after_unknown":{"create_date":true,"unique_id":true},"before_sensitive":{},"after_sensitive":{"name":true}}`
	skipped := `{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","change":{"after":{"bucket":"b"}}}`
	want := &Resource{
		Address: "aws_iam_role.r", Mode: "managed", Type: "aws_iam_role", Name: "r", ProviderName: "registry.terraform.io/hashicorp/aws",
		Before:          map[string]any{"arn": "a", "name": "n"},
		After:           map[string]any{"arn": "a", "name": "m"},
		AfterUnknown:    map[string]any{"unique_id": true},
		BeforeSensitive: map[string]any{},
		AfterSensitive:  map[string]any{"name": true},
	}
	for name, entry := range map[string]string{
		"Terraform's order": "{" + head + "," + change + "}",
		"change first":      "{" + change + "," + head + "}",
		"change between":    `{"address":"aws_iam_role.r",` + change + `,"mode":"managed","type":"aws_iam_role","name":"r","provider_name":"registry.terraform.io/hashicorp/aws"}`,
	} {
		t.Run(name, func(t *testing.T) {
			doc := `{"format_version":"1.2","resource_changes":[` + skipped + "," + entry + "," + strings.Replace(skipped, "aws_s3_bucket.b", "aws_s3_bucket.c", 1) + `]}`
			p, err := Load(strings.NewReader(doc), "plan.json", testOptions)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Resources) != 1 {
				t.Fatalf("kept %d resources, want the role only", len(p.Resources))
			}
			got := p.Resources[0]
			for _, c := range []struct {
				field     string
				got, want any
			}{
				{"address", got.Address, want.Address}, {"mode", got.Mode, want.Mode}, {"type", got.Type, want.Type}, {"name", got.Name, want.Name},
				{"provider", got.ProviderName, want.ProviderName}, {"actions", []string{string(got.Actions[0])}, []string{"update"}},
				{"before", got.Before, want.Before}, {"after", got.After, want.After}, {"after_unknown", got.AfterUnknown, want.AfterUnknown},
				{"before_sensitive", got.BeforeSensitive, want.BeforeSensitive}, {"after_sensitive", got.AfterSensitive, want.AfterSensitive},
			} {
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s = %#v, want %#v", c.field, c.got, c.want)
				}
			}
		})
	}
}

// TestReadChangeFieldsAsEncodingJSON: a key that names a field only by
// ignoring case (as encoding/json would match it) is refused, naming the
// byte, like every struct decode of the plan (strictNames); a member of
// the wrong JSON type is an error for a kept entry only (an entry not kept
// is never decoded).
func TestReadChangeFieldsAsEncodingJSON(t *testing.T) {
	load := func(entry string) (*Plan, error) {
		return Load(strings.NewReader(`{"format_version":"1.2","resource_changes":[`+entry+`]}`), "plan.json", testOptions)
	}
	for _, tc := range []struct {
		name, entry, want string
	}{
		{"fields by case", `{"Address":"aws_iam_role.r","MODE":"managed","Type":"aws_iam_role","Change":{"Actions":["create"],"After":{"name":"n"}}}`, `the member "Address" is a case variant of "address"`},
		{"type twice", `{"address":"aws_iam_role.r","mode":"managed","type":"aws_s3_bucket","TYPE":"aws_iam_role"}`, `the member "TYPE" is a case variant of "type"`},
		{"after twice", `{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","change":{"after":{},"After":{"name":"n"}}}`, `the member "After" is a case variant of "after"`},
		{"address not a string", `{"address":7,"mode":"managed","type":"aws_iam_role","change":{}}`, `unexpected JSON number for "address"`},
		{"actions not strings", `{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","change":{"actions":[1]}}`, `unexpected JSON number`},
		{"number beyond float64", `{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","change":{"after":{"name":1e999}}}`, `number 1e999`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(tc.entry)
			var le *LoadError
			if !errors.As(err, &le) || !strings.Contains(le.Msg, tc.want) || !strings.Contains(le.Msg, "byte") {
				t.Fatalf("error %v, want a *LoadError with %q and its byte", err, tc.want)
			}
		})
	}

	// Not kept: nothing is decoded, so nothing is wrong with it.
	if p, err := load(`{"address":7,"mode":"managed","type":"aws_s3_bucket","change":{"after":{"bucket":1e999}}}`); err != nil || len(p.Resources) != 0 {
		t.Fatalf("an entry not kept: %v, %d resources", err, len(p.Resources))
	}
}
