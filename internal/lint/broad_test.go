package lint

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

const (
	testRoleARN = "arn:aws:iam::111122223333:role/ci"
	ghHost      = "token.actions.githubusercontent.com"
)

// overBroad returns the STSG201 findings of a report.
func overBroad(rep *Report) []Finding {
	var out []Finding
	for _, f := range rep.Findings {
		if f.Rule == RuleOverBroad || f.Rule == RuleAnyTenant {
			out = append(out, f)
		}
	}
	return out
}

// shapeCodes lists the "[code]" of every STSG201 shape finding.
var shapeCode = regexp.MustCompile(`has a risky shape \[([a-z-]+)\]`)

func shapeCodes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if m := shapeCode.FindStringSubmatch(f.Message); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// webStatement is an Allow statement for a Federated provider (key
// prefix host, registered in the role's account) with conditions.
func webStatement(host string, conditions map[string]any) map[string]any {
	st := map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"Federated": "arn:aws:iam::111122223333:oidc-provider/" + host}}
	if conditions != nil {
		st["Condition"] = conditions
	}
	return st
}

func roleWith(t testing.TB, statements ...map[string]any) map[string]any {
	return map[string]any{"name": "ci", "arn": testRoleARN, "path": "/", "assume_role_policy": trustJSON(t, statements...)}
}

// TestOverBroadFixtures: the widened trust is reported once, with the
// witness, what the trust admits, that the plan introduces it and the
// callers to narrow to; the fix (a second exact subject) is not.
func TestOverBroadFixtures(t *testing.T) {
	fs := overBroad(lintFixture(t, "trust-broadened-break.json"))
	if len(fs) != 1 {
		t.Fatalf("want one STSG201, got %d:%v", len(fs), fs)
	}
	f := fs[0]
	if f.Role != "aws_iam_role.ci" || f.Severity != SeverityWarning || f.Caller != "" {
		t.Errorf("want a role-level warning on aws_iam_role.ci, got %+v", f)
	}
	for _, want := range []string{
		"admits identities beyond its 2 callers: for example, the identity with " + ghHost + `:sub = "repo:octo-org/`,
		"[other-repository]",
		"it now admits this identity, which was not admitted before",
		`What it admits: Statement[0]: arn:aws:iam::111122223333:oidc-provider/` + ghHost + ` (github): ` + ghHost + `:aud equals "sts.amazonaws.com"; ` + ghHost + `:sub matches "repo:octo-org/*"`,
		"Risky shape [organisation-wide-subject]",
	} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message lacks %q:\n%s", want, f.Message)
		}
	}
	for _, want := range []string{"restore the previous trust", "repo:octo-org/app:ref:refs/heads/main (github_actions_variable.app_role_arn)",
		"repo:octo-org/worker:ref:refs/heads/main (github_actions_variable.worker_role_arn)", `expect = "allow"`} {
		if !strings.Contains(f.Fix, want) {
			t.Errorf("fix lacks %q:\n%s", want, f.Fix)
		}
	}
	if fs := overBroad(lintFixture(t, "trust-broadened-fix.json")); len(fs) != 0 {
		t.Errorf("trust-broadened-fix: want no STSG201, got %v", fs)
	}
}

// TestOverBroadNotForRefusedCallers: a caller the trust refuses has its
// own error; the trust is not compared with the callers left (none).
func TestOverBroadNotForRefusedCallers(t *testing.T) {
	for _, file := range []string{"eks-sa-renamed-break.json", "helm-values-break.json", "github-repo-renamed-break.json", "audience-removed-break.json"} {
		if fs := overBroad(lintFixture(t, file)); len(fs) != 0 {
			t.Errorf("%s: want no STSG201, got %v", file, fs)
		}
	}
}

// TestOverBroadShapesWithoutCallers: with no caller to compare with, each
// dangerous shape is its own finding, with an example identity (none for
// ForAllValues:).
func TestOverBroadShapesWithoutCallers(t *testing.T) {
	aud := map[string]any{ghHost + ":aud": "sts.amazonaws.com"}
	for _, tc := range []struct {
		name      string
		statement map[string]any
		want      []string
	}{
		{"github without sub", webStatement(ghHost, map[string]any{"StringEquals": aud}), []string{"no-subject-condition"}},
		{"github sub *", webStatement(ghHost, map[string]any{"StringEquals": aud, "StringLike": map[string]any{ghHost + ":sub": "*"}}), []string{"wildcard-subject"}},
		{"github organisation-wide", webStatement(ghHost, map[string]any{"StringEquals": aud, "StringLike": map[string]any{ghHost + ":sub": "repo:octo-org/*"}}), []string{"organisation-wide-subject"}},
		{"github repository-wide", webStatement(ghHost, map[string]any{"StringEquals": aud, "StringLike": map[string]any{ghHost + ":sub": "repo:octo-org/app:*"}}), []string{"pull-request-admitted"}},
		{"github exact", webStatement(ghHost, map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com", ghHost + ":sub": "repo:octo-org/app:ref:refs/heads/main"}}), nil},
		{"ForAllValues in an Allow", webStatement(ghHost, map[string]any{"StringEquals": map[string]any{ghHost + ":sub": "repo:octo-org/app:ref:refs/heads/main"},
			"ForAllValues:StringLike": map[string]any{ghHost + ":job_workflow_ref": "octo-org/*"}}), []string{"forallvalues-in-allow"}},
		// STS refuses a token without aud: ForAllValues: on it is the plain operator.
		{"ForAllValues on aud", webStatement(ghHost, map[string]any{"StringEquals": map[string]any{ghHost + ":sub": "repo:octo-org/app:ref:refs/heads/main"},
			"ForAllValues:StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com", ghHost + ":iss": "https://" + ghHost}}), nil},
		{"StringNotLike only", webStatement(ghHost, map[string]any{"StringEquals": aud, "StringNotLike": map[string]any{ghHost + ":sub": "repo:octo-org/legacy:*"}}), []string{"negated-only-restriction"}},
		{"gitlab without sub", webStatement("gitlab.com", map[string]any{"StringEquals": map[string]any{"gitlab.com:aud": "https://gitlab.com"}}), []string{"no-subject-condition"}},
		{"terraform cloud without sub", webStatement("app.terraform.io", map[string]any{"StringEquals": map[string]any{"app.terraform.io:aud": "aws.workload.identity"}}), []string{"no-subject-condition"}},
		{"buildkite without sub", webStatement("agent.buildkite.com", map[string]any{"StringEquals": map[string]any{"agent.buildkite.com:aud": "sts.amazonaws.com"}}), []string{"no-subject-condition"}},
		{"github owner wildcard", webStatement(ghHost, map[string]any{"StringEquals": aud, "StringLike": map[string]any{ghHost + ":sub": "repo:*/app:*"}}), []string{"wildcard-subject"}},
		{"github branch wildcard", webStatement(ghHost, map[string]any{"StringEquals": aud, "StringLike": map[string]any{ghHost + ":sub": "repo:octo-org/app:ref:refs/heads/*"}}), nil},
		{"gitlab group wildcard", webStatement("gitlab.com", map[string]any{"StringEquals": map[string]any{"gitlab.com:aud": "https://gitlab.com"}, "StringLike": map[string]any{"gitlab.com:sub": "project_path:*/app:*"}}), []string{"wildcard-subject"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := Analyze(miniPlan(t, map[string]map[string]any{"aws_iam_role.ci": roleWith(t, tc.statement)}))
			fs := overBroad(rep)
			if got := strings.Join(shapeCodes(fs), " "); got != strings.Join(tc.want, " ") || len(fs) != len(tc.want) {
				t.Fatalf("shapes %q, want %q:%s", got, tc.want, describe(rep))
			}
			for _, f := range fs {
				// Shapes open to any tenant are STSG202 errors, the others STSG201 warnings.
				rule, severity := RuleOverBroad, SeverityWarning
				for _, c := range []string{"[no-subject-condition]", "[wildcard-subject]", "[negated-only-restriction]"} {
					if strings.Contains(f.Message, c) {
						rule, severity = RuleAnyTenant, SeverityError
					}
				}
				if f.Rule != rule || f.Severity != severity || f.Fix == "" {
					t.Errorf("want %s %s with a fix, got %s %s %q", rule, severity, f.Rule, f.Severity, f.Fix)
				}
				example := strings.Contains(f.Message, "; for example, ") || strings.Contains(f.Message, "pull_request subject repo:")
				if example == strings.Contains(f.Message, "[forallvalues-in-allow]") {
					t.Errorf("an example is shown for every shape but ForAllValues: %s", f.Message)
				}
				if strings.Contains(f.Message, "The plan changes the trust") {
					t.Errorf("the plan does not change the trust: %s", f.Message)
				}
			}
		})
	}
}

// TestOverBroadCallers: a trust is compared with its callers; a caller
// the plan knows only as a pattern (a repository-level variable is used
// by every branch) covers what its pattern matches; a witness that
// differs only in letter case is info.
func TestOverBroadCallers(t *testing.T) {
	envVar := map[string]any{"repository": "app", "environment": "prod", "variable_name": "ROLE", "value": testRoleARN}
	like := func(sub string) map[string]any {
		return webStatement(ghHost, map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com"}, "StringLike": map[string]any{ghHost + ":sub": sub}})
	}
	for _, tc := range []struct {
		name      string
		caller    map[string]any
		callerTyp string
		statement map[string]any
		// want is "" (no STSG201) or the severity and witness class.
		want, class string
	}{
		{"environment variable, repository-wide trust", envVar, "github_actions_environment_variable", like("repo:octo-org/app:*"), SeverityWarning, ""},
		{"environment variable, exact trust", envVar, "github_actions_environment_variable", like("repo:octo-org/app:environment:prod"), "", ""},
		{"environment variable, two environments", envVar, "github_actions_environment_variable", like("repo:octo-org/app:environment:*"), SeverityWarning, "[other-environment]"},
		{"environment variable, case-insensitive trust", envVar, "github_actions_environment_variable",
			webStatement(ghHost, map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com"}, "StringEqualsIgnoreCase": map[string]any{ghHost + ":sub": "repo:octo-org/app:environment:prod"}}),
			SeverityInfo, "[case-variant]"},
		// Open to any tenant: STSG202, an error.
		{"environment variable, no sub condition", envVar, "github_actions_environment_variable",
			webStatement(ghHost, map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com"}}), SeverityError, "[no-subject-condition]"},
		{"environment variable, owner wildcard", envVar, "github_actions_environment_variable", like("repo:*/app:*"), SeverityError, "[wildcard-subject]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := Analyze(miniPlan(t, map[string]map[string]any{
				"aws_iam_role.ci":      roleWith(t, tc.statement),
				tc.callerTyp + ".role": tc.caller,
			}))
			fs := overBroad(rep)
			if tc.want == "" {
				if len(fs) != 0 {
					t.Errorf("want no STSG201:%s", describe(rep))
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("want one STSG201:%s", describe(rep))
			}
			f := fs[0]
			if f.Severity != tc.want || !strings.Contains(f.Message, "beyond its caller: for example") || !strings.Contains(f.Message, tc.class) {
				t.Errorf("want %s %s, got %s: %s", tc.want, tc.class, f.Severity, f.Message)
			}
			if rule := map[bool]string{true: RuleAnyTenant, false: RuleOverBroad}[tc.want == SeverityError]; f.Rule != rule {
				t.Errorf("want %s, got %s", rule, f.Rule)
			}
			if !strings.Contains(f.Fix, "repo:octo-org/app:environment:prod ("+tc.callerTyp+".role)") || strings.Contains(f.Fix, "restore the previous trust") {
				t.Errorf("the fix should name the caller (the trust is unchanged): %s", f.Fix)
			}
		})
	}
}

// TestOverBroadDeniedBindingNotRepeated: a binding declared expect =
// "deny" that the trust lets in is reported once, per binding; the
// pull_request shape it is an example of is not repeated for the role.
func TestOverBroadDeniedBindingNotRepeated(t *testing.T) {
	rep := Analyze(mustLoad(t, filepath.Join("testdata", "declared", "plan.json")))
	fs := overBroad(rep)
	if len(fs) != 1 || fs[0].Caller != "data.stsguard_role_trust.deploy pull-requests" {
		t.Errorf("want one STSG201 for the pull-requests binding:%s", describe(rep))
	}
}

// TestOverBroadRealPlans: the devops-practice role trusts
// repo:prathamreet/devops-practice:* with no caller in the plan: pull
// requests are admitted. The checkov roles admit nobody (Google keys
// under a Cognito principal) or exactly one subject.
func TestOverBroadRealPlans(t *testing.T) {
	fs := overBroad(lintFixture(t, "real/prathamreet-waters__devops-practice__dev-plan.json"))
	if got := strings.Join(shapeCodes(fs), " "); got != "pull-request-admitted" || len(fs) != 1 {
		t.Errorf("devops-practice: want one pull-request-admitted shape, got %q: %v", got, fs)
	}
	if fs := overBroad(lintFixture(t, "real/bridgecrewio__checkov__github-oidc-trust-tfplan.json")); len(fs) != 0 {
		t.Errorf("checkov: want no STSG201, got %v", fs)
	}
}

// TestOverBroadKeysAWSNeverSets: a trust whose only conditions are on
// keys AWS never sets (https:// in the key, STSG106) admits nobody, so it
// has no dangerous shape.
func TestOverBroadKeysAWSNeverSets(t *testing.T) {
	fs := overBroad(lintFixture(t, "condition-key-invalid-break.json"))
	if len(fs) != 0 {
		t.Errorf("a trust conditioned only on keys AWS never sets admits nobody; got %d STSG201: %s", len(fs), fs[0].Message)
	}
}

func mustLoad(t *testing.T, path string) *tfplan.Plan {
	t.Helper()
	p, err := tfplan.LoadFile(path, model.LoadOptions)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRepositoryVariableShapes: a repository variable is read by every
// workflow of the repository, pull requests included; its pattern covers a
// repository-wide trust, but the pull_request shape is still reported, as
// a warning, with a note saying why.
func TestRepositoryVariableShapes(t *testing.T) {
	repoVar := map[string]any{"repository": "app", "variable_name": "ROLE", "value": testRoleARN}
	stmt := webStatement(ghHost, map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com"}, "StringLike": map[string]any{ghHost + ":sub": "repo:octo-org/app:*"}})
	rep := Analyze(miniPlan(t, map[string]map[string]any{"aws_iam_role.ci": roleWith(t, stmt), "github_actions_variable.role": repoVar}))
	fs := overBroad(rep)
	if len(fs) != 1 || fs[0].Severity != SeverityWarning || !strings.Contains(fs[0].Message, "[pull-request-admitted]") ||
		!strings.Contains(strings.Join(fs[0].Notes, " "), "known only as patterns") {
		t.Errorf("want one pull-request-admitted warning with a note:%s", describe(rep))
	}
}
