package strictjson

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

type inner struct {
	Kind string `json:"kind"`
}

type custom struct{ v string }

func (c *custom) UnmarshalJSON(b []byte) error { c.v = string(b); return nil }

type outer struct {
	Type    string            `json:"type"`
	Address string            `json:"address,omitempty"`
	Inner   *inner            `json:"inner"`
	List    []inner           `json:"list"`
	ByName  map[string]inner  `json:"by_name"`
	Values  map[string]any    `json:"values"`
	Raw     json.RawMessage   `json:"raw"`
	Custom  custom            `json:"custom"`
	Tags    map[string]string `json:"tags"`
	NoTag   string
	Skipped string `json:"-"`
}

// TestCheckNames: a member that fills a field only by ignoring case
// (ASCII or Unicode folding, as encoding/json matches) is refused with
// its path and offset; data under maps of values, raw messages and
// custom unmarshalers is not looked into; exact names pass.
func TestCheckNames(t *testing.T) {
	for _, tc := range []struct {
		name, doc, path, got, want string
	}{
		{"exact names", `{"type":"a","address":"b","inner":{"kind":"k"},"list":[{"kind":"x"}],"NoTag":"n"}`, "", "", ""},
		{"duplicate by case", `{"type":"a","TYPE":"b"}`, "$", "TYPE", "type"},
		{"case variant alone", `{"Type":"a"}`, "$", "Type", "type"},
		{"long s folds to s in encoding/json", `{"addreſs":"x"}`, "$", "addreſs", "address"},
		{"kelvin sign folds to k", "{\"inner\":{\"\u212aind\":\"x\"}}", "$.inner", "\u212aind", "kind"},
		{"nested in a list", `{"list":[{"kind":"a"},{"KIND":"b"}]}`, "$.list[1]", "KIND", "kind"},
		{"map of structs", `{"by_name":{"x":{"Kind":"b"}}}`, "$.by_name.x", "Kind", "kind"},
		{"escaped name", `{"\u0054ype":"a"}`, "$", "Type", "type"},
		{"field without tag", `{"notag":"n"}`, "$", "notag", "NoTag"},
		{"values are data", `{"values":{"TYPE":1,"Type":{"KIND":2}},"tags":{"Type":"t","type":"u"}}`, "", "", ""},
		{"raw and custom are data", `{"raw":{"TYPE":1},"custom":{"Kind":"x"}}`, "", "", ""},
		{"unknown member is not a case variant", `{"kinds":"x","typo":"y"}`, "", "", ""},
		{"strings with quotes and escapes", `{"type":"a\"b\\","address":"\\\\","inner":{"kind":"\"}"},"Inner":1}`, "$", "Inner", "inner"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v outer
			if err := json.Unmarshal([]byte(tc.doc), &v); err != nil && tc.want == "" {
				t.Fatalf("fixture does not decode: %v", err)
			}
			err := CheckNames([]byte(tc.doc), &v)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckNames = %v, want nil", err)
				}
				return
			}
			var ne *NameError
			if !errors.As(err, &ne) {
				t.Fatalf("CheckNames = %v, want a NameError", err)
			}
			if ne.Path != tc.path || ne.Got != tc.got || ne.Want != tc.want {
				t.Errorf("NameError %+v, want path %s got %q want %q", ne, tc.path, tc.got, tc.want)
			}
			if !strings.HasPrefix(tc.doc[ne.Offset:], `"`) {
				t.Errorf("offset %d does not point at a member name: %q", ne.Offset, tc.doc[ne.Offset:])
			}
		})
	}
}
