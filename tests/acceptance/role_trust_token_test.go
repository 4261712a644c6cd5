package acceptance

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// signedGitHubToken returns an RS256 token for octo-org/octo-repo on main
// that expires at exp.
func signedGitHubToken(t *testing.T, exp time.Time) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{
		"iss": "https://token.actions.githubusercontent.com",
		"sub": "repo:octo-org/octo-repo:ref:refs/heads/main",
		"aud": "sts.amazonaws.com",
		"iat": exp.Add(-time.Hour).Unix(),
		"exp": exp.Unix(),
	})
	tok.Header["kid"] = "test-key"
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRoleTrustExpiredToken(t *testing.T) {
	policy := trustHCL(ghProvider, ghConditions("StringEquals", "repo:octo-org/octo-repo:ref:refs/heads/main"))
	binding := func(token string) string {
		return fmt.Sprintf(`
  web_identity_token {
    label = "captured"
    token = %q
  }`, token)
	}
	expired := signedGitHubToken(t, time.Now().Add(-time.Hour))
	fresh := signedGitHubToken(t, time.Now().Add(time.Hour))
	scenario(t,
		roleTrust(policy, binding(expired)),
		`captured\s+would\s+be\s+refused:\s+ExpiredTokenException`,
		roleTrust(policy, binding(fresh)))
}
