package token

import (
	"errors"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// Every failure has a Kind, a message naming the problem, and never leaks
// the token (spec §1.1 for the length, algorithm and timestamp rules).
func TestDecodeErrors(t *testing.T) {
	k := fixtures(t)
	jwks := standardJWKS(t)
	valid := sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", baseClaims())
	parts := strings.Split(valid, ".")
	twoRSA := jwksJSON(t, jwkRSA("a", &k.rsa.PublicKey), jwkRSA("b", &k.rsaOther.PublicKey))
	encKey := jwkRSA("rsa-1", &k.rsa.PublicKey)
	encKey["use"] = "enc"
	algKey := jwkRSA("rsa-1", &k.rsa.PublicKey)
	algKey["alg"] = "RS512"
	okp := map[string]any{"kty": "OKP", "kid": "ed", "crv": "Ed25519", "x": b64(make([]byte, 32))}

	tampered := func() string {
		claims := baseClaims()
		claims["sub"] = "repo:evil/app:ref:refs/heads/main"
		forged := strings.Split(sign(t, jwt.SigningMethodRS256, k.rsaOther, "rsa-1", claims), ".")
		return parts[0] + "." + forged[1] + "." + parts[2]
	}()
	withClaims := func(edit func(jwt.MapClaims)) string {
		c := baseClaims()
		edit(c)
		return sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", c)
	}
	rsHeader := `{"alg":"RS256","kid":"rsa-1","typ":"JWT"}`

	tests := []struct {
		name string
		raw  string
		jwks []byte
		kind Kind
		want string // substring of the message
	}{
		// Length (spec §1.1).
		{"empty", "", nil, KindBadLength, "the token is empty"},
		{"too short", "a.b", nil, KindBadLength, "at least 4"},
		{"too long", strings.Repeat("a", MaxLength+1), nil, KindBadLength, "20001 characters long"},

		// Structure.
		{"one segment", strings.Repeat("x", 40), nil, KindMalformed, "a JWT has three dot-separated segments (header, payload and signature); this token has 1"},
		{"two segments", parts[0] + "." + parts[1], nil, KindMalformed, "a JWT has three dot-separated segments (header, payload and signature); this token has 2"},
		{"four segments", valid + "." + parts[2], nil, KindMalformed, "a JWT has three dot-separated segments (header, payload and signature); this token has 4"},
		{"five segments (JWE)", valid + ".abcd.efgh", nil, KindMalformed, "encrypted JWE"},
		{"empty header", "." + parts[1] + "." + parts[2], nil, KindMalformed, "header segment is empty"},
		{"empty signature", parts[0] + "." + parts[1] + ".", nil, KindMalformed, "signature segment is empty"},
		{"bad base64 in header", parts[0][:5] + "!" + parts[0][6:] + "." + parts[1] + "." + parts[2], nil, KindMalformed, "header segment is not valid base64url: byte 6"},
		{"standard base64 in payload", parts[0] + "." + parts[1][:9] + "+" + parts[1][10:] + "." + parts[2], nil, KindMalformed, "not standard base64"},
		{"padded signature", parts[0] + "." + parts[1] + "." + parts[2] + "==", nil, KindMalformed, "padding"},
		{"line break in token", parts[0] + "." + parts[1][:20] + "\n" + parts[1][20:] + "." + parts[2], nil, KindMalformed, "whitespace"},
		{"truncated payload", parts[0] + "." + parts[1][:len(parts[1])/4*4+1] + "." + parts[2], nil, KindMalformed, "probably truncated"},
		{"header not JSON", b64([]byte("not json at all")) + "." + parts[1] + "." + parts[2], nil, KindMalformed, "header is not valid JSON"},
		{"header JSON array", b64([]byte(`["RS256"]`)) + "." + parts[1] + "." + parts[2], nil, KindMalformed, "header is JSON an array, not an object"},
		{"header trailing data", b64([]byte(rsHeader+`{}`)) + "." + parts[1] + "." + parts[2], nil, KindMalformed, "header has data after its JSON object"},
		{"payload not JSON", parts[0] + "." + b64([]byte(`{"sub":`)) + "." + parts[2], nil, KindMalformed, "payload is not valid JSON (it ends early)"},
		{"payload is a string", unsigned(rsHeader, `"just a string"`), nil, KindMalformed, "payload is JSON a string, not an object"},
		{"payload is null", unsigned(rsHeader, `null`), nil, KindMalformed, "payload is JSON null"},
		{"payload trailing data", unsigned(rsHeader, `{"sub":"x"} {"sub":"y"}`), nil, KindMalformed, "payload has data after"},
		{"kid not a string", unsigned(`{"alg":"RS256","kid":7}`, `{}`), nil, KindMalformed, "kid is a number"},
		{"aud number", unsigned(rsHeader, `{"aud":42}`), nil, KindMalformed, "claim aud is a number"},
		{"aud array with number", unsigned(rsHeader, `{"aud":["a",1]}`), nil, KindMalformed, "claim aud element 1 is a number"},
		{"iss object", unsigned(rsHeader, `{"iss":{}}`), nil, KindMalformed, "claim iss is an object"},
		{"sub null", unsigned(rsHeader, `{"sub":null}`), nil, KindMalformed, "claim sub is null"},

		// Algorithms (spec §1.1), in decode-only and verifying mode.
		{"alg none", unsigned(`{"alg":"none","typ":"JWT"}`, `{"sub":"x"}`), nil, KindUnsupportedAlgorithm, `alg "none" is an unsigned token; STS accepts only tokens signed with one of: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512`},
		{"alg none with JWKS", unsigned(`{"alg":"none"}`, `{"sub":"x"}`), jwks, KindUnsupportedAlgorithm, "unsigned token"},
		{"alg None mixed case", unsigned(`{"alg":"None"}`, `{"sub":"x"}`), nil, KindUnsupportedAlgorithm, "unsigned token"},
		{"HS256", sign(t, jwt.SigningMethodHS256, []byte("0123456789abcdef0123456789abcdef"), "", baseClaims()), nil, KindUnsupportedAlgorithm, `alg "HS256" is an HMAC`},
		{"HS256 with JWKS", sign(t, jwt.SigningMethodHS256, []byte("0123456789abcdef0123456789abcdef"), "rsa-1", baseClaims()), jwks, KindUnsupportedAlgorithm, "HMAC"},
		{"EdDSA", unsigned(`{"alg":"EdDSA"}`, `{}`), nil, KindUnsupportedAlgorithm, `alg "EdDSA" is not accepted by STS; it accepts: RS256`},
		{"lower-case rs256", unsigned(`{"alg":"rs256"}`, `{}`), nil, KindUnsupportedAlgorithm, "case-sensitive"},
		{"no alg", unsigned(`{"typ":"JWT"}`, `{}`), nil, KindUnsupportedAlgorithm, "the header has no alg"},
		{"alg number", unsigned(`{"alg":256}`, `{}`), nil, KindUnsupportedAlgorithm, "alg is a number"},

		// Timestamps must be integers (spec §1.1).
		{"float exp", withClaims(func(c jwt.MapClaims) { c["exp"] = 1767229200.5 }), nil, KindBadTimestamp, "claim exp is a number with a fraction or exponent"},
		{"string exp", withClaims(func(c jwt.MapClaims) { c["exp"] = "1767229200" }), nil, KindBadTimestamp, "claim exp is a string"},
		{"exponent iat", signRaw(t, jwt.SigningMethodRS256, k.rsa, rsHeader, `{"iat":1.7672256e9}`), jwks, KindBadTimestamp, "claim iat is a number with a fraction"},
		{"integral float nbf", unsigned(rsHeader, `{"nbf":1767225600.0}`), nil, KindBadTimestamp, "claim nbf"},
		{"boolean nbf", unsigned(rsHeader, `{"nbf":true}`), nil, KindBadTimestamp, "claim nbf is a boolean"},
		{"huge exp", unsigned(rsHeader, `{"exp":99999999999999999999}`), nil, KindBadTimestamp, "too large"},

		// Keys and signatures (spec §1.3).
		{"kid not in JWKS", sign(t, jwt.SigningMethodRS256, k.rsa, "gone", baseClaims()), jwks, KindUnknownKey, `kid "gone" is not in the JWKS; it lists: "rsa-1", "ec-256", "ec-384"`},
		{"wrong key, same kid", sign(t, jwt.SigningMethodRS256, k.rsaOther, "rsa-1", baseClaims()), jwks, KindBadSignature, `RS256 signature does not verify with key kid="rsa-1" from the JWKS`},
		{"wrong EC key", sign(t, jwt.SigningMethodES256, k.p256Other, "ec-256", baseClaims()), jwks, KindBadSignature, `does not verify with key kid="ec-256"`},
		{"tampered payload", tampered, jwks, KindBadSignature, "signature does not verify"},
		{"swapped signature", parts[0] + "." + parts[1] + "." + strings.Split(sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", jwt.MapClaims{}), ".")[2], jwks, KindBadSignature, "signature does not verify"},
		{"RS256 kid names EC key", sign(t, jwt.SigningMethodRS256, k.rsa, "ec-256", baseClaims()), jwks, KindUnknownKey, "is an EC P-256 key; RS256 needs an RSA key"},
		{"ES384 kid names P-256 key", sign(t, jwt.SigningMethodES384, k.p384, "ec-256", baseClaims()), jwks, KindUnknownKey, "is on curve P-256; ES384 needs P-384"},
		{"ES256 kid names RSA key", sign(t, jwt.SigningMethodES256, k.p256, "rsa-1", baseClaims()), jwks, KindUnknownKey, "is an RSA key; ES256 needs an EC P-256 key"},
		{"key marked use=enc", valid, jwksJSON(t, encKey), KindUnknownKey, `use="enc"`},
		{"key declares other alg", valid, jwksJSON(t, algKey), KindUnknownKey, `declares alg "RS512"`},
		{"kid names OKP key", sign(t, jwt.SigningMethodRS256, k.rsa, "ed", baseClaims()), jwksJSON(t, okp, jwkRSA("r", &k.rsa.PublicKey)), KindUnknownKey, `type "OKP"`},
		{"no kid, two RSA keys", sign(t, jwt.SigningMethodRS256, k.rsa, "", baseClaims()), twoRSA, KindUnknownKey, "has no kid and 2 keys in the JWKS can verify RS256"},
		{"no kid, no fitting key", sign(t, jwt.SigningMethodES384, k.p384, "", baseClaims()), twoRSA, KindUnknownKey, "has no kid and no key in the JWKS can verify ES384"},
		{"no kid, wrong single key", sign(t, jwt.SigningMethodRS256, k.rsaOther, "", baseClaims()), jwksJSON(t, jwkRSA("only", &k.rsa.PublicKey)), KindBadSignature, `the only RS256-capable key kid="only" (RSA)`},
		{"bad JWKS", valid, []byte(`{"keys":"nope"}`), KindBadJWKS, `no "keys" array`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.raw, Options{JWKS: tc.jwks})
			if err == nil {
				t.Fatalf("Decode succeeded (%+v), want %s error", got, tc.kind)
			}
			if got != nil {
				t.Errorf("Decode returned a token with its error")
			}
			if KindOf(err) != tc.kind {
				t.Errorf("kind = %q, want %q (%v)", KindOf(err), tc.kind, err)
			}
			if !errors.Is(err, &Error{Kind: tc.kind}) {
				t.Errorf("errors.Is(err, %s sentinel) = false", tc.kind)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %q\nwant it to contain %q", err, tc.want)
			}
			assertNoLeak(t, tc.raw, err.Error())
		})
	}
}

func TestDecodeOptionsConflict(t *testing.T) {
	k := fixtures(t)
	set, err := ParseJWKS(standardJWKS(t))
	if err != nil {
		t.Fatal(err)
	}
	raw := sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", baseClaims())
	_, err = Decode(raw, Options{JWKS: standardJWKS(t), KeySet: set})
	if !errors.Is(err, ErrBadJWKS) || !strings.Contains(err.Error(), "set only one") {
		t.Errorf("err = %v, want bad-jwks naming the conflict", err)
	}
	_, err = Decode(raw, Options{KeySet: &KeySet{}})
	if !errors.Is(err, ErrBadJWKS) {
		t.Errorf("empty KeySet: err = %v, want bad-jwks", err)
	}
}
