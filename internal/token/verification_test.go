package token

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// rfc7638 computes the thumbprint from the JWK members as published in
// the JWKS, independently of Key.Thumbprint (which works from the parsed
// public key).
func rfc7638(jwk map[string]any) string {
	var canonical string
	if jwk["kty"] == "RSA" {
		canonical = fmt.Sprintf(`{"e":"%s","kty":"RSA","n":"%s"}`, jwk["e"], jwk["n"])
	} else {
		canonical = fmt.Sprintf(`{"crv":"%s","kty":"EC","x":"%s","y":"%s"}`, jwk["crv"], jwk["x"], jwk["y"])
	}
	sum := sha256.Sum256([]byte(canonical))
	return "sha256:" + b64(sum[:])
}

// TestVerificationNamesTheKey: a verified token says which JWKS key
// verified it (kid and RFC 7638 thumbprint), never the key material; an
// unverified one says why not.
func TestVerificationNamesTheKey(t *testing.T) {
	k := fixtures(t)
	rsaJWK := jwkRSA("rsa-1", &k.rsa.PublicKey)
	ecJWK := jwkEC(t, "", &k.p256.PublicKey)
	dupOther, dupRight := jwkRSA("dup", &k.rsaOther.PublicKey), jwkRSA("dup", &k.rsa.PublicKey)
	tests := []struct {
		name       string
		raw        string
		jwks       []byte
		kid, thumb string
		sentence   string
	}{
		{"RSA with kid", sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", baseClaims()), jwksJSON(t, rsaJWK, jwkRSA("other", &k.rsaOther.PublicKey)),
			"rsa-1", rfc7638(rsaJWK), `verified: the RS256 signature verifies with the JWKS key kid "rsa-1", thumbprint ` + rfc7638(rsaJWK)},
		{"EC without kid", sign(t, jwt.SigningMethodES256, k.p256, "", baseClaims()), jwksJSON(t, ecJWK),
			"", rfc7638(ecJWK), "verified: the ES256 signature verifies with the JWKS key no kid, thumbprint " + rfc7638(ecJWK)},
		{"duplicate kid: the key that verified", sign(t, jwt.SigningMethodRS256, k.rsa, "dup", baseClaims()), jwksJSON(t, dupOther, dupRight),
			"dup", rfc7638(dupRight), rfc7638(dupRight)},
		{"no JWKS", sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", baseClaims()), nil, "", "", NotVerifiedNoJWKS},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.raw, Options{JWKS: tc.jwks})
			if err != nil {
				t.Fatal(err)
			}
			if got.VerifiedKeyID != tc.kid || got.VerifiedKeyThumbprint != tc.thumb {
				t.Errorf("verified key = %q, %q; want %q, %q", got.VerifiedKeyID, got.VerifiedKeyThumbprint, tc.kid, tc.thumb)
			}
			if got.SignatureVerified != (tc.jwks != nil) {
				t.Errorf("SignatureVerified = %v", got.SignatureVerified)
			}
			s := got.Verification()
			if !strings.Contains(s, tc.sentence) {
				t.Errorf("Verification() = %q, want it to contain %q", s, tc.sentence)
			}
			assertNoLeak(t, tc.raw, s)
			for _, material := range []any{rsaJWK["n"], ecJWK["x"], ecJWK["y"]} {
				if strings.Contains(s, material.(string)) {
					t.Errorf("Verification() quotes key material: %q", s)
				}
			}
		})
	}
}

// TestDecodeRefusesTokensWithoutExp: an OpenID Connect ID token must carry
// exp; without it the token is refused, verified or not.
func TestDecodeRefusesTokensWithoutExp(t *testing.T) {
	k := fixtures(t)
	claims := baseClaims()
	delete(claims, "exp")
	raw := sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claims)
	for _, jwks := range [][]byte{nil, standardJWKS(t)} {
		_, err := Decode(raw, Options{JWKS: jwks})
		if !errors.Is(err, ErrBadTimestamp) || !strings.Contains(err.Error(), "no exp claim") {
			t.Errorf("JWKS %v: err = %v, want a bad-timestamp error naming exp", jwks != nil, err)
		}
		if err != nil {
			assertNoLeak(t, raw, err.Error())
		}
	}
}

// TestDecodeRefusesDuplicateMembers: encoding/json silently keeps the
// last of two members with the same name; the token is refused instead.
func TestDecodeRefusesDuplicateMembers(t *testing.T) {
	k := fixtures(t)
	const good = `"iss":"https://token.actions.githubusercontent.com","aud":"sts.amazonaws.com","exp":4102444800`
	tests := []struct {
		name, header, payload string
		member                string // "" when the token is fine
	}{
		{"two sub", `{"alg":"RS256","kid":"rsa-1"}`, `{` + good + `,"sub":"repo:octo/app:ref:refs/heads/main","sub":"repo:evil/x:ref:refs/heads/main"}`, `"sub"`},
		{"escaped duplicate", `{"alg":"RS256","kid":"rsa-1"}`, `{` + good + `,"sub":"a","\u0073ub":"b"}`, `"sub"`},
		{"nested duplicate", `{"alg":"RS256","kid":"rsa-1"}`, `{` + good + `,"sub":"a","https://aws.amazon.com/tags":{"principal_tags":{"team":["a"],"team":["b"]}}}`, `"https://aws.amazon.com/tags"."principal_tags"."team"`},
		{"duplicate in an array's object", `{"alg":"RS256","kid":"rsa-1"}`, `{` + good + `,"sub":"a","x":[{"y":1,"y":2}]}`, `"x"."y"`},
		{"duplicate header alg", `{"alg":"RS256","kid":"rsa-1","alg":"RS256"}`, `{` + good + `,"sub":"a"}`, `"alg"`},
		{"same name in different objects is fine", `{"alg":"RS256","kid":"rsa-1"}`, `{` + good + `,"sub":"a","o":{"sub":"b"},"p":[{"sub":1},{"sub":2}]}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := signRaw(t, jwt.SigningMethodRS256, k.rsa, tc.header, tc.payload)
			_, err := Decode(raw, Options{JWKS: standardJWKS(t)})
			if tc.member == "" {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "member "+tc.member+" more than once") {
				t.Fatalf("err = %v, want malformed naming member %s", err, tc.member)
			}
			assertNoLeak(t, raw, err.Error())
			if strings.Contains(err.Error(), "repo:evil") {
				t.Errorf("the message quotes a claim value: %v", err)
			}
		})
	}
}
