package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/cli"
	"github.com/stsguard/terraform-provider-stsguard/internal/doctor/doctortest"
)

const (
	docIssuer  = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	docRole    = "arn:aws:iam::111122223333:role/payments-api"
	docGHRole  = "arn:aws:iam::111122223333:role/deploy"
	docProvARN = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
)

var docClock = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// docWorld is one test's stand-ins: an EKS issuer, GitHub's issuer, STS.
type docWorld struct {
	eks, gh *doctortest.Issuer
	sts     *doctortest.STS
	dir     string
	tokens  []string
}

func newDocWorld(t *testing.T) *docWorld {
	t.Helper()
	doctortest.Isolate(t)
	w := &docWorld{
		eks: doctortest.NewIssuer(t, docIssuer),
		gh:  doctortest.NewIssuer(t, doctortest.GitHubIssuer),
		sts: doctortest.NewSTS(t, docClock),
		dir: t.TempDir(),
	}
	w.sts.AddProvider(w.eks, "sts.amazonaws.com")
	w.sts.AddProvider(w.gh, "sts.amazonaws.com")
	w.sts.AddRole(doctortest.Role{ARN: docRole, Trust: readTestdata(t, "doctor/trust-payments.json")})
	w.sts.AddRole(doctortest.Role{ARN: docGHRole, Trust: readTestdata(t, "doctor/trust-deploy.json")})
	t.Cleanup(cli.SetDoctorHTTPClient(doctortest.Client(w.eks, w.gh)))
	return w
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// pod signs a service account token and sets up an IRSA pod's
// environment with it.
func (w *docWorld) pod(t *testing.T, alg, namespace string, issued time.Time) {
	t.Helper()
	tok := w.eks.Sign(t, alg, w.eks.EKSClaims(namespace, "api", issued))
	w.tokens = append(w.tokens, tok)
	doctortest.Pod(t, w.sts, docRole, tok)
}

// docCase is one end-to-end run of doctor.
type docCase struct {
	name  string
	setup func(t *testing.T, w *docWorld)
	args  []string
	exit  int
	// mustSay are phrases the output (stdout and stderr) has to contain.
	mustSay []string
	// calls is the number of STS calls expected.
	calls int
}

var docCases = []docCase{
	{name: "pod-allowed", exit: 0, calls: 1,
		setup: func(t *testing.T, w *docWorld) { w.pod(t, "RS256", "payments", docClock.Add(-5*time.Minute)) },
		args:  []string{"--policy", "testdata/doctor/trust-payments.json"},
		mustSay: []string{"Verdict: STS issued credentials: assumed arn:aws:sts::111122223333:assumed-role/payments-api/stsguard-doctor",
			"(from environment AWS_ROLE_ARN)", "environment AWS_WEB_IDENTITY_TOKEN_FILE=", `signature verified with kid "rsa-1" (RS256) from https://oidc.eks`,
			"environment AWS_ENDPOINT_URL_STS", "ALLOWED (allow)"}},
	{name: "pod-namespace-typo", exit: 1, calls: 1,
		setup: func(t *testing.T, w *docWorld) { w.pod(t, "ES256", "payment", docClock.Add(-5*time.Minute)) },
		args:  []string{"--policy", "testdata/doctor/trust-payments.json"},
		mustSay: []string{"STS refused: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity (HTTP 403, request ID 5tand1n0-",
			`the namespace differs ("payment" in the token, "payments" in the policy)`, `signature verified with kid "ec-1" (ES256)`}},
	{name: "pod-expired", exit: 1, calls: 1,
		setup:   func(t *testing.T, w *docWorld) { w.pod(t, "RS256", "payments", docClock.Add(-25*time.Hour)) },
		args:    []string{"--policy", "testdata/doctor/trust-payments.json"},
		mustSay: []string{"STS refused: ExpiredTokenException", "expired 2026-11-28T11:00:00Z (1h ago)", "FAIL expiry"}},
	{name: "pod-offline", exit: 0, calls: 0,
		setup:   func(t *testing.T, w *docWorld) { w.pod(t, "RS256", "payments", docClock.Add(-5*time.Minute)) },
		args:    []string{"--policy", "testdata/doctor/trust-payments.json", "--offline"},
		mustSay: []string{"offline: the engine allows this request", "not called (--offline", "not verified: --offline and no --jwks FILE"}},
	{name: "pod-offline-typo-jwks", exit: 1, calls: 0,
		setup: func(t *testing.T, w *docWorld) {
			w.pod(t, "RS256", "payment", docClock.Add(-5*time.Minute))
			writeFile(t, filepath.Join(w.dir, "jwks.json"), string(w.eks.JWKS()))
		},
		args:    []string{"--policy", "testdata/doctor/trust-payments.json", "--offline", "--jwks", "$DIR/jwks.json"},
		mustSay: []string{"offline: the engine denies this request (STS would answer AccessDenied", `signature verified with kid "rsa-1" (RS256) from --jwks`}},
	{name: "pod-no-role", exit: 2, calls: 0,
		setup: func(t *testing.T, w *docWorld) {
			w.pod(t, "RS256", "payments", docClock.Add(-5*time.Minute))
			t.Setenv("AWS_ROLE_ARN", "")
		},
		mustSay: []string{"no role to assume: pass --role-arn ARN or set AWS_ROLE_ARN"}},
	{name: "pod-garbage-token", exit: 2, calls: 0,
		setup: func(t *testing.T, w *docWorld) {
			doctortest.Pod(t, w.sts, docRole, "this is not a token, it is a config file\nkey: value\n")
		},
		mustSay: []string{"is not one STS accepts: web identity token: a JWT has three dot-separated segments (header, payload and signature); this token has 1"}},
	{name: "pod-no-token", exit: 2, calls: 0,
		setup:   func(t *testing.T, w *docWorld) { t.Setenv("AWS_ROLE_ARN", docRole) },
		mustSay: []string{"no web identity token: pass --token FILE or set AWS_WEB_IDENTITY_TOKEN_FILE"}},
	{name: "pod-identity-only", exit: 2, calls: 0,
		setup: func(t *testing.T, w *docWorld) {
			t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials")
		},
		mustSay: []string{"EKS Pod Identity, a different mechanism", "pods.eks.amazonaws.com"}},
	// An RCP Deny (or a trust edited outside Terraform) refuses what the
	// trust given allows: the stand-in answers AccessDenied regardless.
	{name: "pod-disagreement", exit: 1, calls: 1,
		setup: func(t *testing.T, w *docWorld) {
			w.pod(t, "RS256", "payments", docClock.Add(-5*time.Minute))
			w.sts.Force(&doctortest.AccessDenied)
		},
		args: []string{"--policy", "testdata/doctor/trust-payments.json"},
		mustSay: []string{"DISAGREEMENT: STS refused with AccessDenied, but the engine allows", "resource control policies (RCPs)",
			"edited outside Terraform"}},
	{name: "pod-idp-communication-error", exit: 3, calls: 1,
		setup: func(t *testing.T, w *docWorld) {
			w.pod(t, "RS256", "payments", docClock.Add(-5*time.Minute))
			w.sts.Force(&doctortest.IDPCommunicationError)
		},
		mustSay: []string{"STS gave no decision: IDPCommunicationError", "unknown: no --policy or --plan"}},
	{name: "pod-discovery-down", exit: 0, calls: 1,
		setup: func(t *testing.T, w *docWorld) {
			w.pod(t, "RS256", "payments", docClock.Add(-5*time.Minute))
			w.eks.SetUnavailable(true)
		},
		mustSay: []string{"Warning: signature not verified (warning): OIDC discovery failed", "HTTP 503"}},
	{name: "pod-plan", exit: 1, calls: 1,
		setup:   func(t *testing.T, w *docWorld) { w.pod(t, "RS256", "payment", docClock.Add(-5*time.Minute)) },
		args:    []string{"--plan", "testdata/doctor/plan.json"},
		mustSay: []string{"--plan testdata/doctor/plan.json, aws_iam_role.payments_api (after)", "the namespace differs"}},
	{name: "pod-pod-identity-too", exit: 0, calls: 1,
		setup: func(t *testing.T, w *docWorld) {
			w.pod(t, "RS256", "payments", docClock.Add(-5*time.Minute))
			t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials")
		},
		mustSay: []string{"pod identity  AWS_CONTAINER_CREDENTIALS_FULL_URI is set", "uses the web identity variables first"}},
	{name: "github-allowed", exit: 0, calls: 1,
		setup: func(t *testing.T, w *docWorld) {
			doctortest.GitHubTokenService(t, w.gh, "RS256", doctortest.GitHubClaims("octo-org/octo-repo", "refs/heads/main", docClock.Add(-30*time.Second)))
			t.Setenv("AWS_REGION", "eu-west-1")
			t.Setenv("AWS_ENDPOINT_URL_STS", w.sts.URL)
		},
		args: []string{"--role-arn", docGHRole, "--policy", "testdata/doctor/trust-deploy.json"},
		mustSay: []string{"GitHub Actions OIDC token service (ACTIONS_ID_TOKEN_REQUEST_URL, audience \"sts.amazonaws.com\")",
			"assumed-role/deploy/stsguard-doctor", "from https://token.actions.githubusercontent.com/keys"}},
	{name: "github-wrong-branch", exit: 1, calls: 1,
		setup: func(t *testing.T, w *docWorld) {
			doctortest.GitHubTokenService(t, w.gh, "ES256", doctortest.GitHubClaims("octo-org/octo-repo", "refs/heads/feature/login", docClock.Add(-30*time.Second)))
			t.Setenv("AWS_REGION", "eu-west-1")
			t.Setenv("AWS_ENDPOINT_URL_STS", w.sts.URL)
			t.Setenv("AWS_ROLE_SESSION_NAME", "GitHubActions")
		},
		args:    []string{"--role-arn", docGHRole, "--policy", "testdata/doctor/trust-deploy.json"},
		mustSay: []string{"STS refused: AccessDenied", "GitHubActions (from environment AWS_ROLE_SESSION_NAME)", "refs/heads/feature/login"}},
}

// normalize replaces what changes between runs: ports, temporary
// directories, fingerprints.
func normalize(s, dir string) string {
	s = strings.ReplaceAll(s, dir, "$DIR")
	s = regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(s, "127.0.0.1:PORT")
	s = regexp.MustCompile(`sha256:[0-9a-f]{12}`).ReplaceAllString(s, "sha256:FINGERPRINT")
	s = regexp.MustCompile(`(/tmp|/var/folders)[^\s"]*/eks\.amazonaws\.com/serviceaccount/token`).ReplaceAllString(s, "/var/run/secrets/eks.amazonaws.com/serviceaccount/token")
	return s
}

func TestDoctorEndToEnd(t *testing.T) {
	for _, tc := range docCases {
		for _, format := range []string{"text", "json"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				w := newDocWorld(t)
				tc.setup(t, w)
				args := []string{"doctor", "--now", docClock.Format(time.RFC3339), "--format", format}
				for _, a := range tc.args {
					args = append(args, strings.ReplaceAll(a, "$DIR", w.dir))
				}
				var stdout, stderr bytes.Buffer
				code := cli.Main(args, &stdout, &stderr, "test")
				out := stdout.String() + stderr.String()
				if code != tc.exit {
					t.Fatalf("exit %d, want %d\n%s", code, tc.exit, out)
				}
				if got := len(w.sts.Calls()); got != tc.calls {
					t.Errorf("%d STS calls, want %d", got, tc.calls)
				}
				assertNoSecrets(t, out, w.tokens)
				if format == "text" {
					for _, p := range tc.mustSay {
						if !strings.Contains(out, p) {
							t.Errorf("output lacks %q:\n%s", p, out)
						}
					}
				}
				ext := ".txt"
				if format == "json" {
					ext = ".json"
				}
				golden(t, filepath.Join("testdata", "doctor", tc.name+ext), normalize(out, w.dir))
			})
		}
	}
}

// assertNoSecrets: no output holds a token, a token segment, a signature
// or the credentials STS issued.
func assertNoSecrets(t *testing.T, out string, tokens []string) {
	t.Helper()
	forbidden := []string{doctortest.AccessKeyID, doctortest.SecretAccessKey, doctortest.SessionToken, "runner-request-token-standin", "eyJ"}
	for _, tok := range tokens {
		parts := strings.Split(tok, ".")
		forbidden = append(forbidden, tok, parts[1], parts[2])
	}
	for _, f := range forbidden {
		if strings.Contains(out, f) {
			t.Errorf("output contains a secret (%.12s...)", f)
		}
	}
}

// golden compares got with the file, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
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
	if got != string(want) {
		t.Errorf("%s differs from the output (run go test ./internal/cli -update to accept):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}
