package token

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Spec §1.1 [S22] (RSA/ECDSA signatures), §1.3 (signature against a JWKS).
func TestDecodeVerifiesSignatures(t *testing.T) {
	k := fixtures(t)
	jwks := standardJWKS(t)
	onlyRSA := jwksJSON(t, jwkRSA("rsa-1", &k.rsa.PublicKey))
	duplicateKid := jwksJSON(t, jwkRSA("dup", &k.rsaOther.PublicKey), jwkRSA("dup", &k.rsa.PublicKey))
	tests := []struct {
		name   string
		method jwt.SigningMethod
		key    any
		kid    string
		jwks   []byte
	}{
		{"RS256", jwt.SigningMethodRS256, k.rsa, "rsa-1", jwks},
		{"RS384", jwt.SigningMethodRS384, k.rsa, "rsa-1", jwks},
		{"RS512", jwt.SigningMethodRS512, k.rsa, "rsa-1", jwks},
		{"PS256", jwt.SigningMethodPS256, k.rsa, "rsa-1", jwks},
		{"PS512", jwt.SigningMethodPS512, k.rsa, "rsa-1", jwks},
		{"ES256", jwt.SigningMethodES256, k.p256, "ec-256", jwks},
		{"ES384", jwt.SigningMethodES384, k.p384, "ec-384", jwks},
		{"no kid, single RSA key in JWKS", jwt.SigningMethodRS256, k.rsa, "", onlyRSA},
		{"no kid, single P-256 key among others", jwt.SigningMethodES256, k.p256, "", jwks},
		{"duplicate kid, second key verifies", jwt.SigningMethodRS256, k.rsa, "dup", duplicateKid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := sign(t, tc.method, tc.key, tc.kid, baseClaims())
			got, err := Decode(raw, Options{JWKS: tc.jwks})
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !got.SignatureVerified {
				t.Error("SignatureVerified = false, want true")
			}
			if got.Algorithm != tc.method.Alg() || got.KeyID != tc.kid {
				t.Errorf("alg, kid = %q, %q; want %q, %q", got.Algorithm, got.KeyID, tc.method.Alg(), tc.kid)
			}
			if got.Subject != "repo:octo/app:ref:refs/heads/main" {
				t.Errorf("Subject = %q", got.Subject)
			}
		})
	}
}

func TestDecodeWithPreparsedKeySet(t *testing.T) {
	k := fixtures(t)
	set, err := ParseJWKS(standardJWKS(t))
	if err != nil {
		t.Fatal(err)
	}
	raw := sign(t, jwt.SigningMethodES256, k.p256, "ec-256", baseClaims())
	got, err := Decode(raw, Options{KeySet: set})
	if err != nil || !got.SignatureVerified {
		t.Fatalf("Decode = %+v, %v; want verified token", got, err)
	}
}

// Decode-only mode reports every claim and the registered claims (spec §5:
// claim values are used verbatim).
func TestDecodeWithoutJWKS(t *testing.T) {
	k := fixtures(t)
	claims := baseClaims()
	claims["aud"] = []string{"sts.amazonaws.com", "other"}
	claims["enterprise_id"] = "123"
	claims["big"] = json.Number("12345678901234567890")
	claims["nested"] = map[string]any{"a": []any{1, "b"}}
	raw := sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claims)

	got, err := Decode(raw, Options{})
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if got.SignatureVerified {
		t.Error("SignatureVerified = true without a JWKS")
	}
	if got.Issuer != "https://token.actions.githubusercontent.com" {
		t.Errorf("Issuer = %q", got.Issuer)
	}
	if !reflect.DeepEqual(got.Audiences, []string{"sts.amazonaws.com", "other"}) {
		t.Errorf("Audiences = %q", got.Audiences)
	}
	wantIat := time.Unix(1767225600, 0).UTC()
	if got.IssuedAt == nil || !got.IssuedAt.Equal(wantIat) || got.NotBefore == nil || !got.NotBefore.Equal(wantIat) {
		t.Errorf("IssuedAt, NotBefore = %v, %v; want %v", got.IssuedAt, got.NotBefore, wantIat)
	}
	if got.ExpiresAt == nil || got.ExpiresAt.Unix() != 1767229200 || got.ExpiresAt.Location() != time.UTC {
		t.Errorf("ExpiresAt = %v", got.ExpiresAt)
	}
	if got.Claims["big"] != json.Number("12345678901234567890") {
		t.Errorf("big = %#v; numbers must stay json.Number", got.Claims["big"])
	}
	if got.Claims["enterprise_id"] != "123" {
		t.Errorf("enterprise_id = %#v", got.Claims["enterprise_id"])
	}
	nested, _ := got.Claims["nested"].(map[string]any)
	if !reflect.DeepEqual(nested["a"], []any{json.Number("1"), "b"}) {
		t.Errorf("nested = %#v", got.Claims["nested"])
	}
}

// An expired or not-yet-valid token decodes: expiry is the engine's call
// (spec §1.5).
func TestDecodeDoesNotJudgeTimes(t *testing.T) {
	k := fixtures(t)
	claims := baseClaims()
	claims["exp"] = 1 // 1970
	claims["nbf"] = 4102444800
	claims["iat"] = 4102444800 // 2100
	raw := sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claims)
	got, err := Decode(raw, Options{JWKS: standardJWKS(t)})
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if got.ExpiresAt.Unix() != 1 || got.IssuedAt.Unix() != 4102444800 {
		t.Errorf("times = %v, %v", got.ExpiresAt, got.IssuedAt)
	}
}

func TestDecodeAudienceShapes(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    []string
	}{
		{"string", `{"aud":"sts.amazonaws.com","exp":4102444800}`, []string{"sts.amazonaws.com"}},
		{"array", `{"aud":["a","b"],"exp":4102444800}`, []string{"a", "b"}},
		{"empty array", `{"aud":[],"exp":4102444800}`, []string{}},
		{"absent", `{"exp":4102444800}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(unsigned(`{"alg":"RS256"}`, tc.payload), Options{})
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got.Audiences, tc.want) {
				t.Errorf("Audiences = %#v, want %#v", got.Audiences, tc.want)
			}
		})
	}
}

// Spec §1.1 [S22]: WebIdentityToken is 4–20,000 characters.
func TestDecodeLengthLimits(t *testing.T) {
	k := fixtures(t)
	padded := func(pad int) string {
		claims := baseClaims()
		claims["pad"] = strings.Repeat("x", pad)
		return sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claims)
	}
	base := len(padded(0))
	// Every 3 padding bytes add exactly 4 base64url characters.
	sized := func(n int) string {
		raw := padded((n - base) / 4 * 3)
		if len(raw) != n {
			t.Fatalf("built a %d-character token, want %d", len(raw), n)
		}
		return raw
	}
	// Pick sizes reachable in steps of 4 from the base token.
	at := MaxLength - (MaxLength-base)%4
	if _, err := Decode(sized(at), Options{JWKS: standardJWKS(t)}); err != nil {
		t.Errorf("%d-character token: %v", at, err)
	}
	over := at + 4
	_, err := Decode(sized(over), Options{})
	if KindOf(err) != KindBadLength || !strings.Contains(err.Error(), "at most 20000") {
		t.Errorf("%d-character token: err = %v, want bad-length", over, err)
	}
	if _, err := Decode("a.b", Options{}); KindOf(err) != KindBadLength {
		t.Errorf("3-character token: err = %v, want bad-length", err)
	}
	if _, err := Decode("a.bc", Options{}); KindOf(err) != KindMalformed {
		t.Errorf("4-character token: err = %v, want malformed (long enough)", err)
	}
}

func TestFingerprint(t *testing.T) {
	k := fixtures(t)
	raw := sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", baseClaims())
	fp := Fingerprint(raw)
	if !strings.HasPrefix(fp, "sha256:") || len(fp) != len("sha256:")+12 {
		t.Errorf("Fingerprint = %q, want sha256: and 12 hex digits", fp)
	}
	if Fingerprint(raw) != fp || Fingerprint(raw+"x") == fp {
		t.Error("Fingerprint must be deterministic and differ for different tokens")
	}
	assertNoLeak(t, raw, fp)
}

func TestAcceptedAlgorithmsIsACopy(t *testing.T) {
	a := AcceptedAlgorithms()
	a[0] = "none"
	if AcceptedAlgorithms()[0] != "RS256" {
		t.Error("AcceptedAlgorithms exposes the package's slice")
	}
	if !errors.Is(&Error{Kind: KindBadSignature}, ErrBadSignature) || errors.Is(&Error{Kind: KindBadSignature}, ErrMalformed) {
		t.Error("errors.Is must match on Kind")
	}
}
