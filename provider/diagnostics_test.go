package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/token"
)

func TestPolicyDiagnosticNamesThePlace(t *testing.T) {
	_, _, err := policy.Parse([]byte("{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}"))
	if err == nil {
		t.Fatal("fixture: the policy should not parse")
	}
	at := path.Root("policy")
	d := policyDiagnostic(at, err)
	if d.Severity() != diag.SeverityError {
		t.Errorf("severity = %v, want error", d.Severity())
	}
	if withPath, ok := d.(diag.DiagnosticWithPath); !ok || !withPath.Path().Equal(at) {
		t.Errorf("diagnostic is not on %s", at)
	}
	if !strings.Contains(d.Detail(), "line 3:") {
		t.Errorf("detail does not name the line: %s", d.Detail())
	}
	if got := policyErrorText(errors.New("boom")); !strings.Contains(got, "boom") {
		t.Errorf("other errors must be passed through, got %q", got)
	}
}

func TestRedactToken(t *testing.T) {
	raw := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpwdWxsX3JlcXVlc3QifQ.c2lnbmF0dXJlLWJ5dGVz"
	header, _, _ := strings.Cut(raw, ".")
	tests := []struct {
		name, text, want string
	}{
		{name: "whole token", text: "bad " + raw, want: "bad FP"},
		{name: "one segment", text: "header " + header + " is odd", want: "header FP is odd"},
		{name: "short words stay", text: "alg RS256 in c2ln", want: "alg RS256 in c2ln"},
		{name: "empty token changes nothing", text: "text", want: "text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := raw
			if tc.name == "empty token changes nothing" {
				r = ""
			}
			if got := redactToken(tc.text, r, "FP"); got != tc.want {
				t.Errorf("redactToken = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestTokenDiagnosticRedactsForeignErrors checks the second line of
// defence: even an error that quotes the token is shown without it.
func TestTokenDiagnosticRedactsForeignErrors(t *testing.T) {
	raw := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpwdWxsX3JlcXVlc3QifQ.c2lnbmF0dXJlLWJ5dGVz"
	d := tokenDiagnostic(tokenPath, jwksPath, raw, errors.New("cannot read "+raw))
	assertNoTokenText(t, raw, d.Summary()+d.Detail())
	if !strings.Contains(d.Detail(), token.Fingerprint(raw)) {
		t.Errorf("detail does not name the fingerprint: %s", d.Detail())
	}
}
