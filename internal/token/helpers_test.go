package token

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

// testKeys are generated once per test binary: RSA key generation is slow.
type testKeys struct {
	rsa, rsaOther *rsa.PrivateKey
	p256, p384    *ecdsa.PrivateKey
	p256Other     *ecdsa.PrivateKey
}

var (
	keysOnce sync.Once
	keys     testKeys
)

func fixtures(t testing.TB) testKeys {
	t.Helper()
	keysOnce.Do(func() {
		mustRSA := func() *rsa.PrivateKey {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			return k
		}
		mustEC := func(c elliptic.Curve) *ecdsa.PrivateKey {
			k, err := ecdsa.GenerateKey(c, rand.Reader)
			if err != nil {
				panic(err)
			}
			return k
		}
		keys = testKeys{
			rsa: mustRSA(), rsaOther: mustRSA(),
			p256: mustEC(elliptic.P256()), p384: mustEC(elliptic.P384()),
			p256Other: mustEC(elliptic.P256()),
		}
	})
	return keys
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// jwkRSA returns the JWK of an RSA public key.
func jwkRSA(kid string, pub *rsa.PublicKey) map[string]any {
	return map[string]any{
		"kty": "RSA", "kid": kid, "use": "sig",
		"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes()),
	}
}

// jwkEC returns the JWK of an ECDSA public key.
func jwkEC(t testing.TB, kid string, pub *ecdsa.PublicKey) map[string]any {
	t.Helper()
	point, err := pub.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	size := (len(point) - 1) / 2
	return map[string]any{
		"kty": "EC", "kid": kid, "crv": pub.Curve.Params().Name,
		"x": b64(point[1 : 1+size]), "y": b64(point[1+size:]),
	}
}

// jwksJSON wraps JWKs into a JWKS document.
func jwksJSON(t testing.TB, jwks ...map[string]any) []byte {
	t.Helper()
	if jwks == nil {
		jwks = []map[string]any{}
	}
	b, err := json.Marshal(map[string]any{"keys": jwks})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// standardJWKS holds the RSA, P-256 and P-384 fixture keys.
func standardJWKS(t testing.TB) []byte {
	k := fixtures(t)
	return jwksJSON(t,
		jwkRSA("rsa-1", &k.rsa.PublicKey),
		jwkEC(t, "ec-256", &k.p256.PublicKey),
		jwkEC(t, "ec-384", &k.p384.PublicKey),
	)
}

// baseClaims are typical GitHub Actions claims.
func baseClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss": "https://token.actions.githubusercontent.com",
		"sub": "repo:octo/app:ref:refs/heads/main",
		"aud": "sts.amazonaws.com",
		"iat": 1767225600,
		"nbf": 1767225600,
		"exp": 1767229200,
	}
}

// sign signs claims with jwt/v5; kid "" leaves the header without kid.
func sign(t testing.TB, method jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// signRaw signs literal header and payload JSON, for payloads jwt/v5
// would not produce (exponent timestamps, odd types).
func signRaw(t testing.TB, method jwt.SigningMethod, key any, header, payload string) string {
	t.Helper()
	signing := b64([]byte(header)) + "." + b64([]byte(payload))
	sig, err := method.Sign(signing, key)
	if err != nil {
		t.Fatal(err)
	}
	return signing + "." + b64(sig)
}

// unsigned builds header.payload.signature from literal JSON and a fake
// signature.
func unsigned(header, payload string) string {
	return b64([]byte(header)) + "." + b64([]byte(payload)) + "." + b64([]byte("not-a-real-signature-bytes"))
}

// assertNoLeak fails when msg contains raw or any of its segments longer
// than 8 characters.
func assertNoLeak(t testing.TB, raw, msg string) {
	t.Helper()
	if len(raw) > 8 && strings.Contains(msg, raw) {
		t.Errorf("error message contains the raw token: %s", msg)
	}
	for _, seg := range strings.Split(raw, ".") {
		if len(seg) > 8 && strings.Contains(msg, seg) {
			t.Errorf("error message contains token segment %.12q...: %s", seg, msg)
		}
	}
}
