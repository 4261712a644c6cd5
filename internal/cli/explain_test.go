package cli_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/cli"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenCase is one directory under testdata/explain: policy.json and
// request.json in, want.txt and want.json out.
type goldenCase struct {
	name string
	// decision is the expected decision; exit code 0 for allow, 1 otherwise.
	decision string
	// mustSay are phrases the text output has to contain (the point of
	// the case, so a regenerated golden file cannot silently lose it).
	mustSay []string
}

// goldenCases name the spec rule each case checks (web-identity.md §11).
var goldenCases = []goldenCase{
	// §11 #55: EKS subject in another namespace.
	{"eks-namespace-mismatch", "implicit_deny", []string{`the namespace differs ("payments" in the token, "payment" in the policy)`, `change "system:serviceaccount:payment:api" to "system:serviceaccount:payments:api"`}},
	// §11 #54.
	{"eks-allow", "allow", []string{"ALLOWED (allow)", `Statement[0] "PaymentsApi" (line 4) allows`}},
	// §8.1: a job with an environment gets an environment subject.
	{"github-environment-vs-branch", "implicit_deny", []string{`the token is for environment "prod" but the policy expects branch "main"`}},
	// §11 #13: explicit Deny overrides Allow.
	{"github-pull-request-denied", "explicit_deny", []string{`Statement[1] "NoPullRequests" (line 14) is a Deny`, `remove "repo:octo-org/octo-repo:pull_request"`}},
	// §11 #4: * is literal under StringEquals.
	{"wildcard-under-stringequals", "implicit_deny", []string{"move token.actions.githubusercontent.com:sub from StringEquals to StringLike"}},
	// §11 #21, §5: repository_visibility is not a key AWS fills.
	{"unmapped-claim", "implicit_deny", []string{"AWS never fills token.actions.githubusercontent.com:repository_visibility"}},
	// §5, §11 #57: https:// in a condition key.
	{"https-condition-key", "implicit_deny", []string{"rename the key https://oidc.eks", "Condition can contain only one colon"}},
	// §11 #39: provider ARN in another account.
	{"wrong-federated-account", "implicit_deny", []string{"the trust names the provider in account 999988887777", `to "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"`}},
	// §11 #44: audience not in the provider's client ID list.
	{"audience-not-registered", "invalid_identity_token", []string{"Incorrect token audience", `Add "https://github.com/octo-org" to the client ID list`}},
	// §11 #45.
	{"expired-token", "expired_token", []string{"ExpiredTokenException", "the token expired at 2026-11-27T12:05:00Z"}},
	// §11 #33: session tags need sts:TagSession.
	{"session-tags-without-tagsession", "implicit_deny", []string{"Add sts:TagSession to the Action of Statement[0]"}},
	// §11 #60, §8.4: guest identity on the authenticated role.
	{"cognito-unauthenticated", "implicit_deny", []string{"the identity is unauthenticated"}},
	// §2.4, §2.5, §3: refused elements are reported, the rest evaluates.
	{"policy-problems", "allow", []string{"NotPrincipal is not allowed", `"Principal": "*" is not allowed`, "Resource is not allowed", `Statement[2] "Deploy" (line 16) allows`}},
	// Issue 16: a key spelt with U+017F is not :sub (ASCII folding only), so
	// StringEqualsIfExists holds for anyone; explain says which key it
	// resembles.
	{"lookalike-key", "allow", []string{`condition key "token.actions.githubusercontent.com:ſub" resembles "token.actions.githubusercontent.com:sub" only through non-ASCII case folding`, "[any-tenant]"}},
	// §11 #64: multivalued key without a set operator (UNCONFIRMED).
	{"unconfirmed-amr-without-set-operator", "allow", []string{"Assumptions", "multivalued-key-without-set-operator"}},
}

func TestExplainGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "explain", tc.name)
			want := 1
			if tc.decision == "allow" {
				want = 0
			}
			for _, format := range []string{"text", "json"} {
				file := map[string]string{"text": "want.txt", "json": "want.json"}[format]
				out, errOut, code := runExplain(t, "--policy", filepath.Join(dir, "policy.json"), "--request", filepath.Join(dir, "request.json"), "--format", format)
				if code != want {
					t.Errorf("--format %s: exit code %d, want %d; stderr: %s", format, code, want, errOut)
				}
				if errOut != "" {
					t.Errorf("--format %s: unexpected stderr: %s", format, errOut)
				}
				checkGolden(t, filepath.Join(dir, file), out)
				if format == "json" {
					var rep struct{ Decision string }
					if err := json.Unmarshal([]byte(out), &rep); err != nil {
						t.Fatalf("JSON output does not parse: %v", err)
					}
					if rep.Decision != tc.decision {
						t.Errorf("decision %q, want %q", rep.Decision, tc.decision)
					}
				} else {
					for _, phrase := range tc.mustSay {
						if !bytes.Contains([]byte(out), []byte(phrase)) {
							t.Errorf("text output lacks %q", phrase)
						}
					}
				}
			}
		})
	}
}

// TestExplainDeterministic runs every case twice and compares the bytes, so
// that map iteration order can never leak into the output.
func TestExplainDeterministic(t *testing.T) {
	for _, tc := range goldenCases {
		dir := filepath.Join("testdata", "explain", tc.name)
		for _, format := range []string{"text", "json"} {
			args := []string{"--policy", filepath.Join(dir, "policy.json"), "--request", filepath.Join(dir, "request.json"), "--format", format}
			first, _, _ := runExplain(t, args...)
			for i := 0; i < 5; i++ {
				if again, _, _ := runExplain(t, args...); again != first {
					t.Fatalf("%s --format %s: output differs between runs", tc.name, format)
				}
			}
		}
	}
}

func runExplain(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.Main(append([]string{"explain"}, args...), &out, &errOut, "test")
	return out.String(), errOut.String(), code
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the output (run go test ./internal/cli -update to accept):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}
