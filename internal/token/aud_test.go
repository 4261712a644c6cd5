package token

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// TestTokenWithoutAud: the token path. Decode accepts a token without aud
// (it judges no claims), and the engine refuses it as STS does, with
// InvalidIdentityToken "Missing a required claim: aud", before the trust
// policy and whether or not providers are given (issue 13; GitLab's former
// CI_JOB_JWT had no aud).
func TestTokenWithoutAud(t *testing.T) {
	k := fixtures(t)
	claims := baseClaims()
	delete(claims, "aud")
	raw := sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claims)
	tok, err := Decode(raw, Options{})
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if tok.Audiences != nil {
		t.Fatalf("Audiences = %q, want none", tok.Audiences)
	}
	doc, _, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1767226000, 0).UTC()
	for _, providers := range [][]identity.OIDCProvider{nil, {{URL: "https://token.actions.githubusercontent.com", ClientIDs: []string{"sts.amazonaws.com"}}}} {
		req := &identity.Request{RoleARN: "arn:aws:iam::111122223333:role/R", Claims: tok.Claims, OIDCProviders: providers, Now: now.Format(time.RFC3339)}
		res, err := evaluate.Request(doc, req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Decision != evaluate.InvalidIdentityToken || res.Error != evaluate.MissingAudError {
			t.Errorf("providers given = %v: %s %q, want %s %q", providers != nil, res.Decision, res.Error, evaluate.InvalidIdentityToken, evaluate.MissingAudError)
		}
		if d, msg, _ := evaluate.CheckToken(tok.Claims, providers, now); d != evaluate.InvalidIdentityToken || msg != evaluate.MissingAudError {
			t.Errorf("CheckToken, providers given = %v: %s %q", providers != nil, d, msg)
		}
	}
}
