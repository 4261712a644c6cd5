package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
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

// testJWT is a token-shaped string (header {"alg":"RS256"}).
const testJWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"

// TestDiagnosticsNeverCarryATokenShape (issue 16 point 2): Terraform does
// not tell a provider which values are sensitive, so every diagnostic and
// function error passes a JSON Web Token filter; the rest of the text,
// the severity and the attribute path are kept.
func TestDiagnosticsNeverCarryATokenShape(t *testing.T) {
	at := path.Root("policy")
	in := diag.Diagnostics{
		diag.NewAttributeErrorDiagnostic(at, "Refused "+testJWT, "the subject "+testJWT+" differs"),
		diag.NewWarningDiagnostic("plain", "nothing to hide"),
		diag.NewErrorDiagnostic("x", "glued-"+testJWT),
	}
	out := safeDiagnostics(in)
	if len(out) != len(in) {
		t.Fatalf("%d diagnostics, want %d", len(out), len(in))
	}
	for i, d := range out {
		if strings.Contains(d.Summary()+d.Detail(), "eyJhbGci") {
			t.Errorf("diagnostic %d still has the token: %s / %s", i, d.Summary(), d.Detail())
		}
		if d.Severity() != in[i].Severity() {
			t.Errorf("diagnostic %d: severity %v, want %v", i, d.Severity(), in[i].Severity())
		}
	}
	if p, ok := out[0].(diag.DiagnosticWithPath); !ok || !p.Path().Equal(at) {
		t.Error("the attribute path was lost")
	}
	if out[1] != in[1] || !strings.Contains(out[0].Detail(), "the subject (token) differs") {
		t.Errorf("text around the token must stay: %q", out[0].Detail())
	}
	if got := safeFuncError(function.NewArgumentFuncError(1, "bad "+testJWT)); got.Text != "bad (token)" || got.FunctionArgument == nil || *got.FunctionArgument != 1 {
		t.Errorf("function error = %+v", got)
	}
	if safeFuncError(nil) != nil {
		t.Error("nil must stay nil")
	}
}

// TestRoleTrustDiagnosticsHideTokens: a token pasted where a value
// belongs (here the service account's namespace) is not echoed by the
// data source's diagnostics.
func TestRoleTrustDiagnosticsHideTokens(t *testing.T) {
	diags := readRoleTrustNamespace(t, "error", testJWT)
	if len(diags) == 0 {
		t.Fatal("want a diagnostic for the refused binding")
	}
	for _, d := range diags {
		if strings.Contains(d.Summary()+d.Detail(), "eyJhbGci") || strings.Contains(d.Summary()+d.Detail(), "c2lnbmF0dXJl") {
			t.Errorf("diagnostic echoes the token: %s / %s", d.Summary(), d.Detail())
		}
	}
}
