package cli_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

const explainRequestDoc = "../../docs/guides/explain-request.md"

// TestExplainRequestDocCoversFields: every field of the request JSON (and
// of its oidc_providers entries) has a row or a mention in
// docs/guides/explain-request.md, the page explain -h points to.
func TestExplainRequestDocCoversFields(t *testing.T) {
	data, err := os.ReadFile(explainRequestDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, typ := range []reflect.Type{reflect.TypeFor[identity.Request](), reflect.TypeFor[identity.OIDCProvider]()} {
		for i := 0; i < typ.NumField(); i++ {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			if typ == reflect.TypeFor[identity.Request]() && !strings.Contains(doc, "| `"+name+"` |") {
				t.Errorf("%s has no table row for request field %q", explainRequestDoc, name)
			}
			if !strings.Contains(doc, `"`+name+`"`) && !strings.Contains(doc, "`"+name+"`") {
				t.Errorf("%s does not mention field %q", explainRequestDoc, name)
			}
		}
	}
}
