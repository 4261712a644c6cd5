package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// signingKeys are generated once per test binary: RSA generation is slow.
type signingKeys struct {
	rsa, rsaOther *rsa.PrivateKey
	ec            *ecdsa.PrivateKey
}

var (
	signingKeysOnce sync.Once
	testSigningKeys signingKeys
	signingKeysErr  error
)

func fixtureKeys(t testing.TB) signingKeys {
	t.Helper()
	signingKeysOnce.Do(func() {
		var k signingKeys
		if k.rsa, signingKeysErr = rsa.GenerateKey(rand.Reader, 2048); signingKeysErr != nil {
			return
		}
		if k.rsaOther, signingKeysErr = rsa.GenerateKey(rand.Reader, 2048); signingKeysErr != nil {
			return
		}
		if k.ec, signingKeysErr = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); signingKeysErr != nil {
			return
		}
		testSigningKeys = k
	})
	if signingKeysErr != nil {
		t.Fatalf("generating test keys: %v", signingKeysErr)
	}
	return testSigningKeys
}

func fixtureB64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// fixtureJWKS is the JWKS of the RSA key (kid "rsa-1") and the P-256 key
// (kid "ec-1").
func fixtureJWKS(t testing.TB) string {
	t.Helper()
	k := fixtureKeys(t)
	point, err := k.ec.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	size := (len(point) - 1) / 2
	doc := map[string]any{"keys": []map[string]any{
		{"kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256",
			"n": fixtureB64(k.rsa.N.Bytes()), "e": fixtureB64(big.NewInt(int64(k.rsa.E)).Bytes())},
		{"kty": "EC", "kid": "ec-1", "use": "sig", "crv": "P-256",
			"x": fixtureB64(point[1 : 1+size]), "y": fixtureB64(point[1+size:])},
	}}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fixtureGitHubClaims are GitHub Actions claims valid from 2026-01-01T00:00:00Z
// for one hour.
func fixtureGitHubClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss":        "https://token.actions.githubusercontent.com",
		"sub":        "repo:octo-org/app:ref:refs/heads/main",
		"aud":        "sts.amazonaws.com",
		"repository": "octo-org/app",
		"iat":        1767225600,
		"exp":        1767229200,
	}
}

// fixtureSign signs claims; kid "" leaves the header without one.
func fixtureSign(t testing.TB, method jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
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

// fixtureTamper flips one character in the middle of the signature.
func fixtureTamper(raw string) string {
	i := strings.LastIndex(raw, ".") + 10
	c := byte('A')
	if raw[i] == 'A' {
		c = 'B'
	}
	return raw[:i] + string(c) + raw[i+1:]
}

// assertNoTokenText fails when text contains raw or one of its segments
// longer than 8 characters.
func assertNoTokenText(t testing.TB, raw, text string) {
	t.Helper()
	if len(raw) > 8 && strings.Contains(text, raw) {
		t.Errorf("diagnostic contains the raw token: %s", text)
	}
	for _, segment := range strings.Split(raw, ".") {
		if len(segment) > 8 && strings.Contains(text, segment) {
			t.Errorf("diagnostic contains token segment %.12q...: %s", segment, text)
		}
	}
}
