package acceptance

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/stsguard/terraform-provider-stsguard/internal/token"
)

// witKeys are the signing keys of one test: an RSA key, an ECDSA P-256
// key, and an RSA key the JWKS does not list.
type witKeys struct {
	rsa, rsaOther *rsa.PrivateKey
	ec            *ecdsa.PrivateKey
}

// newWitKeys generates the keys of a test.
func newWitKeys(t *testing.T) witKeys {
	t.Helper()
	var k witKeys
	var err error
	if k.rsa, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if k.rsaOther, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if k.ec, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	return k
}

func witB64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// jwks returns the JWKS listing the RSA key as "rsa-1" and the ECDSA key as
// "ec-1".
func (k witKeys) jwks(t *testing.T) string {
	t.Helper()
	point, err := k.ec.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	size := (len(point) - 1) / 2
	b, err := json.Marshal(map[string]any{"keys": []map[string]any{
		{"kty": "RSA", "kid": "rsa-1", "use": "sig", "n": witB64(k.rsa.N.Bytes()), "e": witB64(big.NewInt(int64(k.rsa.E)).Bytes())},
		{"kty": "EC", "kid": "ec-1", "use": "sig", "crv": "P-256", "x": witB64(point[1 : 1+size]), "y": witB64(point[1+size:])},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// witClaims are GitHub Actions claims issued 2026-01-01T00:00:00Z,
// expiring an hour later.
func witClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss":        "https://token.actions.githubusercontent.com",
		"sub":        "repo:octo-org/octo-repo:ref:refs/heads/main",
		"aud":        "sts.amazonaws.com",
		"repository": "octo-org/octo-repo",
		"iat":        1767225600,
		"exp":        1767229200,
	}
}

// witSign signs claims with golang-jwt; kid "" leaves the header without
// one.
func witSign(t *testing.T, method jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("signing a test token: %v", err)
	}
	return s
}

// witConfig reads the token in var.token (sensitive, as a real token
// should be) with the given extra arguments.
func witConfig(arguments string) string {
	return providerConfig() + `
variable "token" {
  type      = string
  sensitive = true
}

variable "jwks" {
  type    = string
  default = null
}

data "stsguard_web_identity_token" "ci" {
  token = var.token
  jwks  = var.jwks
` + arguments + `
}
`
}

// witVariables passes the token and, when not "", the JWKS.
func witVariables(raw, jwks string) config.Variables {
	vars := config.Variables{"token": config.StringVariable(raw)}
	if jwks != "" {
		vars["jwks"] = config.StringVariable(jwks)
	}
	return vars
}

// witAttr asserts one attribute of data.stsguard_web_identity_token.ci.
func witAttr(name string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.stsguard_web_identity_token.ci", tfjsonpath.New(name), check)
}

// TestWebIdentityTokenVerified decodes RSA and ECDSA tokens, verifies them
// against a JWKS generated in the test, and finds nothing STS would
// refuse before the policy.
func TestWebIdentityTokenVerified(t *testing.T) {
	k := newWitKeys(t)
	jwks := k.jwks(t)
	registered := `
  now            = "2026-01-01T00:30:00Z"
  oidc_providers = [{ url = "token.actions.githubusercontent.com", client_ids = ["sts.amazonaws.com"] }]
`
	tests := []struct {
		name, raw, alg, kid string
	}{
		{name: "RS256", raw: witSign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", witClaims()), alg: "RS256", kid: "rsa-1"},
		{name: "ES256", raw: witSign(t, jwt.SigningMethodES256, k.ec, "ec-1", witClaims()), alg: "ES256", kid: "ec-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   terraformVersionChecks,
				Steps: []resource.TestStep{{
					Config:          witConfig(registered),
					ConfigVariables: witVariables(tc.raw, jwks),
					ConfigStateChecks: []statecheck.StateCheck{
						witAttr("id", knownvalue.StringExact(token.Fingerprint(tc.raw))),
						witAttr("issuer", knownvalue.StringExact("https://token.actions.githubusercontent.com")),
						witAttr("subject", knownvalue.StringExact("repo:octo-org/octo-repo:ref:refs/heads/main")),
						witAttr("audiences", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("sts.amazonaws.com")})),
						witAttr("claims_json", knownvalue.StringExact(`{"aud":"sts.amazonaws.com","exp":1767229200,"iat":1767225600,`+
							`"iss":"https://token.actions.githubusercontent.com","repository":"octo-org/octo-repo","sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}`)),
						witAttr("issued_at", knownvalue.StringExact("2026-01-01T00:00:00Z")),
						witAttr("expires_at", knownvalue.StringExact("2026-01-01T01:00:00Z")),
						witAttr("algorithm", knownvalue.StringExact(tc.alg)),
						witAttr("key_id", knownvalue.StringExact(tc.kid)),
						witAttr("signature_verified", knownvalue.Bool(true)),
						witAttr("expired", knownvalue.Bool(false)),
						witAttr("sts_error", knownvalue.StringExact("")),
					},
				}},
			})
		})
	}
}

// TestWebIdentityTokenSTSErrors checks what STS would answer before the
// policy: an expired token (spec §1.5) and an audience the provider does
// not list (spec §1.4).
func TestWebIdentityTokenSTSErrors(t *testing.T) {
	k := newWitKeys(t)
	jwks := k.jwks(t)
	raw := witSign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", witClaims())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: witConfig(`
  now            = "2026-01-01T01:00:00Z"
  oidc_providers = [{ url = "token.actions.githubusercontent.com", client_ids = ["sts.amazonaws.com"] }]
`),
				ConfigVariables: witVariables(raw, jwks),
				ConfigStateChecks: []statecheck.StateCheck{
					witAttr("signature_verified", knownvalue.Bool(true)),
					witAttr("expired", knownvalue.Bool(true)),
					witAttr("sts_error", knownvalue.StringRegexp(regexp.MustCompile(`^ExpiredTokenException: `))),
				},
			},
			{
				Config: witConfig(`
  now            = "2026-01-01T00:30:00Z"
  oidc_providers = [{ url = "token.actions.githubusercontent.com", client_ids = ["my-deploy-app"] }]
`),
				ConfigVariables: witVariables(raw, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					witAttr("signature_verified", knownvalue.Bool(false)),
					witAttr("expired", knownvalue.Bool(false)),
					witAttr("sts_error", knownvalue.StringExact("InvalidIdentityToken: Incorrect token audience")),
				},
			},
			{
				Config: witConfig(`
  now            = "2026-01-01T00:30:00Z"
  oidc_providers = []
`),
				ConfigVariables: witVariables(raw, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					witAttr("sts_error", knownvalue.StringExact(
						"InvalidIdentityToken: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com")),
				},
			},
		},
	})
}

// TestWebIdentityTokenUnknownAtPlan reads a token that is only known
// during apply: Terraform defers the read, and the values arrive with the
// apply.
func TestWebIdentityTokenUnknownAtPlan(t *testing.T) {
	k := newWitKeys(t)
	raw := witSign(t, jwt.SigningMethodES256, k.ec, "ec-1", witClaims())
	config := providerConfig() + `
variable "token" {
  type      = string
  sensitive = true
}

resource "terraform_data" "token_source" {
  input = var.token
}

data "stsguard_web_identity_token" "ci" {
  token = terraform_data.token_source.output
  now   = "2026-01-01T00:30:00Z"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{
			Config:          config,
			ConfigVariables: witVariables(raw, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("data.stsguard_web_identity_token.ci", plancheck.ResourceActionRead),
				plancheck.ExpectUnknownValue("data.stsguard_web_identity_token.ci", tfjsonpath.New("subject")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				witAttr("subject", knownvalue.StringExact("repo:octo-org/octo-repo:ref:refs/heads/main")),
				witAttr("algorithm", knownvalue.StringExact("ES256")),
				witAttr("signature_verified", knownvalue.Bool(false)),
			},
		}},
	})
}

// TestWebIdentityTokenRejectedInTerraform checks that tokens STS never
// accepts fail the plan with an error on the token that names it by
// fingerprint and never shows it. Every kind is covered in more detail by
// the provider package's unit tests.
func TestWebIdentityTokenRejectedInTerraform(t *testing.T) {
	k := newWitKeys(t)
	jwks := k.jwks(t)
	valid := witSign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", witClaims())
	header, rest, _ := strings.Cut(valid, ".")
	payload, _, _ := strings.Cut(rest, ".")
	tests := []struct {
		name, raw, want string
	}{
		{name: "alg none", raw: witSign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "", witClaims()), want: `alg\s+"none"`},
		{name: "HS256", raw: witSign(t, jwt.SigningMethodHS256, []byte("a-shared-secret-of-32-bytes-long"), "rsa-1", witClaims()), want: `HS256`},
		{name: "kid not in the JWKS", raw: witSign(t, jwt.SigningMethodRS256, k.rsa, "rotated-away", witClaims()), want: `"rotated-away"\s+is\s+not\s+in\s+the\s+JWKS`},
		{name: "wrong key", raw: witSign(t, jwt.SigningMethodRS256, k.rsaOther, "rsa-1", witClaims()), want: `does\s+not\s+verify`},
		{name: "malformed segments", raw: header + "." + payload, want: `three\s+dot-separated\s+segments\s+\(header,\s+payload\s+and\s+signature\);\s+this\s+token\s+has\s+2`},
	}
	var steps []resource.TestStep
	for _, tc := range tests {
		fingerprint := regexp.QuoteMeta(token.Fingerprint(tc.raw))
		steps = append(steps, resource.TestStep{
			Config:          witConfig(""),
			ConfigVariables: witVariables(tc.raw, jwks),
			ExpectError: regexp.MustCompile(`Error:\s+Invalid\s+web\s+identity\s+token[\s\S]*` +
				`Token\s+` + fingerprint + `\s+was\s+rejected:[\s\S]*` + tc.want),
		})
	}
	// ExpectError cannot assert an absence, so the same configurations run
	// once more without it and ErrorCheck inspects the whole error text.
	var leaks []string
	errorsSeen := 0
	for _, tc := range tests {
		steps = append(steps, resource.TestStep{Config: witConfig(""), ConfigVariables: witVariables(tc.raw, jwks)})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		ErrorCheck: func(err error) error {
			errorsSeen++
			text := err.Error()
			for _, tc := range tests {
				for _, secret := range append([]string{tc.raw}, strings.Split(tc.raw, ".")...) {
					if len(secret) > 8 && strings.Contains(text, secret) {
						leaks = append(leaks, fmt.Sprintf("%s: %.16s...", tc.name, secret))
					}
				}
			}
			if !strings.Contains(text, "Invalid web identity token") {
				return err
			}
			return nil
		},
		Steps: steps,
	})
	if errorsSeen != len(tests) {
		t.Errorf("ErrorCheck saw %d errors, want one per rejected token (%d)", errorsSeen, len(tests))
	}
	for _, leak := range leaks {
		t.Errorf("the Terraform output contains the token: %s", leak)
	}
}

// TestWebIdentityTokenExample runs
// examples/data-sources/stsguard_web_identity_token/data-source.tf through
// terraform with a token and JWKS generated here.
func TestWebIdentityTokenExample(t *testing.T) {
	k := newWitKeys(t)
	claims := witClaims()
	claims["exp"] = 4102444800 // 2100-01-01: the example judges expiry at the current time
	raw := witSign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claims)
	example, err := os.ReadFile(filepath.Join(examplesRoot, "data-sources", "stsguard_web_identity_token", "data-source.tf"))
	if err != nil {
		t.Fatalf("reading the example: %v", err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{
			Config: providerConfig() + string(example),
			ConfigVariables: config.Variables{
				"web_identity_token": config.StringVariable(raw),
				"issuer_jwks":        config.StringVariable(k.jwks(t)),
			},
			ConfigStateChecks: []statecheck.StateCheck{
				witAttr("signature_verified", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("sts_error", knownvalue.StringExact("")),
				statecheck.ExpectKnownOutputValue("repository", knownvalue.StringExact("octo-org/octo-repo")),
			},
		}},
	})
}
