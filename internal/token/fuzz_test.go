package token

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fuzzJWKS holds the public halves of the keys that signed the valid seeds
// in testdata/fuzz/FuzzDecode (RSA 2048 "fuzz-rsa", EC P-256 "fuzz-ec").
// The private keys were thrown away after signing.
const fuzzJWKS = `{"keys":[{"e":"AQAB","kid":"fuzz-rsa","kty":"RSA","n":"pi_tAJ9FalhOvbma36HPswKYg_loyExua2xeHdEniXj5Ix_owIqNCiLQTuDlRneOhQZytEXFp0wwefsasiKhdITR8h0J82FyILX0pYOMWz-ro_LON6qOkhSuLvvC6tBf8bLZZZ7ZGXWjwIRD8Zz4yJb12n-DmBiKo6BuHsPsFX7KT-G4OSJTdXFYuAm2A9dwLMfO4h9SJjf54AKKSU4bIDnnF-vuYisHVxoVK-JMck25Hsrzt_Vv7rRQsuR1GWo0cb9jnjfW5t0bY4eUB5VFw3kxfZaWlBsI7r-nWNFyGriI1Jc5oLdBvvp8-N9xPbpoG8CsWQeATlIMKE5oLPBrMw","use":"sig"},{"crv":"P-256","kid":"fuzz-ec","kty":"EC","x":"oHhDwdMvoQgJTRhlHbWLQe9Y5w2NX73GfkRUnLNElH4","y":"2l5JCS2N1AEa2BgpJk4vATeZLNEmWjLs6pCWF90iDes"}]}`

// FuzzDecode checks that Decode never panics, that every failure is an
// *Error with a Kind, that success yields an accepted algorithm and the
// right SignatureVerified, and that error messages never contain the input.
//
// The leak check is on the whole input when it is longer than 8 bytes. An
// input that is itself a phrase of a fixed message (say "dot-separated")
// would be a false positive; mutation does not produce such phrases.
func FuzzDecode(f *testing.F) {
	set, err := ParseJWKS([]byte(fuzzJWKS))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("a.b.c", false)
	f.Fuzz(func(t *testing.T, raw string, verify bool) {
		opts := Options{}
		if verify {
			opts.KeySet = set
		}
		got, err := Decode(raw, opts)
		if err != nil {
			if got != nil {
				t.Fatal("Decode returned a token together with an error")
			}
			if KindOf(err) == "" {
				t.Fatalf("error without Kind: %v", err)
			}
			if len(raw) > 8 && strings.Contains(err.Error(), raw) {
				t.Fatalf("error message contains the input: %v", err)
			}
			return
		}
		if !isAccepted(got.Algorithm) {
			t.Fatalf("accepted alg %q", got.Algorithm)
		}
		if got.SignatureVerified != verify {
			t.Fatalf("SignatureVerified = %v with verify = %v", got.SignatureVerified, verify)
		}
		if got.Claims == nil {
			t.Fatal("nil Claims on success")
		}
	})
}

// The valid seeds must keep verifying against fuzzJWKS, or the fuzzer
// would never reach the success path in verifying mode.
func TestFuzzSeedsVerify(t *testing.T) {
	set, err := ParseJWKS([]byte(fuzzJWKS))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"valid-rs256", "valid-es256"} {
		data, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzDecode", name))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		raw, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := Decode(raw, Options{KeySet: set})
		if err != nil || !got.SignatureVerified {
			t.Errorf("seed %s: Decode = %v, %v; want a verified token", name, got, err)
		}
	}
}
