package cli_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// signedToken signs claims with a fresh RSA key under kid "k1" and returns
// the token and a JWKS holding the public key.
func signedToken(t *testing.T, claims jwt.MapClaims) (raw string, jwks []byte, n string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = "k1"
	if raw, err = tok.SignedString(key); err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	n = enc(key.N.Bytes())
	jwks, err = json.Marshal(map[string]any{"keys": []any{map[string]any{
		"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256", "n": n, "e": enc(big.NewInt(int64(key.E)).Bytes()),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return raw, jwks, n
}

func githubClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com",
		"sub": "repo:octo-org/octo-repo:ref:refs/heads/main", "iat": 1795780800, "exp": 1795781100,
	}
}

// TestExplainTokenSaysWhatWasChecked: every output of explain --token
// (text and JSON) states whether the signature was verified and against
// which key (kid, thumbprint), or why not; it never repeats the token or
// the key material.
func TestExplainTokenSaysWhatWasChecked(t *testing.T) {
	raw, jwks, n := signedToken(t, githubClaims())
	dir := t.TempDir()
	tokenFile, jwksFile := filepath.Join(dir, "t.jwt"), filepath.Join(dir, "jwks.json")
	writeFile(t, tokenFile, raw+"\n")
	writeFile(t, jwksFile, string(jwks))
	base := []string{"--policy", "testdata/explain/wrong-federated-account/policy.json", "--token", tokenFile, "--role-arn", "arn:aws:iam::111122223333:role/deploy"}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"no --jwks", nil, []string{"not verified: no --jwks given"}},
		{"--jwks", []string{"--jwks", jwksFile}, []string{`verified: the RS256 signature verifies with the JWKS key kid "k1", thumbprint sha256:`}},
	}
	for _, tc := range cases {
		for _, format := range []string{"text", "json"} {
			t.Run(tc.name+" "+format, func(t *testing.T) {
				stdout, stderr, code := runExplain(t, append(append(base, tc.args...), "--format", format)...)
				if code != 1 {
					t.Fatalf("exit %d, want 1 (denied); stderr %s", code, stderr)
				}
				text := stdout
				if format == "json" {
					var v struct {
						Token struct{ Verification string } `json:"token"`
					}
					_ = json.Unmarshal([]byte(stdout), &v)
					text = v.Token.Verification
				}
				for _, w := range tc.want {
					if !strings.Contains(text, w) {
						t.Errorf("%s output lacks %q:\n%s", format, w, stdout)
					}
				}
				if format == "json" {
					var rep struct {
						Token *struct {
							Fingerprint       string `json:"fingerprint"`
							SignatureVerified bool   `json:"signature_verified"`
							VerifiedKeyID     string `json:"verified_key_id"`
							Thumbprint        string `json:"verified_key_thumbprint"`
						} `json:"token"`
					}
					if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Token == nil {
						t.Fatalf("JSON has no token object: %v", err)
					}
					verified := tc.args != nil
					if rep.Token.SignatureVerified != verified || (rep.Token.VerifiedKeyID == "k1") != verified ||
						(rep.Token.Thumbprint != "") != verified || !strings.HasPrefix(rep.Token.Fingerprint, "sha256:") {
						t.Errorf("token report %+v, want verified=%v", *rep.Token, verified)
					}
				}
				for i, secret := range append(strings.Split(raw, "."), n) {
					if strings.Contains(stdout, secret) || strings.Contains(stderr, secret) {
						t.Errorf("output repeats secret part %d (%.12s...)", i, secret)
					}
				}
			})
		}
	}
}

// TestExplainTokenRefusals: a token without exp, or with a payload member
// given twice, is refused (exit 2) naming the file, without echoing it.
func TestExplainTokenRefusals(t *testing.T) {
	noExp := githubClaims()
	delete(noExp, "exp")
	rawNoExp, _, _ := signedToken(t, noExp)
	enc := base64.RawURLEncoding.EncodeToString
	dupSub := enc([]byte(`{"alg":"RS256","kid":"k1"}`)) + "." +
		enc([]byte(`{"iss":"https://token.actions.githubusercontent.com","aud":"sts.amazonaws.com","exp":1795781100,"sub":"repo:octo-org/octo-repo:ref:refs/heads/main","sub":"repo:evil/x:ref:refs/heads/main"}`)) +
		"." + enc([]byte("not-a-real-signature-but-secret-bytes"))
	dir := t.TempDir()
	for _, tc := range []struct{ name, raw, want string }{
		{"no exp", rawNoExp, "no exp claim"},
		{"two sub", dupSub, `member "sub" more than once`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".jwt")
			writeFile(t, path, tc.raw)
			stdout, stderr, code := runExplain(t, "--policy", "testdata/explain/wrong-federated-account/policy.json", "--token", path, "--role-arn", "arn:aws:iam::111122223333:role/deploy")
			if code != 2 || !strings.Contains(stderr, path) || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 naming %s and %q", code, stderr, path, tc.want)
			}
			for _, seg := range strings.Split(tc.raw, ".") {
				if strings.Contains(stdout+stderr, seg) {
					t.Errorf("output repeats a token segment (%.12s...)", seg)
				}
			}
			if strings.Contains(stdout+stderr, "repo:evil") {
				t.Error("output repeats a claim value of the refused token")
			}
		})
	}
}
