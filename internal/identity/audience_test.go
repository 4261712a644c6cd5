package identity

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestAudiences: aud is a string or an array of strings; absent is nil;
// anything else is one error naming the type.
func TestAudiences(t *testing.T) {
	tests := []struct {
		name, claims string
		want         []string
		err          string
	}{
		{"string", `{"aud":"sts.amazonaws.com"}`, []string{"sts.amazonaws.com"}, ""},
		{"array", `{"aud":["a","b"]}`, []string{"a", "b"}, ""},
		{"empty array", `{"aud":[]}`, []string{}, ""},
		{"absent", `{"sub":"x"}`, nil, ""},
		{"number", `{"aud":123}`, nil, "claim aud is a number; it must be a string or an array of strings"},
		{"boolean", `{"aud":true}`, nil, "claim aud is a boolean"},
		{"null is no audience (STS: missing claim)", `{"aud":null}`, nil, ""},
		{"object", `{"aud":{"a":1}}`, nil, "claim aud is an object"},
		{"array with a number", `{"aud":["a",7]}`, nil, "claim aud element 1 is a number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var claims map[string]any
			if err := json.Unmarshal([]byte(tc.claims), &claims); err != nil {
				t.Fatal(err)
			}
			got, err := Audiences(claims)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
				t.Errorf("Audiences = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
