package doctortest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// GitHubIssuer is the issuer of GitHub Actions OIDC tokens.
const GitHubIssuer = "https://token.actions.githubusercontent.com"

// GitHubClaims are a workflow job's token claims for repo on ref, issued
// at iat and valid for 5 minutes (aud is set from the request).
func GitHubClaims(repo, ref string, iat time.Time) Claims {
	return Claims{
		"iss":              GitHubIssuer,
		"sub":              "repo:" + repo + ":ref:" + ref,
		"repository":       repo,
		"ref":              ref,
		"event_name":       "push",
		"workflow_ref":     repo + "/.github/workflows/deploy.yml@" + ref,
		"job_workflow_ref": repo + "/.github/workflows/deploy.yml@" + ref,
		"iat":              iat.Unix(),
		"nbf":              iat.Unix(),
		"exp":              iat.Add(5 * time.Minute).Unix(),
	}
}

// GitHubTokenService stands in for the Actions OIDC token service on
// 127.0.0.1: it answers {"value": TOKEN} for the bearer token, with the
// requested audience in aud. It sets ACTIONS_ID_TOKEN_REQUEST_URL and
// ACTIONS_ID_TOKEN_REQUEST_TOKEN as the runner does.
func GitHubTokenService(t *testing.T, iss *Issuer, alg string, claims Claims) {
	t.Helper()
	const bearer = "runner-request-token-standin"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+bearer {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		c := Claims{}
		for k, v := range claims {
			c[k] = v
		}
		c["aud"] = r.URL.Query().Get("audience")
		_ = json.NewEncoder(w).Encode(map[string]string{"value": iss.Sign(t, alg, c)})
	}))
	t.Cleanup(srv.Close)
	t.Setenv("ACTIONS_ID_TOKEN_REQUEST_URL", srv.URL+"/_apis/distributedtask/hubs/build/plans/1/jobs/2/idtoken?api-version=2.0")
	t.Setenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN", bearer)
}
