package adversarial

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// hostileValue is a value of n bytes that is a valid name character by
// character (so that no earlier check refuses it).
func hostileValue(n int) string { return strings.Repeat("a", n) }

// hostilePlan is a plan whose callers carry values far longer than their
// issuer allows: kind "repo" (the repository of n GitHub callers), "env"
// (their environment), "ns" (the namespace of n service accounts) and
// "unused" (a github_repository full_name nothing uses), "arn" (the role
// ARN of n GitHub callers, printed in messages), "branch" (the default
// branch of the repositories of n repository-level variables, in their
// ref and sub); each value has
// size bytes. Every caller names the role ci, trusted by GitHub and
// EKS subjects.
func hostilePlan(kind string, n, size int) []byte {
	eksOIDC := "arn:aws:iam::" + account + ":oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"
	trust := mustJSON(map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": map[string]any{"Federated": ghOIDC},
			"Condition": map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com"},
				"StringLike": map[string]any{ghHost + ":sub": "repo:octo-org/*"}}},
		map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": map[string]any{"Federated": eksOIDC},
			"Condition": map[string]any{"StringLike": map[string]any{"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:*:app"}}},
	}})
	rs := []resource{ghProvider(), role("ci", trust)}
	big := hostileValue(size)
	for i := 0; i < n; i++ {
		name := string(rune('a' + i))
		switch kind {
		case "repo":
			rs = append(rs, ghEnvVar(name, big+name, "prod", roleARN("ci")))
		case "env":
			rs = append(rs, ghEnvVar(name, "app", big+name, roleARN("ci")))
		case "ns":
			v := map[string]any{"metadata": []any{map[string]any{"name": "app", "namespace": big + name,
				"annotations": map[string]any{"eks.amazonaws.com/role-arn": roleARN("ci")}}}}
			rs = append(rs, resource{addr: "kubernetes_service_account_v1." + name, before: v, after: v})
		case "arn":
			rs = append(rs, ghEnvVar(name, "app", "prod", roleARN(big+name)))
		case "branch":
			v0 := map[string]any{"repository": "app" + name, "variable_name": "ROLE", "value": roleARN("ci")}
			rs = append(rs, resource{addr: "github_actions_variable." + name, before: v0, after: v0})
			v := map[string]any{"name": "app" + name, "full_name": "octo-org/app" + name, "default_branch": big}
			rs = append(rs, resource{addr: "github_repository." + name, before: v, after: v})
		case "unused":
			v := map[string]any{"name": "app" + name, "full_name": "octo-org/" + big}
			rs = append(rs, resource{addr: "github_repository." + name, before: v, after: v})
		}
	}
	return plan{resources: rs}.json()
}

// TestWriteHostilePlans writes the hostile plans for profiling the
// binary by hand (STSGUARD_HOSTILE_DIR=dir go test -run WriteHostile).
func TestWriteHostilePlans(t *testing.T) {
	dir := os.Getenv("STSGUARD_HOSTILE_DIR")
	if dir == "" {
		t.Skip("STSGUARD_HOSTILE_DIR not set")
	}
	for _, tc := range []struct {
		kind    string
		n, size int
	}{{"repo", 3, 30 << 20}, {"repo", 2, 10 << 20}, {"env", 2, 10 << 20}, {"ns", 2, 10 << 20}, {"unused", 1, 30 << 20}, {"arn", 2, 10 << 20}} {
		name := filepath.Join(dir, fmt.Sprintf("%s-%dx%dMB.json", tc.kind, tc.n, tc.size>>20))
		if err := os.WriteFile(name, hostilePlan(tc.kind, tc.n, tc.size), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// lintAllocated runs lint on p in format and returns its output and the
// bytes it allocated (runtime.MemStats.TotalAlloc: deterministic enough
// for a bound many times above the measured figure, unlike a time).
func lintAllocated(t *testing.T, p []byte, format string) (string, uint64) {
	t.Helper()
	path := writeFile(t, "plan.json", p)
	cfg := emptyConfig(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	stdout, stderr, code := run("lint", "--format", format, "--config", cfg, path)
	runtime.ReadMemStats(&after)
	if code == 2 {
		t.Fatalf("exit 2: %.500s", stderr)
	}
	return stdout, after.TotalAlloc - before.TotalAlloc
}

// TestPoint6OverLongCallerValues: callers whose repository, environment,
// namespace or role ARN is a megabyte long (GitHub and Kubernetes refuse
// such names; before the bound, 2 x 10 MB repository names ran out of
// memory at 24 GB and 200 KB panicked in the over-breadth analysis) get
// an STSG900 info naming the length and the limit, never an error, and
// the report stays small in every format: the value is never printed in
// full and allocation stays linear in the plan's size.
func TestPoint6OverLongCallerValues(t *testing.T) {
	const size = 1 << 20
	for _, tc := range []struct {
		kind string
		// limit is what the STSG900 message says; "" when the value is
		// not bounded by an issuer (a role ARN: printed shortened).
		limit string
	}{
		{"repo", "is 1048577 characters long, over GitHub's limit of 100"},
		{"env", "is 1048577 characters long, over GitHub's limit of 255"},
		{"ns", "is 1048577 characters long, over Kubernetes' limit of 63"},
		{"branch", "ref is 1048587 characters long, over a web identity token's limit of 20000"},
		{"arn", ""},
		{"unused", ""},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			p := hostilePlan(tc.kind, 2, size)
			for _, format := range allFormats {
				out, alloc := lintAllocated(t, p, format)
				t.Logf("%s: %d bytes out, %d allocated for %d", format, len(out), alloc, len(p))
				if len(out) > 64<<10 {
					t.Errorf("%s: %d bytes of output for a plan of %d; want at most 64 KiB", format, len(out), len(p))
				}
				if strings.Contains(out, hostileValue(2*ShortenedHeadForTest)) {
					t.Errorf("%s: a run of %d bytes of the value is printed", format, 2*ShortenedHeadForTest)
				}
				// Measured: 5 to 12 bytes allocated per plan byte.
				if limit := uint64(20 * len(p)); alloc > limit {
					t.Errorf("%s: %d bytes allocated for a plan of %d bytes; want at most %d", format, alloc, len(p), limit)
				}
				if format != "json" {
					continue
				}
				var rep struct {
					Findings []struct{ Rule, Severity, Address, Message string }
				}
				if err := json.Unmarshal([]byte(out), &rep); err != nil {
					t.Fatalf("json: %v", err)
				}
				found := 0
				for _, f := range rep.Findings {
					caller := strings.HasPrefix(f.Address, "github_actions") || strings.HasPrefix(f.Address, "kubernetes_")
					if caller && tc.limit != "" && (f.Rule != "STSG900" || f.Severity != "info") {
						t.Errorf("%s: %s %s, want only STSG900 info: %s", f.Address, f.Rule, f.Severity, f.Message)
					}
					if f.Rule == "STSG900" && tc.limit != "" && strings.Contains(f.Message, tc.limit) {
						found++
					}
				}
				if tc.limit != "" && found != 2 {
					t.Errorf("%d STSG900 findings say %q and the length, want 2:\n%.3000s", found, tc.limit, out)
				}
			}
		})
	}
}

// ShortenedHeadForTest is the head a shortened value keeps
// (redact.ShortenedHead); a run twice as long is never printed.
const ShortenedHeadForTest = 64

// TestPoint6ManyCallersOfAnOrgWideTrust: an organisation-wide trust
// with 60 callers whose repository names are long but valid (93
// characters, GitHub allows 100) puts the known repositories over the
// over-breadth analysis' automaton budget; before the fix the analysis
// dereferenced the nil automaton and lint panicked. The shape is still
// reported.
func TestPoint6ManyCallersOfAnOrgWideTrust(t *testing.T) {
	rs := []resource{ghProvider(), role("ci", ghTrust("repo:octo-org/*"))}
	for i := 0; i < 60; i++ {
		rs = append(rs, ghEnvVar(fmt.Sprint("v", i), fmt.Sprintf("%03d", i)+strings.Repeat("r", 90), "prod", roleARN("ci")))
	}
	stdout, stderr, code := lint(t, plan{resources: rs}.json(), "json")
	if code == 2 || !strings.Contains(stdout, `"STSG201"`) || !strings.Contains(stdout, "organisation-wide-subject") {
		t.Errorf("exit %d, want an STSG201 organisation-wide-subject finding:\n%.2000s\n%.500s", code, stdout, stderr)
	}
}
