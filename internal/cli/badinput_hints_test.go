package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestExplainBadInputHints: YAML instead of JSON, a missing file, a token
// that is not three segments and a wrong-typed aud each exit 2 with one
// message that names the flag or file and says what to do, and none of
// them says something it should not.
func TestExplainBadInputHints(t *testing.T) {
	oneSegment := filepath.Join(t.TempDir(), "one-segment.jwt")
	writeFile(t, oneSegment, strings.Repeat("x", 40)+"\n")
	cases := []struct {
		name    string
		args    []string
		want    []string
		notWant []string
	}{
		{
			name: "YAML policy",
			args: []string{"--policy", bad("yaml-policy.yaml"), "--request", goodRequest},
			want: []string{
				bad("yaml-policy.yaml") + ":1:1:", "unexpected character 'V'",
				bad("yaml-policy.yaml") + " looks like YAML, but a policy must be JSON (IAM reads policies only as JSON)",
				"yq -o=json . " + bad("yaml-policy.yaml") + " > " + bad("yaml-policy.json"),
			},
		},
		{
			name: "YAML request",
			args: []string{"--policy", goodPolicy, "--request", bad("yaml-request.yml")},
			want: []string{bad("yaml-request.yml") + ":", "looks like YAML, but a request must be JSON;", "yq -o=json . " + bad("yaml-request.yml") + " > " + bad("yaml-request.json")},
		},
		{
			name:    "truncated JSON gets no YAML hint",
			args:    []string{"--policy", bad("truncated-policy.json"), "--request", goodRequest},
			want:    []string{"invalid JSON"},
			notWant: []string{"YAML"},
		},
		{"policy missing", []string{"--policy", "testdata/nope.json", "--request", goodRequest}, []string{"--policy: cannot read testdata/nope.json: no such file or directory"}, nil},
		{"request missing", []string{"--policy", goodPolicy, "--request", "testdata/nope.json"}, []string{"--request: cannot read testdata/nope.json: no such file or directory"}, nil},
		{"rcp missing", []string{"--policy", goodPolicy, "--request", goodRequest, "--rcp", "testdata/nope.json"}, []string{"--rcp: cannot read testdata/nope.json: no such file or directory"}, nil},
		{"token missing", []string{"--policy", goodPolicy, "--token", "testdata/nope.jwt"}, []string{"--token: cannot read testdata/nope.jwt: no such file or directory"}, nil},
		{"jwks missing", []string{"--policy", goodPolicy, "--token", oneSegment, "--jwks", "testdata/nope-jwks.json"}, []string{"--jwks: cannot read testdata/nope-jwks.json: no such file or directory"}, nil},
		{"request is a directory", []string{"--policy", goodPolicy, "--request", "testdata"}, []string{"--request: cannot read testdata: it is a directory"}, nil},
		{
			name:    "one segment",
			args:    []string{"--policy", goodPolicy, "--token", oneSegment},
			want:    []string{oneSegment + ": ", "a JWT has three dot-separated segments (header, payload and signature); this token has 1"},
			notWant: []string{"1 dot-separated segments"},
		},
		{
			name:    "numeric aud",
			args:    []string{"--policy", goodPolicy, "--request", bad("aud-number-request.json")},
			want:    []string{bad("aud-number-request.json") + ":3:3: claims: claim aud is a number; it must be a string or an array of strings"},
			notWant: []string{"no aud claim", `"123"`, "Incorrect token audience"},
		},
		{
			name: "numeric aud element",
			args: []string{"--policy", goodPolicy, "--request", bad("aud-array-number-request.json")},
			want: []string{"claims: claim aud element 1 is a number; aud must be a string or an array of strings"},
		},
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
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(stderr, w) {
					t.Errorf("stderr should not say %q:\n%s", w, stderr)
				}
			}
		})
	}
}
