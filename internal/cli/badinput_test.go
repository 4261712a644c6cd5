package cli_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	goodPolicy  = "testdata/explain/eks-allow/policy.json"
	goodRequest = "testdata/explain/eks-allow/request.json"
)

func bad(name string) string { return filepath.Join("testdata", "badinput", name) }

// TestExplainBadInput: every bad input exits 2 with one message on stderr
// that names the flag, the file and place, or the field; nothing on stdout.
func TestExplainBadInput(t *testing.T) {
	dir := t.TempDir()
	deep := filepath.Join(dir, "deep.json")
	writeFile(t, deep, strings.Repeat("[", 100_000))
	deepClaim := filepath.Join(dir, "deep-claim.json")
	writeFile(t, deepClaim, `{"claims": {"x": `+strings.Repeat("[", 100_000)+`}}`)
	huge := filepath.Join(dir, "huge.json")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 65<<20); err != nil { // sparse: over the 64 MiB read limit
		t.Fatal(err)
	}

	cases := []struct {
		name string
		args []string
		// want are substrings the message must contain.
		want []string
	}{
		{"no flags", nil, []string{"--policy FILE is required"}},
		{"only policy", []string{"--policy", goodPolicy}, []string{"exactly one of --request FILE or --token FILE (neither was given)"}},
		{"only request", []string{"--request", goodRequest}, []string{"--policy FILE is required"}},
		{"request and token", []string{"--policy", goodPolicy, "--request", goodRequest, "--token", goodRequest}, []string{"(both were given)"}},
		{"unknown flag", []string{"--bogus", "--policy", goodPolicy}, []string{"flag provided but not defined: -bogus", "explain -h"}},
		{"flag without value", []string{"--request", goodRequest, "--policy"}, []string{"flag needs an argument: -policy"}},
		{"positional argument", []string{"--policy", goodPolicy, "--request", goodRequest, "extra.json"}, []string{`unexpected argument "extra.json"`}},
		{"format yaml", []string{"--policy", goodPolicy, "--request", goodRequest, "--format", "yaml"}, []string{`--format "yaml": expected text or json`}},
		{"policy missing", []string{"--policy", "testdata/nope.json", "--request", goodRequest}, []string{"cannot read testdata/nope.json: no such file or directory"}},
		{"request missing", []string{"--policy", goodPolicy, "--request", "testdata/nope.json"}, []string{"cannot read testdata/nope.json: no such file or directory"}},
		{"policy is a directory", []string{"--policy", "testdata", "--request", goodRequest}, []string{"cannot read testdata: it is a directory"}},
		{"policy over 64 MiB", []string{"--policy", huge, "--request", goodRequest}, []string{"cannot read " + huge + ": it is 68157440 bytes, larger than the limit of 64 MiB"}},
		{"policy invalid JSON", []string{"--policy", bad("truncated-policy.json"), "--request", goodRequest}, []string{bad("truncated-policy.json") + ":1:41:", "invalid JSON"}},
		{"policy Action number", []string{"--policy", bad("action-number-policy.json"), "--request", goodRequest}, []string{bad("action-number-policy.json") + ":4:15: $.Statement[0].Action: Action must be a string or a list of strings, found a number"}},
		{"policy empty", []string{"--policy", bad("empty.json"), "--request", goodRequest}, []string{bad("empty.json") + ":1:1:", "empty"}},
		{"policy whitespace", []string{"--policy", bad("whitespace.json"), "--request", goodRequest}, []string{bad("whitespace.json") + ":1:1:", "empty"}},
		{"policy deep", []string{"--policy", deep, "--request", goodRequest}, []string{deep + ":1:33:", "deeper than 32 levels"}},
		{"policy invalid UTF-8", []string{"--policy", bad("invalid-utf8-policy.json"), "--request", goodRequest}, []string{bad("invalid-utf8-policy.json") + ":1:50: $.Statement[0].Sid: invalid UTF-8"}},
		{"request empty", []string{"--policy", goodPolicy, "--request", bad("empty.json")}, []string{bad("empty.json") + ": the request is empty"}},
		{"request whitespace", []string{"--policy", goodPolicy, "--request", bad("whitespace.json")}, []string{bad("whitespace.json") + ": the request is empty"}},
		{"request deep", []string{"--policy", goodPolicy, "--request", deep}, []string{deep + ":1:1: the request must be a JSON object, found a list"}},
		{"request deep claim", []string{"--policy", goodPolicy, "--request", deepClaim}, []string{deepClaim + ":1:82: claims.x: the value nests deeper than 64 levels"}},
		{"request invalid UTF-8", []string{"--policy", goodPolicy, "--request", bad("invalid-utf8-request.json")}, []string{bad("invalid-utf8-request.json") + ":2:100: invalid UTF-8 (byte 0xC3)"}},
		{"request invalid JSON", []string{"--policy", goodPolicy, "--request", bad("truncated-request.json")}, []string{bad("truncated-request.json") + ":1:", "truncated"}},
		{"request list", []string{"--policy", goodPolicy, "--request", bad("list-request.json")}, []string{bad("list-request.json") + ":1:1: the request must be a JSON object, found a list"}},
		{"request null", []string{"--policy", goodPolicy, "--request", bad("null-request.json")}, []string{bad("null-request.json") + ":1:1: the request must be a JSON object, found null"}},
		{"request two objects", []string{"--policy", goodPolicy, "--request", bad("two-objects-request.json")}, []string{bad("two-objects-request.json") + ":2:1: unexpected data after the request object"}},
		{"request unknown field", []string{"--policy", goodPolicy, "--request", bad("unknown-field-request.json")}, []string{bad("unknown-field-request.json") + `:4:3: unknown field "nwo"`, `did you mean "now"?`}},
		{"request unknown provider field", []string{"--policy", goodPolicy, "--request", bad("unknown-provider-field-request.json")}, []string{bad("unknown-provider-field-request.json") + `:3:77: unknown field "oidc_providers[0].client_id"`, `did you mean "client_ids"?`}},
		{"request duplicate field", []string{"--policy", goodPolicy, "--request", bad("duplicate-field-request.json")}, []string{bad("duplicate-field-request.json") + ":3:3: role_arn: the field appears twice"}},
		{"request role_arn number", []string{"--policy", goodPolicy, "--request", bad("role-arn-number-request.json")}, []string{bad("role-arn-number-request.json") + ":2:15: role_arn: expected a string, found a number"}},
		{"request context number", []string{"--policy", goodPolicy, "--request", bad("context-number-request.json")}, []string{bad("context-number-request.json") + `:4:31: context["aws:SourceIp"]: expected a string or a list of strings, found a number`}},
		{"request bad now", []string{"--policy", goodPolicy, "--request", bad("bad-now-request.json")}, []string{bad("bad-now-request.json") + `:4:3: now: "yesterday" is not an RFC 3339 time`}},
		{"request without role_arn or principal", []string{"--policy", goodPolicy, "--request", bad("no-principal-request.json")}, []string{bad("no-principal-request.json") + ": principal:"}},
		{"request bad role_arn", []string{"--policy", goodPolicy, "--request", bad("bad-role-arn-request.json")}, []string{bad("bad-role-arn-request.json") + `:2:3: role_arn: "arn:aws:s3:::my-bucket" is not an IAM role ARN`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runExplain(t, tc.args...)
			if code != 2 {
				t.Errorf("exit code %d, want 2; stderr: %s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout should be empty, got %q", stdout)
			}
			if !strings.HasPrefix(stderr, "explain: ") {
				t.Errorf("stderr should start with \"explain: \", got %q", stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("stderr shows a panic:\n%s", stderr)
			}
		})
	}
}

func TestExplainHelp(t *testing.T) {
	stdout, stderr, code := runExplain(t, "-h")
	if code != 0 || stderr != "" || !strings.Contains(stdout, "usage: terraform-provider-stsguard explain --policy FILE") || !strings.Contains(stdout, "-request") || !strings.Contains(stdout, "docs/guides/explain-request.md") {
		t.Errorf("explain -h: code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestExplainLargePolicy: a 1 MB policy is bad input (exit 2) with the
// file and place named; a policy just over IAM's quota is still explained
// with the size reported as a policy problem.
func TestExplainLargePolicy(t *testing.T) {
	build := func(size int) string {
		var b strings.Builder
		b.WriteString(`{"Version": "2012-10-17", "Statement": [`)
		for i := 0; b.Len() < size; i++ {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(`{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/repo-`)
			b.WriteString(strings.Repeat("x", i%50))
			b.WriteString(`:ref:refs/heads/main"}}}`)
		}
		b.WriteString("]}")
		return b.String()
	}
	request := "testdata/explain/github-environment-vs-branch/request.json"

	huge := filepath.Join(t.TempDir(), "large.json")
	writeFile(t, huge, build(1<<20))
	stdout, stderr, code := runExplain(t, "--policy", huge, "--request", request)
	if code != 2 || stdout != "" || !strings.Contains(stderr, huge+":1:1: the document is") {
		t.Errorf("1 MB policy: exit code %d (want 2), stdout %q, stderr %q", code, stdout, stderr)
	}

	over := filepath.Join(t.TempDir(), "over-quota.json")
	writeFile(t, over, build(4<<10))
	stdout, stderr, code = runExplain(t, "--policy", over, "--request", request, "--format", "json")
	if code != 1 || stderr != "" {
		t.Fatalf("4 KiB policy: exit code %d (want 1), stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, `"code": "policy-too-large"`) {
		t.Errorf("the size problem (policy-too-large) is not reported")
	}
}

// TestExplainTokenNeverEchoed: with --token, neither errors nor output
// repeat the token or any of its segments.
func TestExplainTokenNeverEchoed(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	header := enc([]byte(`{"alg":"RS256","typ":"JWT","kid":"k1"}`))
	payload := enc([]byte(`{"iss":"https://token.actions.githubusercontent.com","aud":"sts.amazonaws.com","sub":"repo:octo-org/octo-repo:ref:refs/heads/main","exp":1795781100,"secret_marker":"TOPSECRET-7f3a"}`))
	sig := enc([]byte("not-a-real-signature-but-secret-bytes"))
	dir := t.TempDir()
	cases := []struct {
		name, token string
		args        []string
		code        int
	}{
		{"decodes, no role ARN", header + "." + payload + "." + sig, nil, 2},
		{"decodes and evaluates", header + "." + payload + "." + sig, []string{"--role-arn", "arn:aws:iam::111122223333:role/deploy"}, 1},
		{"corrupt payload", header + ".%%" + payload + "." + sig, nil, 2},
		{"two segments", header + "." + payload, nil, 2},
		{"bad oidc-provider flag", header + "." + payload + "." + sig, []string{"--oidc-provider", "no-equals-sign"}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".jwt")
			writeFile(t, path, tc.token+"\n")
			args := append([]string{"--policy", "testdata/explain/wrong-federated-account/policy.json", "--token", path}, tc.args...)
			for _, format := range []string{"text", "json"} {
				stdout, stderr, code := runExplain(t, append(args, "--format", format)...)
				if code != tc.code {
					t.Errorf("--format %s: exit code %d, want %d; stderr %s", format, code, tc.code, stderr)
				}
				for _, secret := range []string{header, payload, sig, "TOPSECRET"} {
					if strings.Contains(stdout, secret) || strings.Contains(stderr, secret) {
						t.Errorf("--format %s: output repeats part of the token (%.12s...)", format, secret)
					}
				}
				if code == 2 && !strings.Contains(stderr, path) && !strings.Contains(stderr, "--oidc-provider") {
					t.Errorf("error does not name the token file: %s", stderr)
				}
			}
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
