package provider

import (
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// TestTokenBindingStatesSignature: a web_identity_token binding of
// stsguard_role_trust says, in its bindings element and in its diagnostic,
// whether the signature was verified and with which key, or why not; the
// other kinds leave signature "". The token itself never appears.
func TestTokenBindingStatesSignature(t *testing.T) {
	k := fixtureKeys(t)
	raw := fixtureSign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", fixtureGitHubClaims())
	doc, _, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:someone/else:ref:refs/heads/main"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, jwks, want string
	}{
		{"no jwks", "", "not verified: no jwks given, so the signature was not checked"},
		{"jwks", fixtureJWKS(t), `verified: the RS256 signature verifies with the JWKS key kid "rsa-1", thumbprint sha256:`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rs := check.Run(check.Input{Policy: doc, RoleARN: "arn:aws:iam::111122223333:role/deploy", Bindings: []check.Binding{
				{Label: "captured", Caller: &check.TokenCaller{Token: raw, JWKS: tc.jwks}},
			}})
			if rs[0].Err != nil {
				t.Fatal(rs[0].Err)
			}
			var fields map[string]tftypes.Value
			if err := bindingValue(rs[0]).As(&fields); err != nil {
				t.Fatal(err)
			}
			var got string
			if err := fields["signature"].As(&got); err != nil || !strings.HasPrefix(got, tc.want) {
				t.Errorf("bindings signature = %q, want it to start with %q", got, tc.want)
			}
			var diags diag.Diagnostics
			addBindingDiagnostic(&diags, "error", path.Root("web_identity_token").AtListIndex(0), rs[0])
			if len(diags) != 1 || !strings.Contains(diags[0].Detail(), rs[0].TokenFingerprint+", "+tc.want) {
				t.Fatalf("diagnostic does not state the signature check: %v", diags)
			}
			assertNoTokenText(t, raw, diags[0].Summary()+diags[0].Detail()+got)
		})
	}
	// Other binding kinds: signature is "".
	var fields map[string]tftypes.Value
	if err := bindingValue(check.Result{Label: "x", Kind: "github_actions"}).As(&fields); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := fields["signature"].As(&got); err != nil || got != "" {
		t.Errorf("signature of a non-token binding = %q, want \"\"", got)
	}
}
