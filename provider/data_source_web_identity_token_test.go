package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/token"
)

// tokenConfig is the configuration of one data source read.
type tokenConfig struct {
	token         string
	tokenUnknown  bool
	jwks          string
	now           string
	oidcProviders map[string][]string // url -> client IDs; nil leaves the argument out
}

// configValue builds the raw configuration Terraform would send.
func (c tokenConfig) configValue(t *testing.T) tftypes.Value {
	t.Helper()
	objType, ok := webIdentityTokenSchema().Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		t.Fatal("the data source schema is not an object type")
	}
	vals := make(map[string]tftypes.Value, len(objType.AttributeTypes))
	for name, typ := range objType.AttributeTypes {
		vals[name] = tftypes.NewValue(typ, nil)
	}
	vals["token"] = tftypes.NewValue(tftypes.String, c.token)
	if c.tokenUnknown {
		vals["token"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	}
	if c.jwks != "" {
		vals["jwks"] = tftypes.NewValue(tftypes.String, c.jwks)
	}
	if c.now != "" {
		vals["now"] = tftypes.NewValue(tftypes.String, c.now)
	}
	if c.oidcProviders != nil {
		listType := objType.AttributeTypes["oidc_providers"].(tftypes.List)
		elemType := listType.ElementType.(tftypes.Object)
		var elems []tftypes.Value
		for url, ids := range c.oidcProviders {
			var idVals []tftypes.Value
			for _, id := range ids {
				idVals = append(idVals, tftypes.NewValue(tftypes.String, id))
			}
			elems = append(elems, tftypes.NewValue(elemType, map[string]tftypes.Value{
				"url":        tftypes.NewValue(tftypes.String, url),
				"client_ids": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, idVals),
			}))
		}
		vals["oidc_providers"] = tftypes.NewValue(listType, elems)
	}
	return tftypes.NewValue(objType, vals)
}

// readTokenDataSource runs Read the way the framework server does and
// returns the state and diagnostics.
func readTokenDataSource(t *testing.T, c tokenConfig) (tfsdk.State, diag.Diagnostics) {
	t.Helper()
	s := webIdentityTokenSchema()
	raw := c.configValue(t)
	req := datasource.ReadRequest{Config: tfsdk.Config{Schema: s, Raw: raw}}
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: s, Raw: raw.Copy()}}
	NewWebIdentityTokenDataSource().Read(context.Background(), req, &resp)
	return resp.State, resp.Diagnostics
}

func readTokenModel(t *testing.T, c tokenConfig) webIdentityTokenModel {
	t.Helper()
	state, diags := readTokenDataSource(t, c)
	for _, d := range diags {
		t.Fatalf("unexpected diagnostic: %s: %s", d.Summary(), d.Detail())
	}
	var m webIdentityTokenModel
	if diags := state.Get(context.Background(), &m); diags.HasError() {
		t.Fatalf("reading the state: %v", diags)
	}
	return m
}

// TestWebIdentityTokenDecodes covers valid tokens with and without a JWKS
// and the STS answers of spec §1 (provider, audience, expiry).
func TestWebIdentityTokenDecodes(t *testing.T) {
	k := fixtureKeys(t)
	jwks := fixtureJWKS(t)
	rsaToken := fixtureSign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", fixtureGitHubClaims())
	ecToken := fixtureSign(t, jwt.SigningMethodES256, k.ec, "ec-1", fixtureGitHubClaims())
	github := map[string][]string{"token.actions.githubusercontent.com": {"sts.amazonaws.com"}}

	tests := []struct {
		name         string
		config       tokenConfig
		wantAlg      string
		wantKid      string
		wantVerified bool
		wantExpired  bool
		wantSTSError string
	}{
		{name: "RS256 verified", config: tokenConfig{token: rsaToken, jwks: jwks, now: "2026-01-01T00:30:00Z"},
			wantAlg: "RS256", wantKid: "rsa-1", wantVerified: true},
		{name: "ES256 verified", config: tokenConfig{token: ecToken, jwks: jwks, now: "2026-01-01T00:30:00Z"},
			wantAlg: "ES256", wantKid: "ec-1", wantVerified: true},
		{name: "decoded without a JWKS is not verified", config: tokenConfig{token: rsaToken, now: "2026-01-01T00:30:00Z"},
			wantAlg: "RS256", wantKid: "rsa-1"},
		{name: "registered issuer and audience (spec §1.2, §1.4)",
			config:  tokenConfig{token: rsaToken, jwks: jwks, now: "2026-01-01T00:30:00Z", oidcProviders: github},
			wantAlg: "RS256", wantKid: "rsa-1", wantVerified: true},
		{name: "expired at exp (spec §1.5)", config: tokenConfig{token: rsaToken, jwks: jwks, now: "2026-01-01T01:00:00Z"},
			wantAlg: "RS256", wantKid: "rsa-1", wantVerified: true, wantExpired: true, wantSTSError: "ExpiredTokenException: "},
		{name: "audience not in client IDs (spec §1.4)",
			config: tokenConfig{token: rsaToken, now: "2026-01-01T00:30:00Z",
				oidcProviders: map[string][]string{"token.actions.githubusercontent.com": {"my-app"}}},
			wantAlg: "RS256", wantKid: "rsa-1", wantSTSError: "InvalidIdentityToken: Incorrect token audience"},
		{name: "issuer not registered (spec §1.2)",
			config: tokenConfig{token: rsaToken, now: "2026-01-01T00:30:00Z",
				oidcProviders: map[string][]string{"oidc.eks.eu-west-1.amazonaws.com/id/ABC": {"sts.amazonaws.com"}}},
			wantAlg: "RS256", wantKid: "rsa-1",
			wantSTSError: "InvalidIdentityToken: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := readTokenModel(t, tc.config)
			if got, want := m.ID.ValueString(), token.Fingerprint(tc.config.token); got != want {
				t.Errorf("id = %q, want the fingerprint %q", got, want)
			}
			if got := m.Issuer.ValueString(); got != "https://token.actions.githubusercontent.com" {
				t.Errorf("issuer = %q", got)
			}
			if got := m.Subject.ValueString(); got != "repo:octo-org/app:ref:refs/heads/main" {
				t.Errorf("subject = %q", got)
			}
			if len(m.Audiences) != 1 || m.Audiences[0] != "sts.amazonaws.com" {
				t.Errorf("audiences = %q, want [sts.amazonaws.com]", m.Audiences)
			}
			wantClaims := `{"aud":"sts.amazonaws.com","exp":1767229200,"iat":1767225600,` +
				`"iss":"https://token.actions.githubusercontent.com","repository":"octo-org/app","sub":"repo:octo-org/app:ref:refs/heads/main"}`
			if got := m.ClaimsJSON.ValueString(); got != wantClaims {
				t.Errorf("claims_json = %s\nwant          %s", got, wantClaims)
			}
			if got := m.IssuedAt.ValueString(); got != "2026-01-01T00:00:00Z" {
				t.Errorf("issued_at = %q", got)
			}
			if got := m.ExpiresAt.ValueString(); got != "2026-01-01T01:00:00Z" {
				t.Errorf("expires_at = %q", got)
			}
			if got := m.Algorithm.ValueString(); got != tc.wantAlg {
				t.Errorf("algorithm = %q, want %q", got, tc.wantAlg)
			}
			if got := m.KeyID.ValueString(); got != tc.wantKid {
				t.Errorf("key_id = %q, want %q", got, tc.wantKid)
			}
			if got := m.SignatureVerified.ValueBool(); got != tc.wantVerified {
				t.Errorf("signature_verified = %v, want %v", got, tc.wantVerified)
			}
			wantVerification := "not verified: no jwks given, so the signature was not checked"
			if tc.wantVerified {
				wantVerification = "verified: the " + tc.wantAlg + " signature verifies with the JWKS key kid \"" + tc.wantKid + "\", thumbprint sha256:"
			}
			if got := m.Verification.ValueString(); !strings.HasPrefix(got, wantVerification) {
				t.Errorf("signature_verification = %q, want it to start with %q", got, wantVerification)
			}
			assertNoTokenText(t, tc.config.token, m.Verification.ValueString())
			if got := m.Expired.ValueBool(); got != tc.wantExpired {
				t.Errorf("expired = %v, want %v", got, tc.wantExpired)
			}
			got := m.STSError.ValueString()
			if (tc.wantSTSError == "") != (got == "") || !strings.HasPrefix(got, tc.wantSTSError) {
				t.Errorf("sts_error = %q, want %q", got, tc.wantSTSError)
			}
		})
	}
}

// TestWebIdentityTokenAbsentClaims checks that claims a token lacks are
// null (times, kid, iss, sub) or empty (audiences), never made up.
func TestWebIdentityTokenAbsentClaims(t *testing.T) {
	raw := fixtureSign(t, jwt.SigningMethodRS256, fixtureKeys(t).rsa, "", jwt.MapClaims{"custom": "<x>", "exp": 4102444800})
	m := readTokenModel(t, tokenConfig{token: raw, now: "2026-01-01T00:30:00Z"})
	for name, v := range map[string]interface{ IsNull() bool }{
		"issuer": m.Issuer, "subject": m.Subject, "issued_at": m.IssuedAt, "key_id": m.KeyID,
	} {
		if !v.IsNull() {
			t.Errorf("%s = %v, want null", name, v)
		}
	}
	if m.Audiences == nil || len(m.Audiences) != 0 {
		t.Errorf("audiences = %#v, want an empty list", m.Audiences)
	}
	if got := m.ClaimsJSON.ValueString(); got != `{"custom":"<x>","exp":4102444800}` {
		t.Errorf("claims_json = %s, want HTML characters unescaped", got)
	}
	if m.Expired.ValueBool() || m.STSError.ValueString() != evaluate.MissingAudError {
		t.Errorf("a token with exp but no aud is not expired, and is refused: expired=%v sts_error=%q, want %q", m.Expired, m.STSError, evaluate.MissingAudError)
	}
	expiredNoAud := fixtureSign(t, jwt.SigningMethodRS256, fixtureKeys(t).rsa, "", jwt.MapClaims{"exp": 1})
	if m := readTokenModel(t, tokenConfig{token: expiredNoAud}); !m.Expired.ValueBool() || m.STSError.ValueString() != evaluate.MissingAudError {
		t.Errorf("an expired token without aud: expired=%v sts_error=%q, want true and %q", m.Expired, m.STSError, evaluate.MissingAudError)
	}
}

// TestWebIdentityTokenRejected covers every token STS never accepts: the
// read fails with an error on the token (or jwks) attribute whose text
// names the token only by fingerprint (spec §1.1, §1.3).
func TestWebIdentityTokenRejected(t *testing.T) {
	k := fixtureKeys(t)
	jwks := fixtureJWKS(t)
	valid := fixtureSign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", fixtureGitHubClaims())
	none := fixtureSign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "rsa-1", fixtureGitHubClaims())
	hmac := fixtureSign(t, jwt.SigningMethodHS256, []byte("a-shared-secret-of-32-bytes-long"), "rsa-1", fixtureGitHubClaims())
	header, payload, _ := strings.Cut(valid, ".")
	payload, _, _ = strings.Cut(payload, ".")

	tests := []struct {
		name     string
		config   tokenConfig
		wantPath path.Path
		wantKind token.Kind
	}{
		{name: "alg none", config: tokenConfig{token: none}, wantPath: tokenPath, wantKind: token.KindUnsupportedAlgorithm},
		{name: "alg none with a JWKS", config: tokenConfig{token: none, jwks: jwks}, wantPath: tokenPath, wantKind: token.KindUnsupportedAlgorithm},
		{name: "HS256", config: tokenConfig{token: hmac, jwks: jwks}, wantPath: tokenPath, wantKind: token.KindUnsupportedAlgorithm},
		{name: "kid not in the JWKS",
			config:   tokenConfig{token: fixtureSign(t, jwt.SigningMethodRS256, k.rsa, "rotated-away", fixtureGitHubClaims()), jwks: jwks},
			wantPath: tokenPath, wantKind: token.KindUnknownKey},
		{name: "signed by another key under a listed kid",
			config:   tokenConfig{token: fixtureSign(t, jwt.SigningMethodRS256, k.rsaOther, "rsa-1", fixtureGitHubClaims()), jwks: jwks},
			wantPath: tokenPath, wantKind: token.KindBadSignature},
		{name: "tampered signature", config: tokenConfig{token: fixtureTamper(valid), jwks: jwks},
			wantPath: tokenPath, wantKind: token.KindBadSignature},
		{name: "tampered payload", config: tokenConfig{token: header + "." + fixtureB64([]byte(`{"sub":"admin"}`)) + valid[len(header)+1+len(payload):], jwks: jwks},
			wantPath: tokenPath, wantKind: token.KindBadSignature},
		{name: "two segments", config: tokenConfig{token: header + "." + payload}, wantPath: tokenPath, wantKind: token.KindMalformed},
		{name: "four segments", config: tokenConfig{token: valid + ".extra"}, wantPath: tokenPath, wantKind: token.KindMalformed},
		{name: "segment not base64url", config: tokenConfig{token: header + ".%%%not-base64%%%." + payload}, wantPath: tokenPath, wantKind: token.KindMalformed},
		{name: "payload not JSON", config: tokenConfig{token: header + "." + fixtureB64([]byte("not json at all")) + ".c2lnbmF0dXJl"},
			wantPath: tokenPath, wantKind: token.KindMalformed},
		{name: "too short", config: tokenConfig{token: "a.b"}, wantPath: tokenPath, wantKind: token.KindBadLength},
		{name: "no exp (an OpenID Connect ID token must carry it)",
			config:   tokenConfig{token: fixtureSign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", jwt.MapClaims{"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r:ref:refs/heads/main", "aud": "sts.amazonaws.com"}), jwks: jwks},
			wantPath: tokenPath, wantKind: token.KindBadTimestamp},
		{name: "payload with two sub members",
			config:   tokenConfig{token: header + "." + fixtureB64([]byte(`{"iss":"https://token.actions.githubusercontent.com","aud":"sts.amazonaws.com","exp":1767229200,"sub":"repo:o/r:ref:refs/heads/main","sub":"repo:evil/x:ref:refs/heads/main"}`)) + ".c2lnbmF0dXJl"},
			wantPath: tokenPath, wantKind: token.KindMalformed},
		{name: "JWKS without usable keys", config: tokenConfig{token: valid, jwks: `{"keys": []}`}, wantPath: jwksPath, wantKind: token.KindBadJWKS},
		{name: "JWKS not JSON", config: tokenConfig{token: valid, jwks: "not json"}, wantPath: jwksPath, wantKind: token.KindBadJWKS},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := tc.config.token
			if _, err := token.Decode(raw, token.Options{JWKS: []byte(tc.config.jwks)}); token.KindOf(err) != tc.wantKind {
				t.Fatalf("fixture: token.Decode error kind = %q (%v), want %q", token.KindOf(err), err, tc.wantKind)
			}
			state, diags := readTokenDataSource(t, tc.config)
			if diags.ErrorsCount() != 1 || len(diags) != 1 {
				t.Fatalf("want exactly one error diagnostic, got %v", diags)
			}
			d := diags[0]
			withPath, ok := d.(diag.DiagnosticWithPath)
			if !ok || !withPath.Path().Equal(tc.wantPath) {
				t.Errorf("diagnostic is not on %s: %#v", tc.wantPath, d)
			}
			t.Logf("%s: %s", d.Summary(), d.Detail())
			assertNoTokenText(t, raw, d.Summary()+"\n"+d.Detail())
			if tc.wantPath.Equal(tokenPath) && !strings.Contains(d.Detail(), token.Fingerprint(raw)) {
				t.Errorf("detail does not name the token by its fingerprint %s: %s", token.Fingerprint(raw), d.Detail())
			}
			var id *string
			_ = state.GetAttribute(context.Background(), path.Root("id"), &id)
			if id != nil {
				t.Errorf("a rejected token must not get an id, got %q", *id)
			}
		})
	}
}

// TestWebIdentityTokenBadNow checks the now argument's error.
func TestWebIdentityTokenBadNow(t *testing.T) {
	raw := fixtureSign(t, jwt.SigningMethodRS256, fixtureKeys(t).rsa, "rsa-1", fixtureGitHubClaims())
	_, diags := readTokenDataSource(t, tokenConfig{token: raw, now: "yesterday"})
	if diags.ErrorsCount() != 1 {
		t.Fatalf("want one error, got %v", diags)
	}
	if withPath, ok := diags[0].(diag.DiagnosticWithPath); !ok || !withPath.Path().Equal(nowPath) {
		t.Errorf("diagnostic is not on now: %v", diags[0])
	}
	if !strings.Contains(diags[0].Detail(), "RFC 3339") {
		t.Errorf("detail does not say which format to use: %s", diags[0].Detail())
	}
}

// TestWebIdentityTokenUnknownIsDeferred checks that an unknown token at
// plan time leaves the state as configured, without diagnostics.
func TestWebIdentityTokenUnknownIsDeferred(t *testing.T) {
	c := tokenConfig{tokenUnknown: true}
	state, diags := readTokenDataSource(t, c)
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if !state.Raw.Equal(c.configValue(t)) {
		t.Errorf("state changed for an unknown token: %v", state.Raw)
	}
}

// TestWebIdentityTokenValidateConfig checks that jwks and now are refused
// by terraform validate, before any read.
func TestWebIdentityTokenValidateConfig(t *testing.T) {
	tests := []struct {
		name     string
		config   tokenConfig
		wantPath *path.Path
	}{
		{name: "valid", config: tokenConfig{token: "x", jwks: fixtureJWKS(t), now: "2026-01-01T00:00:00Z"}},
		{name: "nothing optional", config: tokenConfig{tokenUnknown: true}},
		{name: "bad JWKS", config: tokenConfig{token: "x", jwks: `{"keys": [{"kty": "RSA"}]}`}, wantPath: &jwksPath},
		{name: "bad now", config: tokenConfig{token: "x", now: "2026-01-01"}, wantPath: &nowPath},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := webIdentityTokenSchema()
			req := datasource.ValidateConfigRequest{Config: tfsdk.Config{Schema: s, Raw: tc.config.configValue(t)}}
			var resp datasource.ValidateConfigResponse
			(&WebIdentityTokenDataSource{}).ValidateConfig(context.Background(), req, &resp)
			if tc.wantPath == nil {
				if len(resp.Diagnostics) != 0 {
					t.Errorf("unexpected diagnostics: %v", resp.Diagnostics)
				}
				return
			}
			if resp.Diagnostics.ErrorsCount() != 1 {
				t.Fatalf("want one error, got %v", resp.Diagnostics)
			}
			if withPath, ok := resp.Diagnostics[0].(diag.DiagnosticWithPath); !ok || !withPath.Path().Equal(*tc.wantPath) {
				t.Errorf("diagnostic is not on %s: %v", *tc.wantPath, resp.Diagnostics[0])
			}
		})
	}
}
