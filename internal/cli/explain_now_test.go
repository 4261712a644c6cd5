package cli_test

import (
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"
)

// TestExplainTokenNow: explain --token judges expiry at --now.
func TestExplainTokenNow(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	tok := enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." +
		enc([]byte(`{"iss":"https://token.actions.githubusercontent.com","aud":"sts.amazonaws.com","sub":"repo:octo-org/octo-repo:ref:refs/heads/main","exp":1795781100}`)) +
		"." + enc([]byte("sig"))
	path := filepath.Join(t.TempDir(), "token.jwt")
	writeFile(t, path, tok)
	base := []string{"--policy", "testdata/explain/wrong-federated-account/policy.json", "--token", path,
		"--role-arn", "arn:aws:iam::111122223333:role/deploy", "--format", "json"}
	cases := []struct {
		now, decision string
		code          int
		stderr        string
	}{
		{"2026-11-27T12:04:59Z", `"decision": "implicit_deny"`, 1, ""},
		{"2026-11-27T12:05:00Z", `"decision": "expired_token"`, 1, ""},
		{"yesterday", "", 2, `--now "yesterday": expected an RFC 3339 time`},
	}
	for _, tc := range cases {
		stdout, stderr, code := runExplain(t, append(base, "--now", tc.now)...)
		if code != tc.code || !strings.Contains(stdout, tc.decision) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("--now %s: exit %d (want %d), want %q in stdout, %q in stderr; stderr %s", tc.now, code, tc.code, tc.decision, tc.stderr, stderr)
		}
	}
	_, stderr, code := runExplain(t, "--policy", "testdata/explain/eks-allow/policy.json", "--request", "testdata/explain/eks-allow/request.json", "--now", "2026-11-27T12:00:00Z")
	if code != 2 || !strings.Contains(stderr, "--now applies to --token") {
		t.Errorf("--now with --request: exit %d, stderr %s", code, stderr)
	}
}
