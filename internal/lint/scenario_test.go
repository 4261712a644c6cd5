package lint

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// plansDir holds the plan fixtures written by the real terraform CLI with
// the stand-in providers (testdata/plans/README.md lists each scenario
// and the rules it must and must not trigger).
var plansDir = filepath.Join("..", "..", "testdata", "plans")

// scenario is one row of testdata/plans/README.md.
type scenario struct {
	file string
	// must are rules that must be reported (with at least that count).
	must []string
	// mustNot are rules that must not be reported; "error" and "warning"
	// stand for any finding of that severity or worse.
	mustNot []string
	// clean: no finding at warning or error level.
	clean bool
}

// scenarios mirrors the fixture table of testdata/plans/README.md; there
// is at least one per rule ID.
var scenarios = []scenario{
	{file: "eks-sa-renamed-break.json", must: []string{RuleRegression}, mustNot: []string{RuleMissingRole, RuleProvider, RuleAudience, RuleInvalidDocument, RuleUnknown}},
	{file: "eks-sa-renamed-namespace-break.json", must: []string{RuleRegression}, mustNot: []string{RuleMissingRole, RuleProvider, RuleAudience, RuleInvalidDocument, RuleUnknown}},
	{file: "eks-sa-renamed-fix.json", clean: true, mustNot: []string{RuleRefused, RuleRegression, RuleMissingRole}},
	{file: "role-renamed-break.json", must: []string{RuleMissingRole}, mustNot: []string{RuleProvider, RuleAudience, RuleInvalidDocument}},
	{file: "role-renamed-fix.json", clean: true, mustNot: []string{RuleMissingRole, RuleUnknown}},
	{file: "oidc-issuer-changed-break.json", must: []string{RuleProvider}, mustNot: []string{RuleMissingRole, RuleAudience, RuleInvalidDocument}},
	{file: "oidc-issuer-changed-trust-break.json", must: []string{RuleProvider}, mustNot: []string{RuleMissingRole, RuleAudience, RuleInvalidDocument}},
	{file: "oidc-issuer-changed-fix.json", clean: true, mustNot: []string{RuleProvider, RuleUnknown}},
	{file: "condition-key-invalid-break.json", must: []string{RuleUnmappedKey}, mustNot: []string{RuleMissingRole, RuleProvider, RuleAudience}},
	{file: "condition-key-invalid-fix.json", clean: true, mustNot: []string{RuleUnmappedKey}},
	{file: "audience-removed-break.json", must: []string{RuleAudience}, mustNot: []string{RuleMissingRole, RuleProvider, RuleInvalidDocument}},
	{file: "audience-removed-fix.json", clean: true, mustNot: []string{RuleAudience}},
	{file: "github-repo-renamed-break.json", must: []string{RuleRegression}, mustNot: []string{RuleMissingRole, RuleProvider, RuleAudience, RuleInvalidDocument}},
	{file: "github-repo-renamed-fix.json", clean: true, mustNot: []string{RuleRefused, RuleRegression}},
	{file: "subject-template-customised-break.json", must: []string{RuleRegression}, mustNot: []string{RuleMissingRole, RuleProvider, RuleAudience, RuleInvalidDocument}},
	{file: "subject-template-customised-fix.json", clean: true, mustNot: []string{RuleRefused, RuleRegression}},
	{file: "cognito-pool-replaced-break.json", must: []string{RuleRegression}, mustNot: []string{RuleMissingRole, RuleProvider, RuleAudience, RuleInvalidDocument}},
	{file: "cognito-pool-replaced-fix.json", clean: true, mustNot: []string{RuleRefused, RuleRegression, RuleUnknown}},
	{file: "cognito-unauth-on-auth-role-break.json", must: []string{RuleRefused}, mustNot: []string{RuleMissingRole, RuleProvider, RuleAudience, RuleInvalidDocument}},
	{file: "cognito-unauth-on-auth-role-fix.json", clean: true, mustNot: []string{RuleRefused}},
	{file: "trust-broadened-break.json", must: []string{RuleOverBroad}, mustNot: []string{"error"}},
	{file: "trust-broadened-fix.json", clean: true, mustNot: []string{RuleOverBroad}},
	{file: "invalid-trust-break.json", must: []string{RuleInvalidDocument, RuleInvalidDocument}, mustNot: []string{RuleMissingRole, RuleProvider, RuleAudience}},
	{file: "invalid-trust-fix.json", clean: true, mustNot: []string{RuleInvalidDocument}},
	{file: "unknown-resolvable-break.json", must: []string{RuleRefused}, mustNot: []string{RuleUnknown, RuleMissingRole}},
	{file: "unknown-resolvable-fix.json", clean: true, mustNot: []string{RuleRefused, RuleUnknown}},
	{file: "unknown-unresolvable.json", must: []string{RuleUnknown}, mustNot: []string{"warning"}},
	{file: "addon-and-pod-identity-break.json", must: []string{RuleRegression}, mustNot: []string{RuleInvalidDocument}},
	{file: "addon-and-pod-identity-fix.json", clean: true, mustNot: []string{RuleRefused, RuleMissingRole}},
	{file: "helm-values-break.json", must: []string{RuleRegression, RuleRegression}, mustNot: []string{RuleMissingRole, RuleProvider, RuleAudience, RuleInvalidDocument, RuleUnknown}},
	{file: "helm-values-fix.json", clean: true, mustNot: []string{RuleRefused, RuleRegression}},
	{file: "role-chaining-break.json", must: []string{RuleMissingRole}, mustNot: []string{RuleProvider, RuleAudience, RuleInvalidDocument}},
	{file: "role-chaining-fix.json", clean: true, mustNot: []string{RuleMissingRole}},
	// Resource control policies (the organisation layer).
	{file: "rcp-github-owner-break.json", must: []string{RuleRegression}, mustNot: []string{RuleRefused, RuleUnknown, RuleMissingRole, RuleProvider}},
	{file: "rcp-github-owner-fix.json", clean: true, mustNot: []string{RuleRefused, RuleRegression, RuleUnknown}},
	{file: "rcp-other-account-steady.json", clean: true, mustNot: []string{RuleRefused, RuleRegression, RuleUnknown}},
	{file: "rcp-scp-steady.json", clean: true, mustNot: []string{RuleRefused, RuleRegression, RuleUnknown}},
	{file: "rcp-ou-attachment-break.json", must: []string{RuleRegression}, mustNot: []string{RuleRefused, RuleUnknown}},
	{file: "rcp-unknown-target.json", must: []string{RuleUnknown}, mustNot: []string{"warning"}},
	{file: "rcp-edited-break.json", must: []string{RuleRegression}, mustNot: []string{RuleRefused, RuleUnknown}},
	{file: "rcp-new-role-refused.json", must: []string{RuleRefused}, mustNot: []string{RuleRegression, RuleUnknown}},
}

func lintFixture(t *testing.T, file string) *Report {
	t.Helper()
	p, err := tfplan.LoadFile(filepath.Join(plansDir, file), model.LoadOptions)
	if err != nil {
		t.Fatalf("LoadFile(%s, LoadOptions): %v", file, err)
	}
	return Analyze(p)
}

func rulesOf(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.Rule)
	}
	sort.Strings(out)
	return out
}

func describe(rep *Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString("\n  " + f.Rule + " " + f.Severity + " " + f.Caller + " -> " + f.Role + ": " + f.Message)
	}
	return b.String()
}

func TestScenarios(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(strings.TrimSuffix(sc.file, ".json"), func(t *testing.T) {
			rep := lintFixture(t, sc.file)
			got := map[string]int{}
			for _, f := range rep.Findings {
				got[f.Rule]++
			}
			want := map[string]int{}
			for _, r := range sc.must {
				want[r]++
			}
			for r, n := range want {
				if got[r] < n {
					t.Errorf("want %d× %s, got %d; findings:%s", n, r, got[r], describe(rep))
				}
			}
			for _, f := range rep.Findings {
				for _, bad := range sc.mustNot {
					switch {
					case bad == "error" && f.Severity == SeverityError,
						bad == "warning" && (f.Severity == SeverityError || f.Severity == SeverityWarning),
						bad == f.Rule:
						t.Errorf("must not report %s, got %s (%s)", bad, f.Rule, f.Message)
					}
				}
				if sc.clean && (f.Severity == SeverityError || f.Severity == SeverityWarning) {
					t.Errorf("want clean (no warning or error), got %s %s: %s", f.Rule, f.Severity, f.Message)
				}
			}
		})
	}
}

// TestBeforeFixturesAreClean checks the before/ plans: valid set-ups, so
// no warning or error (STSG900 is allowed where a literal has to match a
// value unknown at creation).
func TestBeforeFixturesAreClean(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(plansDir, "*.before.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no *.before.json fixtures in %s (%v)", plansDir, err)
	}
	for _, path := range files {
		file := filepath.Base(path)
		t.Run(strings.TrimSuffix(file, ".json"), func(t *testing.T) {
			rep := lintFixture(t, file)
			for _, f := range rep.Findings {
				if f.Severity != SeverityInfo {
					t.Errorf("%s %s: %s", f.Rule, f.Severity, f.Message)
				}
			}
		})
	}
}

// TestRCPScenarioMessages checks what the RCP findings say: the
// organisation policy as the side that changed (STSG102), the RCP
// statement (STSG101), and what would decide (STSG900).
func TestRCPScenarioMessages(t *testing.T) {
	cases := []struct {
		file, rule string
		want       []string
	}{
		{"rcp-github-owner-break.json", RuleRegression, []string{"the organisation policy changed: resource control policy aws_organizations_policy.github_perimeter", "is created by the plan", `Statement[0] "OnlyOurGitHubOrganisations"`}},
		{"rcp-ou-attachment-break.json", RuleRegression, []string{"attached to ou-", "by aws_organizations_policy_attachment.github_perimeter"}},
		{"rcp-edited-break.json", RuleRegression, []string{"is edited: its content differs from before the plan"}},
		{"rcp-new-role-refused.json", RuleRefused, []string{"would be refused by resource control policy aws_organizations_policy.github_perimeter", "although the trust allows it", `Statement[0] "OnlyOurGitHubOrganisations" of resource control policy aws_organizations_policy.github_perimeter`}},
		{"rcp-unknown-target.json", RuleUnknown, []string{"the target of aws_organizations_policy_attachment.github_perimeter is known only after apply (from aws_servicecatalog_provisioned_product.payments.outputs)", "if it applies it refuses the caller"}},
	}
	for _, tc := range cases {
		t.Run(strings.TrimSuffix(tc.file, ".json"), func(t *testing.T) {
			rep := lintFixture(t, tc.file)
			found := false
			for _, f := range rep.Findings {
				if f.Rule != tc.rule {
					continue
				}
				found = true
				for _, w := range tc.want {
					if !strings.Contains(f.Message, w) {
						t.Errorf("%s message lacks %q:\n%s", tc.rule, w, f.Message)
					}
				}
			}
			if !found {
				t.Fatalf("no %s finding:%s", tc.rule, describe(rep))
			}
		})
	}
}
