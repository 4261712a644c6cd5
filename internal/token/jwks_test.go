package token

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"
)

func TestParseJWKS(t *testing.T) {
	k := fixtures(t)
	p521, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	okp := map[string]any{"kty": "OKP", "kid": "ed", "crv": "Ed25519", "x": b64(make([]byte, 32))}
	noKid := jwkRSA("", &k.rsaOther.PublicKey)
	delete(noKid, "kid")
	data := jwksJSON(t,
		jwkRSA("rsa-1", &k.rsa.PublicKey),
		jwkEC(t, "ec-256", &k.p256.PublicKey),
		jwkEC(t, "ec-384", &k.p384.PublicKey),
		jwkEC(t, "ec-521", &p521.PublicKey),
		okp,
		noKid,
	)
	set, err := ParseJWKS(data)
	if err != nil {
		t.Fatalf("ParseJWKS: %v", err)
	}
	got := set.Keys()
	if len(got) != 6 {
		t.Fatalf("got %d keys, want 6", len(got))
	}
	if pub, ok := got[0].Public.(*rsa.PublicKey); !ok || !pub.Equal(&k.rsa.PublicKey) || got[0].Use != "sig" {
		t.Errorf("keys[0] = %+v, want the RSA fixture key", got[0])
	}
	for i, want := range []*ecdsa.PublicKey{&k.p256.PublicKey, &k.p384.PublicKey, &p521.PublicKey} {
		key := got[i+1]
		if pub, ok := key.Public.(*ecdsa.PublicKey); !ok || !pub.Equal(want) || key.Type != "EC" {
			t.Errorf("keys[%d] = %+v, want EC %s key", i+1, key, want.Curve.Params().Name)
		}
	}
	if got[4].Public != nil || got[4].Type != "OKP" {
		t.Errorf("OKP key = %+v, want kept with nil Public", got[4])
	}
	wantIDs := []string{`"rsa-1"`, `"ec-256"`, `"ec-384"`, `"ec-521"`, `"ed"`, "(no kid)"}
	if ids := set.KeyIDs(); !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("KeyIDs = %q, want %q", ids, wantIDs)
	}
}

// A leading zero byte in n and base64 padding are tolerated.
func TestParseJWKSLenientEncodings(t *testing.T) {
	k := fixtures(t)
	rsaKey := jwkRSA("r", &k.rsa.PublicKey)
	rsaKey["n"] = b64(append([]byte{0}, k.rsa.PublicKey.N.Bytes()...)) + "="
	ecKey := jwkEC(t, "e", &k.p256.PublicKey)
	ecKey["y"] = ecKey["y"].(string) + "="
	if _, err := ParseJWKS(jwksJSON(t, rsaKey, ecKey)); err != nil {
		t.Fatalf("ParseJWKS: %v", err)
	}
}

func TestParseJWKSErrors(t *testing.T) {
	k := fixtures(t)
	// Go refuses to generate keys under 1,024 bits; a 512-bit modulus is
	// enough to test the size check.
	small := &rsa.PublicKey{N: new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 511), big.NewInt(1)), E: 65537}
	with := func(base map[string]any, member string, value any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		if value == nil {
			delete(out, member)
		} else {
			out[member] = value
		}
		return out
	}
	rsaKey := jwkRSA("r", &k.rsa.PublicKey)
	ecKey := jwkEC(t, "e", &k.p256.PublicKey)
	offCurve := with(ecKey, "y", b64(make([]byte, 32)))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not JSON", []byte("keys"), "not valid JSON"},
		{"array", []byte(`[{"kty":"RSA"}]`), "is an array; a JWKS is an object"},
		{"no keys", []byte(`{"kty":"RSA","n":"x","e":"AQAB"}`), `no "keys" array`},
		{"keys null", []byte(`{"keys":null}`), `no "keys" array`},
		{"empty keys", []byte(`{"keys":[]}`), "is empty"},
		{"key not object", []byte(`{"keys":[1]}`), "keys[0] is not a JSON object"},
		{"missing kty", jwksJSON(t, with(rsaKey, "kty", nil)), `keys[0] (kid="r") has no "kty"`},
		{"kid number", jwksJSON(t, with(rsaKey, "kid", 5)), `keys[0] member "kid" is a number`},
		{"missing n", jwksJSON(t, with(rsaKey, "n", nil)), `has no "n" member`},
		{"bad n", jwksJSON(t, with(rsaKey, "n", "!!!")), `member "n" is not non-empty base64url`},
		{"small modulus", jwksJSON(t, jwkRSA("s", small)), "RSA modulus is 512 bits"},
		{"even exponent", jwksJSON(t, with(rsaKey, "e", b64(big.NewInt(65536).Bytes()))), "exponent"},
		{"exponent 1", jwksJSON(t, with(rsaKey, "e", "AQ")), "exponent"},
		{"missing crv", jwksJSON(t, with(ecKey, "crv", nil)), `has no "crv"`},
		{"off-curve point", jwksJSON(t, offCurve), "are not a point on P-256"},
		{"long coordinate", jwksJSON(t, with(ecKey, "x", b64(make([]byte, 33)))), "longer than 32 bytes"},
		{"only unsupported keys", []byte(`{"keys":[{"kty":"oct","k":"AAAA"},{"kty":"EC","crv":"secp256k1"}]}`), "none of its 2 keys"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set, err := ParseJWKS(tc.data)
			if err == nil {
				t.Fatalf("ParseJWKS succeeded (%d keys), want error", len(set.Keys()))
			}
			if !errors.Is(err, ErrBadJWKS) || !strings.HasPrefix(err.Error(), "JWKS: ") {
				t.Errorf("err = %v, want a bad-jwks *Error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %q\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

// TestParseJWKSRefusesCaseVariants (issue 16 point 7): a key member that
// differs from a JWK member only in letter case ("KTY" beside "kty",
// Unicode folding included) would be read by encoding/json as that member;
// the JWKS is refused instead.
func TestParseJWKSRefusesCaseVariants(t *testing.T) {
	for _, doc := range []string{
		`{"keys":[{"kty":"RSA","KTY":"oct","n":"AQAB","e":"AQAB"}]}`,
		`{"keys":[{"kty":"RSA","Kid":"k1","n":"AQAB","e":"AQAB"}]}`,
		`{"keys":[{"kty":"RSA","kiD":"k1","n":"AQAB","e":"AQAB"}]}`,
	} {
		_, err := ParseJWKS([]byte(doc))
		if KindOf(err) != KindBadJWKS || !strings.Contains(err.Error(), "case variant") {
			t.Errorf("%s: err = %v, want a bad-JWKS refusal naming the case variant", doc, err)
		}
	}
}
