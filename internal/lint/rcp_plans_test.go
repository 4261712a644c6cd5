package lint

import (
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// Issue 17 point 5: with several plans, the RCPs of the organisation's
// plan apply to the roles of the other plans by account ID.

const (
	orgMgmt     = "111122223333" // the organisation's management account
	orgWorkload = "444455556666" // a member account, with its own root module
)

// orgStack is the organisation's plan (org.json, in the management
// account): the organisation with its root, the perimeter policy of type
// typ (contosoOnly) attached to the root, created by the plan when created
// is set, and further resources (the accounts' places in the tree).
func orgStack(t testing.TB, typ string, created bool, members []string, extra map[string]change) *tfplan.Plan {
	accounts := []any{map[string]any{"id": orgMgmt}}
	for _, a := range members {
		accounts = append(accounts, map[string]any{"id": a})
	}
	policy := map[string]any{"id": "p-11112222", "name": "perimeter", "type": typ, "content": contosoOnly}
	attach := map[string]any{"id": "r-ab12:p-11112222", "policy_id": "p-11112222", "target_id": "r-ab12"}
	res := map[string]change{
		"aws_organizations_organization.org": same(map[string]any{"id": "o-abc", "master_account_id": orgMgmt,
			"roots": []any{map[string]any{"id": "r-ab12"}}, "accounts": accounts}),
		"aws_organizations_policy.perimeter":            same(policy),
		"aws_organizations_policy_attachment.perimeter": same(attach),
	}
	if created {
		res["aws_organizations_policy.perimeter"] = change{after: policy}
		res["aws_organizations_policy_attachment.perimeter"] = change{after: attach}
	}
	for k, v := range extra {
		res[k] = v
	}
	return stackPlan(t, "org.json", orgMgmt, res)
}

// deployStack is a workload's plan (deploy.json, in account acct): GitHub's
// OIDC provider, the deploy role trusting OWNER/billing on main, and the
// repository variable that hands the role to OWNER/billing's workflows.
func deployStack(t testing.TB, acct, owner string) *tfplan.Plan {
	provider := "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com"
	arn := "arn:aws:iam::" + acct + ":role/deploy"
	trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": map[string]any{"Federated": provider},
		"Condition": map[string]any{"StringEquals": map[string]any{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
			"token.actions.githubusercontent.com:sub": "repo:" + owner + "/billing:ref:refs/heads/main"}}})
	return stackPlan(t, "deploy.json", acct, map[string]change{
		"aws_iam_openid_connect_provider.github": same(map[string]any{"arn": provider, "url": "token.actions.githubusercontent.com", "client_id_list": []any{"sts.amazonaws.com"}}),
		"aws_iam_role.deploy":                    same(role("deploy", arn, trust)),
		"github_repository.billing":              same(map[string]any{"name": "billing", "full_name": owner + "/billing", "default_branch": "main"}),
		"github_actions_variable.role":           same(map[string]any{"repository": "billing", "variable_name": "AWS_ROLE_ARN", "value": arn}),
	})
}

// TestRCPOfTheOrganisationPlan: the organisation's plan attaches a
// data-perimeter RCP (GitHub subjects of repo:contoso/* only) to its root;
// a workload account's plan has a role that fabrikam/billing assumes.
// Linted together, the RCP reaches the role by its account ID: refused
// after the plan (STSG102 when the plan creates the RCP, STSG101 when it
// was there before), each naming the policy "(in org.json)"; clean for
// contoso/billing, for an SCP with the same content, for an account
// outside the organisation and for the management account.
func TestRCPOfTheOrganisationPlan(t *testing.T) {
	inTree := map[string]change{"aws_organizations_account.workload": same(map[string]any{"id": orgWorkload, "name": "workload", "parent_id": "r-ab12"})}
	cases := []struct {
		name    string
		org     *tfplan.Plan
		deploy  *tfplan.Plan
		want    string
		mustSay []string
		// note must be in the pair's notes.
		note string
	}{
		{name: "RCP created, member by the organisation's accounts", org: orgStack(t, model.RCPType, true, []string{orgWorkload}, nil), deploy: deployStack(t, orgWorkload, "fabrikam"),
			want: RuleRegression, mustSay: []string{"the organisation policy changed: resource control policy aws_organizations_policy.perimeter (in org.json)", "repo:fabrikam/billing:ref:refs/heads/main"}},
		{name: "RCP created, member by aws_organizations_account", org: orgStack(t, model.RCPType, true, nil, inTree), deploy: deployStack(t, orgWorkload, "fabrikam"),
			want: RuleRegression, mustSay: []string{"aws_organizations_policy.perimeter (in org.json)"}},
		{name: "RCP there before", org: orgStack(t, model.RCPType, false, []string{orgWorkload}, nil), deploy: deployStack(t, orgWorkload, "fabrikam"),
			want: RuleRefused, mustSay: []string{"would be refused by resource control policy aws_organizations_policy.perimeter (in org.json)", `Statement[0] "OnlyContoso"`}},
		{name: "the right owner", org: orgStack(t, model.RCPType, true, []string{orgWorkload}, nil), deploy: deployStack(t, orgWorkload, "contoso"),
			note: "evaluated with the resource control policies that reach account 444455556666: aws_organizations_policy.perimeter (in org.json)"},
		{name: "service control policy", org: orgStack(t, "SERVICE_CONTROL_POLICY", true, []string{orgWorkload}, nil), deploy: deployStack(t, orgWorkload, "fabrikam")},
		{name: "account outside the organisation", org: orgStack(t, model.RCPType, true, nil, nil), deploy: deployStack(t, "999988887777", "fabrikam")},
		{name: "management account", org: orgStack(t, model.RCPType, true, []string{orgWorkload}, nil), deploy: deployStack(t, orgMgmt, "fabrikam"),
			note: "account 111122223333 is the organisation's management account: resource control policies do not apply to its resources (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := AnalyzeAll([]*tfplan.Plan{tc.org, tc.deploy}, Options{})
			if got := onlyRules(rep); got != tc.want {
				t.Fatalf("findings %q, want %q:%s", got, tc.want, describe(rep))
			}
			if len(rep.Pairs) != 1 || rep.Pairs[0].Role != "deploy.json: aws_iam_role.deploy" || rep.Pairs[0].Caller != "deploy.json: github_actions_variable.role" {
				t.Fatalf("want one pair of the variable with the role:%s", describe(rep))
			}
			if notes := strings.Join(rep.Pairs[0].Notes, "\n"); !strings.Contains(notes, tc.note) {
				t.Errorf("pair notes lack %q:\n%s", tc.note, notes)
			}
			if tc.want == "" {
				if rep.Pairs[0].After != "allow" {
					t.Errorf("pair after %q, want allow", rep.Pairs[0].After)
				}
				return
			}
			f := rep.Findings[0]
			if f.Plan != "deploy.json" || f.Role != "deploy.json: aws_iam_role.deploy" {
				t.Errorf("finding located at %q %q, want the caller's plan and role", f.Plan, f.Role)
			}
			for _, w := range tc.mustSay {
				if !strings.Contains(f.Message, w) {
					t.Errorf("message lacks %q:\n%s", w, f.Message)
				}
			}
			if !strings.Contains(f.Fix, "aws_organizations_policy.perimeter (in org.json)") {
				t.Errorf("fix should name the RCP of org.json: %s", f.Fix)
			}
		})
	}
	// Linted alone, the workload's plan knows no RCP: clean.
	if rep := Analyze(deployStack(t, orgWorkload, "fabrikam")); len(rep.Findings) != 0 {
		t.Errorf("workload plan alone:%s", describe(rep))
	}
}
