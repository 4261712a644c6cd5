package requestdoc

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// githubValue is a GitHub Actions request as the provider converts a
// Terraform object: maps, lists, strings and json.Number.
func githubValue() map[string]any {
	return map[string]any{
		"role_arn": "arn:aws:iam::111122223333:role/deploy",
		"claims": map[string]any{
			"iss":    "https://token.actions.githubusercontent.com",
			"aud":    "sts.amazonaws.com",
			"sub":    "repo:octo-org/octo-repo:ref:refs/heads/main",
			"exp":    json.Number("1700000000"),
			"nested": map[string]any{"on": true, "off": nil, "list": []any{json.Number("1.5"), "x"}},
		},
		"context":        map[string]any{"sts:RoleSessionName": "ci-42", "aws:RequestTag/team": []any{"a", "b"}},
		"oidc_providers": []any{map[string]any{"url": "token.actions.githubusercontent.com", "client_ids": []any{"sts.amazonaws.com"}}},
		"now":            "2026-11-28T12:00:00Z",
	}
}

// TestDecodeMatchesParse: an object decodes to exactly the request its
// JSON text parses to.
func TestDecodeMatchesParse(t *testing.T) {
	v := githubValue()
	got, err := Decode(v, "request")
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	data, _ := json.MarshalIndent(v, "", "  ")
	want, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Decode = %+v\nParse  = %+v", got, want)
	}
	if got.Context["aws:RequestTag/team"][1] != "b" || got.Claims["exp"] != json.Number("1700000000") {
		t.Errorf("values lost: %+v", got)
	}
}

// TestDecodeErrors: each mistake names the field path under the root, lists
// the valid fields and suggests the nearest, with no position and no value.
func TestDecodeErrors(t *testing.T) {
	const secret = "s3cr3t-value"
	with := func(field string, value any) map[string]any {
		v := githubValue()
		v[field] = value
		return v
	}
	tests := []struct {
		name  string
		value any
		want  []string
	}{
		{"top-level list", []any{"x"}, []string{"the request must be an object, found a list"}},
		{"top-level string", secret, []string{"the request must be an object, found a string"}},
		{"unknown field", with("claim", map[string]any{}), []string{
			`unknown field "request.claim"`, "expected one of action, claims, context, now, oidc_providers, principal, principal_type, role_arn",
			`did you mean "claims"?`}},
		{"claims not an object", with("claims", secret), []string{"request.claims: expected an object of token claims, found a string"}},
		{"role_arn a list", with("role_arn", []any{secret}), []string{"request.role_arn: expected a string, found a list"}},
		{"now a number", with("now", json.Number("1")), []string{"request.now: expected a string, found a number"}},
		{"context value a number", with("context", map[string]any{"sts:RoleSessionName": json.Number("42")}),
			[]string{`request.context["sts:RoleSessionName"]: expected a string or a list of strings, found a number`}},
		{"context list element", with("context", map[string]any{"k": []any{"a", true}}),
			[]string{`request.context["k"][1]: expected a string, found true/false`}},
		{"context null", with("context", map[string]any{"k": nil}), []string{`request.context["k"]: expected a string or a list of strings, found null`}},
		{"provider field typo", with("oidc_providers", []any{map[string]any{"url": secret, "clientids": []any{}}}), []string{
			`unknown field "request.oidc_providers[0].clientids"`, `did you mean "client_ids"?`}},
		{"provider not an object", with("oidc_providers", []any{secret}), []string{"request.oidc_providers[0]: expected an object, found a string"}},
		{"client_ids a string", with("oidc_providers", []any{map[string]any{"url": "u", "client_ids": secret}}),
			[]string{"request.oidc_providers[0].client_ids: expected a list of strings, found a string"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.value, "request")
			if err == nil {
				t.Fatal("want an error, got none")
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			if strings.Contains(msg, secret) {
				t.Errorf("error quotes a value: %q", msg)
			}
			if startsWithPosition(msg) {
				t.Errorf("error has a position: %q", msg)
			}
		})
	}
}

// TestParseAtPositions: a one-line document (jsonencode output) is placed
// by field path only; a document of several lines keeps LINE:COLUMN.
func TestParseAtPositions(t *testing.T) {
	oneLine := []byte(`{"claims":{},"contxt":{}}` + "\n")
	_, err := ParseAt(oneLine, "request")
	if err == nil || startsWithPosition(err.Error()) || !strings.Contains(err.Error(), `unknown field "request.contxt"`) || !strings.Contains(err.Error(), `did you mean "context"?`) {
		t.Errorf("one line: %v", err)
	}
	lines := []byte("{\n  \"claims\": {},\n  \"contxt\": {}\n}")
	_, err = ParseAt(lines, "request")
	if err == nil || !strings.HasPrefix(err.Error(), "3:3: ") || !strings.Contains(err.Error(), `"request.contxt"`) {
		t.Errorf("several lines: %v", err)
	}
}

// FuzzDecodeAgrees: whatever request document Parse accepts, its value
// (as encoding/json decodes it) is accepted by Decode with the same result,
// so the two doors cannot drift apart.
func FuzzDecodeAgrees(f *testing.F) {
	data, _ := json.Marshal(githubValue())
	f.Add(data)
	f.Add([]byte(`{"claims": {"a": [[[{"b": null}]]]}, "context": {"k": []}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		want, err := Parse(data)
		if err != nil {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("Parse accepted what encoding/json refuses: %v", err)
		}
		got, err := Decode(v, "request")
		if err != nil {
			t.Fatalf("Decode refused what Parse accepted: %v\n%q", err, data)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Decode = %+v, Parse = %+v", got, want)
		}
	})
}
