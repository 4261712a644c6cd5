package lint

import (
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// contosoOnly is a data-perimeter RCP: no GitHub token from outside
// repo:contoso/* may assume a role.
const contosoOnly = `{"Version":"2012-10-17","Statement":[{"Sid":"OnlyContoso","Effect":"Deny","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity","Resource":"*",
"Condition":{"StringNotLike":{"token.actions.githubusercontent.com:sub":"repo:contoso/*"},"Null":{"token.actions.githubusercontent.com:sub":"false"}}}]}`

// githubRole is a role in account acct trusting octo-org/billing on main,
// with its OIDC provider and a GitHub Actions variable that calls it.
func githubRole(t testing.TB, acct, path string) map[string]map[string]any {
	provider := "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com"
	roleARN := "arn:aws:iam::" + acct + ":role" + path + "deploy"
	trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": map[string]any{"Federated": provider},
		"Condition": map[string]any{"StringEquals": map[string]any{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo-org/billing:ref:refs/heads/main"}}})
	return map[string]map[string]any{
		"aws_iam_openid_connect_provider.github": {"arn": provider, "url": "token.actions.githubusercontent.com", "client_id_list": []string{"sts.amazonaws.com"}},
		"aws_iam_role.deploy":                    {"name": "deploy", "arn": roleARN, "path": path, "assume_role_policy": trust},
		"github_actions_variable.role":           {"repository": "billing", "variable_name": "AWS_ROLE_ARN", "value": roleARN},
	}
}

// withOrg adds an organisation layer to resources: the RCP (content, or
// nil for content unknown is not modelled here), attached to target.
func withOrg(res map[string]map[string]any, typ, target string, extra map[string]map[string]any) map[string]map[string]any {
	res["aws_organizations_policy.perimeter"] = map[string]any{"id": "p-11112222", "name": "perimeter", "type": typ, "content": contosoOnly}
	res["aws_organizations_policy_attachment.perimeter"] = map[string]any{"id": target + ":p-11112222", "policy_id": "p-11112222", "target_id": target}
	for k, v := range extra {
		res[k] = v
	}
	return res
}

func TestRCPReach(t *testing.T) {
	const acct, mgmt = "444455556666", "111122223333"
	org := func(accounts ...string) map[string]any {
		var list []any
		for _, a := range accounts {
			list = append(list, map[string]any{"id": a})
		}
		return map[string]any{"id": "o-abc", "master_account_id": mgmt, "roots": []any{map[string]any{"id": "r-ab12"}}, "accounts": list}
	}
	cases := []struct {
		name      string
		res       map[string]map[string]any
		want      string
		mustSay   string
		rcpRefuse bool
	}{
		{"root attachment, account in the organisation", withOrg(githubRole(t, acct, "/"), model.RCPType, "r-ab12",
			map[string]map[string]any{"aws_organizations_organization.org": org(mgmt, acct)}), RuleRefused, "resource control policy aws_organizations_policy.perimeter", true},
		{"root attachment, account not in the organisation", withOrg(githubRole(t, acct, "/"), model.RCPType, "r-ab12",
			map[string]map[string]any{"aws_organizations_organization.org": org(mgmt)}), "", "", false},
		{"root attachment, membership not shown", withOrg(githubRole(t, acct, "/"), model.RCPType, "r-ab12", nil), RuleUnknown, "the plan does not show where account 444455556666 is in the organisation", false},
		{"account attachment", withOrg(githubRole(t, acct, "/"), model.RCPType, acct, nil), RuleRefused, "attached to 444455556666", true},
		{"other account attachment", withOrg(githubRole(t, acct, "/"), model.RCPType, "999988887777", nil), "", "", false},
		{"OU attachment through the tree", withOrg(githubRole(t, acct, "/"), model.RCPType, "ou-ab12-11111111", map[string]map[string]any{
			"aws_organizations_organizational_unit.workloads": {"id": "ou-ab12-11111111", "name": "Workloads", "parent_id": "r-ab12"},
			"aws_organizations_organizational_unit.prod":      {"id": "ou-ab12-22222222", "name": "Prod", "parent_id": "ou-ab12-11111111"},
			"aws_organizations_account.workload":              {"id": acct, "name": "workload", "parent_id": "ou-ab12-22222222"},
		}), RuleRefused, "attached to ou-ab12-11111111", true},
		{"OU attachment, account in a sibling OU", withOrg(githubRole(t, acct, "/"), model.RCPType, "ou-ab12-11111111", map[string]map[string]any{
			"aws_organizations_organizational_unit.workloads": {"id": "ou-ab12-11111111", "name": "Workloads", "parent_id": "r-ab12"},
			"aws_organizations_organizational_unit.sandbox":   {"id": "ou-ab12-33333333", "name": "Sandbox", "parent_id": "r-ab12"},
			"aws_organizations_account.workload":              {"id": acct, "name": "workload", "parent_id": "ou-ab12-33333333"},
		}), "", "", false},
		{"OU attachment, account listed by its OU", withOrg(githubRole(t, acct, "/"), model.RCPType, "ou-ab12-11111111", map[string]map[string]any{
			"aws_organizations_organizational_unit.workloads": {"id": "ou-ab12-11111111", "name": "Workloads", "parent_id": "r-ab12", "accounts": []any{map[string]any{"id": acct}}},
		}), RuleRefused, "", true},
		{"OU attachment, account's place not shown", withOrg(githubRole(t, acct, "/"), model.RCPType, "ou-ab12-11111111", nil), RuleUnknown, "whether aws_organizations_policy_attachment.perimeter (target ou-ab12-11111111) reaches account 444455556666 is not known", false},
		{"service control policy", withOrg(githubRole(t, acct, "/"), "SERVICE_CONTROL_POLICY", "r-ab12",
			map[string]map[string]any{"aws_organizations_organization.org": org(mgmt, acct)}), "", "", false},
		{"management account", withOrg(githubRole(t, mgmt, "/"), model.RCPType, "r-ab12",
			map[string]map[string]any{"aws_organizations_organization.org": org(mgmt, acct)}), "", "", false},
		{"management account known only after apply", withOrg(githubRole(t, acct, "/"), model.RCPType, acct,
			map[string]map[string]any{"aws_organizations_organization.org": {"id": "o-abc", "__after_unknown": map[string]any{"master_account_id": true}}}), RuleUnknown, "whether account 444455556666 is the organisation's management account", false},
		{"service-linked role", withOrg(githubRole(t, acct, "/aws-service-role/"), model.RCPType, acct, nil), "", "", false},
		{"policy not in the plan", withOrg(githubRole(t, acct, "/"), model.RCPType, acct, map[string]map[string]any{
			"aws_organizations_policy_attachment.other": {"id": acct + ":p-99999999", "policy_id": "p-99999999", "target_id": acct},
		}), RuleRefused, "", true},
		{"AWS managed full access", withOrg(githubRole(t, acct, "/"), "SERVICE_CONTROL_POLICY", acct, map[string]map[string]any{
			"aws_organizations_policy_attachment.full": {"id": acct + ":p-RCPFullAWSAccess", "policy_id": "p-RCPFullAWSAccess", "target_id": acct},
		}), "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := Analyze(miniPlan(t, tc.res))
			if got := onlyRules(rep); got != tc.want {
				t.Fatalf("findings %q, want %q:%s", got, tc.want, describe(rep))
			}
			if tc.mustSay != "" && !strings.Contains(rep.Findings[0].Message, tc.mustSay) {
				t.Errorf("message lacks %q: %s", tc.mustSay, rep.Findings[0].Message)
			}
			if tc.rcpRefuse && !strings.Contains(rep.Findings[0].Fix, "resource control policy aws_organizations_policy.perimeter") {
				t.Errorf("fix should name the RCP statement: %s", rep.Findings[0].Fix)
			}
		})
	}
}

// TestRCPNotesSayWhyNot: the management account and service-linked roles
// are not subject to RCPs, and the pair's notes say so with the AWS page.
func TestRCPNotesSayWhyNot(t *testing.T) {
	const mgmt = "111122223333"
	for name, res := range map[string]map[string]map[string]any{
		"management account": withOrg(githubRole(t, mgmt, "/"), model.RCPType, "r-ab12", map[string]map[string]any{
			"aws_organizations_organization.org": {"id": "o-abc", "master_account_id": mgmt, "roots": []any{map[string]any{"id": "r-ab12"}}}}),
		"service-linked role": withOrg(githubRole(t, "444455556666", "/aws-service-role/"), model.RCPType, "444455556666", nil),
	} {
		rep := Analyze(miniPlan(t, res))
		if len(rep.Pairs) != 1 || rep.Pairs[0].After != "allow" {
			t.Fatalf("%s: want one allowed pair, got %+v", name, rep.Pairs)
		}
		if n := strings.Join(rep.Pairs[0].Notes, " | "); !strings.Contains(n, "resource control policies do not apply") || !strings.Contains(n, "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html") {
			t.Errorf("%s: notes should say RCPs do not apply, with the AWS page: %s", name, n)
		}
	}
}

// TestRCPOptions: RCPs given outside the plan (lint --rcp) apply to every
// role, or to the accounts given; an organisation layer from another plan
// applies by account ID.
func TestRCPOptions(t *testing.T) {
	const acct = "444455556666"
	doc, _, err := policy.Parse([]byte(contosoOnly))
	if err != nil {
		t.Fatal(err)
	}
	orgPlan := miniPlan(t, withOrg(map[string]map[string]any{}, model.RCPType, acct, nil))
	org := model.ReadOrg(orgPlan)
	if org == nil {
		t.Fatal("the organisation plan has no organisation layer")
	}
	cases := []struct {
		name string
		opts Options
		want string
	}{
		{"file for every role", Options{RCPs: []RCP{{Name: "perimeter.json", Doc: doc}}}, RuleRefused},
		{"file for the role's account", Options{RCPs: []RCP{{Name: "perimeter.json", Doc: doc, Accounts: []string{acct}}}}, RuleRefused},
		{"file for another account", Options{RCPs: []RCP{{Name: "perimeter.json", Doc: doc, Accounts: []string{"999988887777"}}}}, ""},
		{"organisation of another plan", Options{Orgs: []*model.Org{org}}, RuleRefused},
		{"none", Options{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := AnalyzeWith(miniPlan(t, githubRole(t, acct, "/")), tc.opts)
			if got := onlyRules(rep); got != tc.want {
				t.Fatalf("findings %q, want %q:%s", got, tc.want, describe(rep))
			}
			if tc.want != "" && !strings.Contains(rep.Findings[0].Message, "would be refused by resource control policy") {
				t.Errorf("message should name the RCP: %s", rep.Findings[0].Message)
			}
			if len(tc.opts.Orgs) > 0 && !strings.Contains(rep.Findings[0].Message, "aws_organizations_policy.perimeter (in mini.json)") {
				t.Errorf("an RCP of another plan should name that plan: %s", rep.Findings[0].Message)
			}
		})
	}
}

// TestRCPOverBreadth: when the example identity of an over-breadth finding
// is refused by an RCP reaching the role's account, the finding says only
// the RCP keeps the trust narrow and is one severity lower; without the
// RCP it is as before.
func TestRCPOverBreadth(t *testing.T) {
	const acct = "444455556666"
	octoOnly := `{"Version":"2012-10-17","Statement":[{"Sid":"OnlyOcto","Effect":"Deny","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity","Resource":"*",
"Condition":{"StringNotLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/billing:*"}}}]}`
	doc, _, err := policy.Parse([]byte(octoOnly))
	if err != nil {
		t.Fatal(err)
	}
	withSub := func(sub string) map[string]map[string]any {
		res := githubRole(t, acct, "/")
		role := res["aws_iam_role.deploy"]
		role["assume_role_policy"] = trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
			"Principal": map[string]any{"Federated": "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com"},
			"Condition": map[string]any{"StringEquals": map[string]any{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
				"StringLike": map[string]any{"token.actions.githubusercontent.com:sub": sub}}})
		return res
	}
	cases := []struct {
		name, sub, rule   string
		rcp               bool
		severity, mustSay string
	}{
		{"any tenant", "repo:*", RuleAnyTenant, false, SeverityError, ""},
		{"any tenant, RCP", "repo:*", RuleAnyTenant, true, SeverityWarning, "remove the RCP and any repository of GitHub can assume this role"},
		{"other repository", "repo:octo-org/*", RuleOverBroad, false, SeverityWarning, ""},
		{"other repository, RCP", "repo:octo-org/*", RuleOverBroad, true, SeverityInfo, "Only a resource control policy keeps the trust narrow: Statement[0] \"OnlyOcto\" of resource control policy octo.json refuses the example"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts Options
			if tc.rcp {
				opts.RCPs = []RCP{{Name: "octo.json", Doc: doc}}
			}
			rep := AnalyzeWith(miniPlan(t, withSub(tc.sub)), opts)
			var got *Finding
			for i := range rep.Findings {
				if rep.Findings[i].Rule == tc.rule {
					got = &rep.Findings[i]
				}
			}
			if got == nil {
				t.Fatalf("no %s:%s", tc.rule, describe(rep))
			}
			t.Logf("%s | fix: %s | notes: %v", got.Message, got.Fix, got.Notes)
			if got.Severity != tc.severity {
				t.Errorf("severity %s, want %s: %s", got.Severity, tc.severity, got.Message)
			}
			if tc.mustSay != "" && !strings.Contains(got.Message, tc.mustSay) {
				t.Errorf("message lacks %q: %s", tc.mustSay, got.Message)
			}
			if !tc.rcp && strings.Contains(got.Message, "resource control policy") {
				t.Errorf("no RCP, yet the message names one: %s", got.Message)
			}
		})
	}
}

// TestRCPUndocumentedKey: an RCP refusal that depends on a key AWS does
// not document for AssumeRoleWithWebIdentity being absent
// (aws:FederatedProvider) is STSG900, not an error.
func TestRCPUndocumentedKey(t *testing.T) {
	doc, _, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity","Resource":"*",
"Condition":{"ArnNotLike":{"aws:FederatedProvider":"arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rep := AnalyzeWith(miniPlan(t, githubRole(t, "444455556666", "/")), Options{RCPs: []RCP{{Name: "issuers.json", Doc: doc}}})
	if got := onlyRules(rep); got != RuleUnknown {
		t.Fatalf("findings %q, want STSG900:%s", got, describe(rep))
	}
	if !strings.Contains(rep.Findings[0].Message, "aws:FederatedProvider") {
		t.Errorf("the message should say what would decide: %s", rep.Findings[0].Message)
	}
}

// TestRCPFromAnotherPlan (issue 17 point 5): linted together, the RCPs of
// the organisation's plan apply to the roles of another plan by account
// ID, in either order, and the finding names the plan the RCP is in; an
// RCP attached to another account, or the role's plan alone, refuses
// nothing.
func TestRCPFromAnotherPlan(t *testing.T) {
	const acct = "444455556666"
	named := func(p *tfplan.Plan, source string) *tfplan.Plan { p.Source = source; return p }
	for _, tc := range []struct {
		name   string
		target string
		order  string
		want   string
	}{
		{"organisation plan first", acct, "org first", RuleRefused},
		{"organisation plan last", acct, "org last", RuleRefused},
		{"attached to another account", "999988887777", "org first", ""},
		{"role plan alone", acct, "alone", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			org := named(miniPlan(t, withOrg(map[string]map[string]any{}, model.RCPType, tc.target, nil)), "org/plan.json")
			app := named(miniPlan(t, githubRole(t, acct, "/")), "app/plan.json")
			plans := map[string][]*tfplan.Plan{"org first": {org, app}, "org last": {app, org}, "alone": {app}}[tc.order]
			rep := AnalyzeAll(plans, Options{})
			if got := onlyRules(rep); got != tc.want {
				t.Fatalf("findings %q, want %q:%s", got, tc.want, describe(rep))
			}
			if tc.want == "" {
				return
			}
			f := rep.Findings[0]
			if !strings.Contains(f.Message, "would be refused by resource control policy") || !strings.Contains(f.Message, "(in org/plan.json)") {
				t.Errorf("the message should name the RCP and its plan: %s", f.Message)
			}
			if f.Plan != "app/plan.json" {
				t.Errorf("finding located in plan %q, want the role's and caller's app/plan.json", f.Plan)
			}
		})
	}
}
