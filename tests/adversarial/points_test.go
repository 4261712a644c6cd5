package adversarial

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each test reproduces one point of issue 16 end to end, through the
// command line, with the input the adversarial review used.

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// unsignedToken is a GitHub Actions token with a made-up signature.
func unsignedToken(payload string) string {
	return b64(`{"alg":"RS256","kid":"k1","typ":"JWT"}`) + "." + b64(payload) + "." + b64("made-up-signature-bytes-that-are-secret")
}

const ghPayload = `{"iss":"https://token.actions.githubusercontent.com","aud":"sts.amazonaws.com","sub":"repo:octo-org/app:environment:prod","iat":1795780800,"exp":1795781100}`

// ghTrustWith is a GitHub trust with the given conditions besides aud.
func ghTrustWith(conditions map[string]any) string {
	cond := map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com"}}
	for op, c := range conditions {
		cond[op] = c
	}
	st := map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": map[string]any{"Federated": ghOIDC}, "Condition": cond}
	return mustJSON(map[string]any{"Version": "2012-10-17", "Statement": []any{st}})
}

// prodCaller is the environment variable of octo-org/app, environment prod.
func prodCaller() resource { return ghEnvVar("deploy", "app", "prod", roleARN("ci")) }

// TestPoint1LookalikeKeyIsNoMatch: a condition key spelt with U+017F (ſ)
// or the Kelvin sign is not the real key; lint fails the default gate with
// STSG106 and names the key it resembles, in every format.
func TestPoint1LookalikeKeyIsNoMatch(t *testing.T) {
	for name, cond := range map[string]map[string]any{
		"long s under IfExists": {"StringEqualsIfExists": map[string]any{ghHost + ":ſub": "repo:octo-org/app:environment:prod"}},
		"long s under Null":     {"Null": map[string]any{ghHost + ":ſub": "true"}},
		"Kelvin sign":           {"StringLikeIfExists": map[string]any{"token.actions.githubusercontent.com:\u212aey": "x"}},
	} {
		t.Run(name, func(t *testing.T) {
			p := plan{resources: []resource{ghProvider(), role("ci", ghTrustWith(cond)), prodCaller()}}.json()
			for _, format := range formats {
				stdout, _, code := lint(t, p, format)
				if code != 1 || !strings.Contains(stdout, "STSG106") {
					t.Errorf("%s: exit %d, want 1 with STSG106:\n%s", format, code, stdout)
				}
			}
		})
	}
}

// TestPoint2ExplainNeverEchoesATokenClaim: a JWT given as a claim value
// in a request file is not printed by explain (text or JSON).
func TestPoint2ExplainNeverEchoesATokenClaim(t *testing.T) {
	jwt := unsignedToken(ghPayload)
	req := mustJSON(map[string]any{"role_arn": roleARN("ci"),
		"claims":         map[string]any{"iss": "https://" + ghHost, "aud": "sts.amazonaws.com", "sub": jwt},
		"oidc_providers": []any{map[string]any{"url": "https://" + ghHost, "client_ids": []any{"sts.amazonaws.com"}}},
		"now":            "2026-11-28T12:00:00Z"})
	reqFile := writeFile(t, "request.json", []byte(req))
	policyFile := writeFile(t, "policy.json", []byte(ghTrust("repo:octo-org/app:*")))
	for _, format := range []string{"text", "json"} {
		stdout, stderr, code := run("explain", "--policy", policyFile, "--request", reqFile, "--format", format)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1 (denied):\n%s%s", format, code, stdout, stderr)
		}
		for _, seg := range strings.Split(jwt, ".") {
			if strings.Contains(stdout+stderr, seg) {
				t.Errorf("%s output repeats a token segment %.16s…:\n%s", format, seg, stdout)
			}
		}
		if !strings.Contains(stdout, "(token)") {
			t.Errorf("%s output does not say a token was withheld:\n%s", format, stdout)
		}
	}
}

// TestPoint3FilesFromTheCheckout: a configuration that is a link to
// /dev/zero or a FIFO is refused at once (exit 2, naming the file); it
// used to grow memory without end.
func TestPoint3FilesFromTheCheckout(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, ".stsguard.json")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	p := writeFile(t, "plan.json", plan{resources: []resource{ghProvider(), role("ci", ghTrust("repo:octo-org/app:*")), prodCaller()}}.json())
	_, stderr, code := run("lint", "--config", link, p)
	if code != 2 || !strings.Contains(stderr, link) {
		t.Errorf("exit %d, stderr %q; want 2 naming %s", code, stderr, link)
	}
}

// TestPoint4TrimmedRoleARN: a role ARN with a leading space or tab in a
// GitHub Actions variable is read as configure-aws-credentials reads it
// (trimmed), so the caller is found and checked, with a note saying so.
func TestPoint4TrimmedRoleARN(t *testing.T) {
	for _, arn := range []string{" " + roleARN("ci"), "\t" + roleARN("ci"), roleARN("ci") + "\n"} {
		// The trust admits main only, so the environment is refused: a
		// dropped caller would exit 0.
		p := plan{resources: []resource{ghProvider(), role("ci", ghTrust("repo:octo-org/app:ref:refs/heads/main")), ghEnvVar("deploy", "app", "prod", arn)}}.json()
		stdout, _, code := lint(t, p, "json")
		if code != 1 || !strings.Contains(stdout, "STSG101") || !strings.Contains(stdout, "trim") {
			t.Errorf("ARN %q: exit %d, want 1 with STSG101 and a note on trimming:\n%s", arn, code, stdout)
		}
		if strings.Contains(stdout, "STSG103") {
			t.Errorf("ARN %q is misreported as a missing role:\n%s", arn, stdout)
		}
	}
}

// TestPoint5TokensSayWhatWasChecked: explain --token without --jwks says
// the signature was not verified; a token without exp is refused.
func TestPoint5TokensSayWhatWasChecked(t *testing.T) {
	policyFile := writeFile(t, "policy.json", []byte(ghTrust("repo:octo-org/app:*")))
	tok := writeFile(t, "t.jwt", []byte(unsignedToken(ghPayload)))
	for _, format := range []string{"text", "json"} {
		stdout, stderr, _ := run("explain", "--policy", policyFile, "--token", tok, "--role-arn", roleARN("ci"), "--now", "2026-11-28T12:00:00Z", "--format", format)
		if !strings.Contains(stdout, "not verified") {
			t.Errorf("%s: the output does not say the signature was not verified:\n%s%s", format, stdout, stderr)
		}
	}
	noExp := writeFile(t, "noexp.jwt", []byte(unsignedToken(strings.Replace(ghPayload, `,"exp":1795781100`, "", 1))))
	_, stderr, code := run("explain", "--policy", policyFile, "--token", noExp, "--role-arn", roleARN("ci"), "--now", "2026-11-28T12:00:00Z")
	if code != 2 || !strings.Contains(stderr, "exp") {
		t.Errorf("token without exp: exit %d, stderr %q; want 2 naming exp", code, stderr)
	}
}

// TestPoint6HugeTrust: a trust of 3,000 statements whose last admits the
// caller (60 s before the fix) gets its STSG301 and the note that the
// deep analysis was skipped.
func TestPoint6HugeTrust(t *testing.T) {
	var sts []any
	for i := 0; i < 3000; i++ {
		env := "env-" + strings.Repeat("x", i%7) + string(rune('a'+i%26))
		if i == 2999 {
			env = "prod"
		}
		sts = append(sts, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": map[string]any{"Federated": ghOIDC},
			"Condition": map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com", ghHost + ":sub": "repo:octo-org/app:environment:" + env}}})
	}
	r := role("ci", mustJSON(map[string]any{"Version": "2012-10-17", "Statement": sts}))
	r.actions, r.before = []string{"create"}, nil
	stdout, _, code := lint(t, plan{resources: []resource{ghProvider(), r, prodCaller()}}.json(), "json")
	if code != 1 || !strings.Contains(stdout, "STSG301") || !strings.Contains(stdout, "was not analysed") {
		t.Errorf("exit %d, want 1 with STSG301 and a note that the analysis was skipped:\n%.2000s", code, stdout)
	}
}

// TestPoint7Strictness: a suppression file with a duplicate or case-variant
// member, a plan with a case-variant member, and a trust of the wrong JSON
// type are refused or reported; control characters from the plan are
// escaped in the text output.
func TestPoint7Strictness(t *testing.T) {
	good := plan{resources: []resource{ghProvider(), role("ci", ghTrust("repo:octo-org/app:environment:prod")), prodCaller()}}.json()
	planFile := writeFile(t, "plan.json", good)
	for name, cfg := range map[string]string{
		"duplicate accept":  `{"accept":[],"accept":[{"rule":"STSG101","reason":"x"}]}`,
		"case variant":      `{"Accept":[{"rule":"STSG101","reason":"x"}]}`,
		"long s in reason":  `{"accept":[{"rule":"STSG101","reaſon":"x"}]}`,
		"trailing data":     `{"accept":[]} {"accept":[]}`,
		"unknown member":    `{"accept":[],"ignore":["STSG101"]}`,
		"case variant deep": `{"accept":[{"RULE":"STSG101","reason":"x"}]}`,
	} {
		_, stderr, code := run("lint", "--config", writeFile(t, "c.json", []byte(cfg)), planFile)
		if code != 2 || !strings.Contains(stderr, "c.json:1:") {
			t.Errorf("config %s: exit %d, stderr %q; want 2 naming c.json:LINE:COLUMN", name, code, stderr)
		}
	}
	caseVariant := strings.Replace(string(good), `"type":"aws_iam_role"`, `"type":"aws_iam_role","TYPE":"kubernetes_service_account"`, 1)
	if _, stderr, code := lint(t, []byte(caseVariant), "text"); code != 2 || !strings.Contains(stderr, `"TYPE" is a case variant of "type"`) {
		t.Errorf("case-variant plan: exit %d, stderr %q; want 2", code, stderr)
	}
	for _, trust := range []any{nil, map[string]any{"Statement": []any{}}, 42, []any{}, true} {
		for _, format := range formats {
			stdout, _, code := lint(t, plan{resources: []resource{ghProvider(), role("ci", trust), prodCaller()}}.json(), format)
			if code != 1 || !strings.Contains(stdout, "STSG301") || !strings.Contains(stdout, "not a string") {
				t.Errorf("trust %v, %s: exit %d, want 1 with STSG301 saying it is not a string:\n%.1500s", trust, format, code, stdout)
			}
		}
	}
	esc := plan{resources: []resource{ghProvider(), role("ci", ghTrust("repo:octo-org/app:ref:refs/heads/main")), ghEnvVar("deploy", "app", "prod\x1b[8m", roleARN("ci"))}}.json()
	stdout, _, _ := lint(t, esc, "text")
	if strings.ContainsRune(stdout, 0x1b) || !strings.Contains(stdout, `\x1b[8m`) {
		t.Errorf("raw ESC reaches the terminal or is not shown escaped:\n%q", stdout)
	}
}

// TestPoint8AnyoneOnGitHubFailsTheDefaultGate: a GitHub trust with no sub
// condition admits any repository on GitHub: STSG202, an error, so the
// default gate (--fail-on error) exits 1.
func TestPoint8AnyoneOnGitHubFailsTheDefaultGate(t *testing.T) {
	p := plan{resources: []resource{ghProvider(), role("ci", ghTrustWith(nil)), prodCaller()}}.json()
	for _, format := range formats {
		stdout, _, code := lint(t, p, format)
		if code != 1 || !strings.Contains(stdout, "STSG202") {
			t.Errorf("%s: exit %d, want 1 with STSG202:\n%.1500s", format, code, stdout)
		}
	}
}

// TestPoint2DoctorNeverEchoesAToken: a token whose sub claim is itself a
// JWT is shown by doctor with the inner token withheld.
func TestPoint2DoctorNeverEchoesAToken(t *testing.T) {
	inner := unsignedToken(`{"sub":"inner"}`)
	outer := writeFile(t, "t.jwt", []byte(unsignedToken(strings.Replace(ghPayload, `"repo:octo-org/app:environment:prod"`, `"`+inner+`"`, 1))))
	for _, format := range []string{"text", "json"} {
		stdout, stderr, _ := run("doctor", "--offline", "--token", outer, "--role-arn", roleARN("ci"), "--now", "2026-11-28T12:00:00Z", "--format", format)
		for _, seg := range strings.Split(inner, ".") {
			if strings.Contains(stdout+stderr, seg) {
				t.Errorf("%s output repeats a segment of the token in sub (%.16s…):\n%s", format, seg, stdout)
			}
		}
		if !strings.Contains(stdout, "(token)") {
			t.Errorf("%s output does not say a token was withheld:\n%s", format, stdout)
		}
	}
}

// TestPoint7CaseVariantRequestMember: an explain request whose member
// fills a field only by ignoring case ("Claims" beside "claims") is
// refused with its line and column.
func TestPoint7CaseVariantRequestMember(t *testing.T) {
	policyFile := writeFile(t, "policy.json", []byte(ghTrust("repo:octo-org/app:*")))
	req := writeFile(t, "request.json", []byte(`{"role_arn":"`+roleARN("ci")+`",
"claims":{"iss":"https://`+ghHost+`","aud":"sts.amazonaws.com","sub":"repo:octo-org/app:ref:refs/heads/main"},
"Claims":{"iss":"https://`+ghHost+`","aud":"sts.amazonaws.com","sub":"repo:evil/x:ref:refs/heads/main"},
"now":"2026-11-28T12:00:00Z"}`))
	_, stderr, code := run("explain", "--policy", policyFile, "--request", req)
	if code != 2 || !strings.Contains(stderr, `"Claims"`) || !strings.Contains(stderr, ":3:") {
		t.Errorf("exit %d, stderr %q; want 2 naming \"Claims\" at line 3", code, stderr)
	}
}
