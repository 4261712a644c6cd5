package lint

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// change is one resource of a stack plan: its values before and after
// (nil when absent on that side) and the attributes known only after
// apply.
type change struct {
	before, after map[string]any
	unknown       map[string]any
	// sensitive is the sensitivity mask of both sides.
	sensitive map[string]any
}

// same is a resource the plan leaves unchanged.
func same(v map[string]any) change { return change{before: v, after: v} }

// stackPlan builds a plan named source in the shape terraform show -json
// writes, with the account given by data.aws_caller_identity ("" for
// none). Actions follow from the sides: create, delete, update or no-op.
func stackPlan(t testing.TB, source, account string, resources map[string]change) *tfplan.Plan {
	t.Helper()
	if account != "" {
		resources["data.aws_caller_identity.current"] = same(map[string]any{"account_id": account, "arn": "arn:aws:iam::" + account + ":user/ci"})
	}
	var changes []any
	for _, addr := range tfplan.SortedKeys(resources) {
		c := resources[addr]
		mode, rest := "managed", addr
		if after, ok := strings.CutPrefix(addr, "data."); ok {
			mode, rest = "data", after
		}
		typ, name, _ := strings.Cut(rest, ".")
		actions := []string{"no-op"}
		switch {
		case c.before == nil:
			actions = []string{"create"}
		case c.after == nil:
			actions = []string{"delete"}
		case !reflect.DeepEqual(c.before, c.after) || len(c.unknown) > 0:
			actions = []string{"update"}
		}
		if mode == "data" {
			actions = []string{"read"}
			if c.before != nil && len(c.unknown) == 0 {
				actions = []string{"no-op"}
			}
		}
		unknown := c.unknown
		if unknown == nil {
			unknown = map[string]any{}
		}
		changes = append(changes, map[string]any{
			"address": addr, "mode": mode, "type": typ, "name": name,
			"provider_name": "registry.terraform.io/hashicorp/aws",
			"change": map[string]any{"actions": actions, "before": c.before, "after": c.after, "after_unknown": unknown,
				"before_sensitive": c.sensitive, "after_sensitive": c.sensitive},
		})
	}
	data, err := json.Marshal(map[string]any{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes})
	if err != nil {
		t.Fatal(err)
	}
	p, err := tfplan.Load(strings.NewReader(string(data)), source, model.LoadOptions)
	if err != nil {
		t.Fatalf("%s: %v", source, err)
	}
	return p
}

const (
	acctA   = "111122223333"
	acctB   = "444455556666"
	issuer  = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
	provARN = "arn:aws:iam::" + acctA + ":oidc-provider/" + issuer
	roleARN = "arn:aws:iam::" + acctA + ":role/payments"
)

// irsaTrust trusts the service account NS:api of the cluster's issuer
// through the provider of account acct.
func irsaTrust(t testing.TB, acct, ns string) string {
	return trustJSON(t, map[string]any{
		"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"Federated": "arn:aws:iam::" + acct + ":oidc-provider/" + issuer},
		"Condition": map[string]any{"StringEquals": map[string]any{
			issuer + ":sub": "system:serviceaccount:" + ns + ":api",
			issuer + ":aud": "sts.amazonaws.com",
		}},
	})
}

func role(name, arn, trust string) map[string]any {
	return map[string]any{"name": name, "arn": arn, "path": "/", "assume_role_policy": trust, "unique_id": "AROA" + strings.ToUpper(name), "id": name}
}

// iamStack is plan A: the OIDC provider and the payments role whose trust
// names namespace ns before and after the plan.
func iamStack(t testing.TB, source, nsBefore, nsAfter string) *tfplan.Plan {
	return stackPlan(t, source, acctA, map[string]change{
		"aws_iam_openid_connect_provider.eks": same(map[string]any{"url": "https://" + issuer, "arn": provARN, "client_id_list": []any{"sts.amazonaws.com"}}),
		"aws_iam_role.payments":               {before: role("payments", roleARN, irsaTrust(t, acctA, nsBefore)), after: role("payments", roleARN, irsaTrust(t, acctA, nsAfter))},
	})
}

// clusterStack is plan B: the cluster and the service account ns:api
// naming the role by its literal ARN arn.
func clusterStack(t testing.TB, source, account, ns, arn string) *tfplan.Plan {
	return stackPlan(t, source, account, map[string]change{
		"aws_eks_cluster.main": same(map[string]any{"name": "main", "arn": "arn:aws:eks:eu-west-1:" + account + ":cluster/main",
			"identity": []any{map[string]any{"oidc": []any{map[string]any{"issuer": "https://" + issuer}}}}}),
		"kubernetes_service_account.api": same(map[string]any{"metadata": []any{map[string]any{"name": "api", "namespace": ns,
			"annotations": map[string]any{"eks.amazonaws.com/role-arn": arn}}}}),
	})
}

func ruleFindings(rep *Report, rule string) []Finding {
	var out []Finding
	for _, f := range rep.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestStacksBreakTogether: the role and provider are in plan A, the
// cluster and service account in plan B; a namespace typo in B is refused
// by A's trust (STSG101), which neither plan shows alone; the fixed
// namespace is allowed. The cluster's account does not matter: STS uses
// the provider of the role's account.
func TestStacksBreakTogether(t *testing.T) {
	for _, acct := range []string{acctA, acctB} {
		for _, tc := range []struct {
			ns, want string
		}{
			{"payment", RuleRefused},
			{"payments", ""},
		} {
			a := iamStack(t, "iam/plan.json", "payments", "payments")
			b := clusterStack(t, "eks/plan.json", acct, tc.ns, roleARN)
			rep := AnalyzeAll([]*tfplan.Plan{a, b}, Options{})
			if got := onlyRules(rep); got != tc.want {
				t.Fatalf("account %s, namespace %s: findings %q, want %q:%s", acct, tc.ns, got, tc.want, describe(rep))
			}
			if len(rep.Pairs) != 1 {
				t.Fatalf("account %s, namespace %s: %d pairs, want 1: %+v", acct, tc.ns, len(rep.Pairs), rep.Pairs)
			}
			p := rep.Pairs[0]
			if p.Role != "iam/plan.json: aws_iam_role.payments" || p.Caller != "eks/plan.json: kubernetes_service_account.api" ||
				p.Address != "eks/plan.json: kubernetes_service_account.api" || p.Plan != "eks/plan.json" {
				t.Errorf("pair %+v: want the role and caller prefixed with their plans", p)
			}
			if tc.want != "" {
				f := rep.Findings[0]
				if f.Plan != "eks/plan.json" || f.Address != p.Address || f.Role != p.Role || f.RoleARN != roleARN {
					t.Errorf("finding %+v: want it located at the caller in eks/plan.json", f)
				}
				if !strings.Contains(f.Message, "system:serviceaccount:payment:api") {
					t.Errorf("message %q should name the refused subject", f.Message)
				}
			}
			if rep.Roles != 1 || rep.Callers != 1 || len(rep.Uncalled) != 0 {
				t.Errorf("roles %d callers %d uncalled %q: want 1 1 []", rep.Roles, rep.Callers, rep.Uncalled)
			}
			if len(rep.Sources) != 2 || rep.Sources[1].Source != "eks/plan.json" || rep.Source != "iam/plan.json, eks/plan.json" {
				t.Errorf("sources %+v / %q", rep.Sources, rep.Source)
			}
		}
	}
	// Alone, plan B's caller names a role its own account does not have
	// (STSG103 when the account is its own), and plan A's role has no
	// caller.
	if got := onlyRules(Analyze(clusterStack(t, "eks/plan.json", acctA, "payment", roleARN))); got != RuleMissingRole {
		t.Errorf("plan B alone: %q, want STSG103", got)
	}
	if rep := Analyze(iamStack(t, "iam/plan.json", "payments", "payments")); len(rep.Uncalled) != 1 || len(rep.Findings) != 0 {
		t.Errorf("plan A alone: uncalled %q findings %s", rep.Uncalled, describe(rep))
	}
}

// TestCrossPlanRegression: plan A changes the trust's namespace, plan B's
// service account stays: the caller in B allowed before is refused after
// (STSG102), and the message says the role's trust changed.
func TestCrossPlanRegression(t *testing.T) {
	a := iamStack(t, "a.json", "payments", "payments-v2")
	b := clusterStack(t, "b.json", acctA, "payments", roleARN)
	rep := AnalyzeAll([]*tfplan.Plan{a, b}, Options{})
	fs := ruleFindings(rep, RuleRegression)
	if len(fs) != 1 || len(rep.Findings) != 1 {
		t.Fatalf("want one STSG102:%s", describe(rep))
	}
	f := fs[0]
	if f.Before != "allow" || f.After != "implicit_deny" || !strings.Contains(f.Message, "the role's trust changed") || f.Role != "a.json: aws_iam_role.payments" {
		t.Errorf("finding %+v", f)
	}
	// Fixed: B follows the rename in the same change.
	b = clusterStack(t, "b.json", acctA, "payments-v2", roleARN)
	if rep := AnalyzeAll([]*tfplan.Plan{iamStack(t, "a.json", "payments-v2", "payments-v2"), b}, Options{}); len(rep.Findings) != 0 {
		t.Errorf("fixed: %s", describe(rep))
	}
}

// TestLiteralARNAcrossPlans: a caller names a role of another plan by its
// literal ARN, and both plans have a role at the same address: the ARN
// decides, not the address. A role whose ARN no plan declares is STSG103
// only in the account of the caller's own plan; in another plan's account
// it is STSG900, not paired.
func TestLiteralARNAcrossPlans(t *testing.T) {
	allowed := irsaTrust(t, acctA, "payments")
	a := stackPlan(t, "a.json", acctA, map[string]change{
		"aws_iam_openid_connect_provider.eks": same(map[string]any{"url": "https://" + issuer, "arn": provARN, "client_id_list": []any{"sts.amazonaws.com"}}),
		"aws_iam_role.app":                    same(role("payments", roleARN, allowed)),
	})
	otherARN := "arn:aws:iam::" + acctB + ":role/payments"
	b := func(arn string) *tfplan.Plan {
		p := clusterStack(t, "b.json", acctB, "payments", arn)
		return p
	}
	bWithRole := stackPlan(t, "b.json", acctB, map[string]change{
		"aws_iam_role.app": same(role("payments", otherARN, irsaTrust(t, acctB, "nobody"))),
		"kubernetes_service_account.api": same(map[string]any{"metadata": []any{map[string]any{"name": "api", "namespace": "payments",
			"annotations": map[string]any{"eks.amazonaws.com/role-arn": roleARN}}}}),
	})
	rep := AnalyzeAll([]*tfplan.Plan{a, bWithRole}, Options{})
	if len(rep.Pairs) != 1 || rep.Pairs[0].Role != "a.json: aws_iam_role.app" || rep.Pairs[0].After != "allow" {
		t.Errorf("same address in both plans: pairs %+v, want the role of a.json, allowed:%s", rep.Pairs, describe(rep))
	}
	if rep.Roles != 2 || len(rep.Uncalled) != 1 || rep.Uncalled[0] != "b.json: aws_iam_role.app" {
		t.Errorf("roles %d uncalled %q", rep.Roles, rep.Uncalled)
	}

	// Not declared, in the caller's own account: STSG103.
	rep = AnalyzeAll([]*tfplan.Plan{a, b(otherARN)}, Options{})
	if got := onlyRules(rep); got != RuleMissingRole || !strings.Contains(rep.Findings[0].Message, "exists nowhere in the plans") || len(rep.Pairs) != 0 {
		t.Errorf("undeclared role of the caller's account: %q:%s", got, describe(rep))
	}
	// Not declared, in the other plan's account: not paired, STSG900.
	rep = AnalyzeAll([]*tfplan.Plan{a, b("arn:aws:iam::" + acctA + ":role/gone")}, Options{})
	if got := onlyRules(rep); got != RuleUnknown || !strings.Contains(rep.Findings[0].Message, "which no plan declares") || len(rep.Pairs) != 0 || len(rep.Uncalled) != 1 {
		t.Errorf("undeclared role of another plan's account: %q pairs %d uncalled %q:%s", got, len(rep.Pairs), rep.Uncalled, describe(rep))
	}
}

// TestUnknownARNAcrossPlans: a role created by plan A whose ARN is known
// only after apply (an EKS Pod Identity role: its trust names no
// account). With A's account known, its ARN is certain and the caller in
// B is paired; with the account unknown, it is not matched across plans:
// STSG900 with a note naming the role, never an error.
func TestUnknownARNAcrossPlans(t *testing.T) {
	for _, tc := range []struct {
		account, want string
	}{
		{acctA, ""},
		{"", RuleUnknown},
	} {
		trust := trustJSON(t, map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "pods.eks.amazonaws.com"}, "Action": []string{"sts:AssumeRole", "sts:TagSession"}})
		created := role("payments", "", trust)
		delete(created, "arn")
		delete(created, "unique_id")
		a := stackPlan(t, "a.json", tc.account, map[string]change{
			"aws_iam_role.payments": {after: created, unknown: map[string]any{"arn": true, "unique_id": true}},
		})
		b := stackPlan(t, "b.json", acctB, map[string]change{
			"aws_eks_pod_identity_association.api": same(map[string]any{"cluster_name": "main", "namespace": "payments", "service_account": "api",
				"role_arn": roleARN, "disable_session_tags": false}),
		})
		rep := AnalyzeAll([]*tfplan.Plan{a, b}, Options{})
		if got := onlyRules(rep); got != tc.want {
			t.Errorf("account %q: findings %q, want %q:%s", tc.account, got, tc.want, describe(rep))
			continue
		}
		if tc.want == "" {
			if len(rep.Pairs) != 1 || rep.Pairs[0].After != "allow" {
				t.Errorf("account %q: pairs %+v", tc.account, rep.Pairs)
			}
			continue
		}
		f := rep.Findings[0]
		if f.Severity != SeverityInfo || len(f.Notes) == 0 || !strings.Contains(strings.Join(f.Notes, "\n"), "a.json: aws_iam_role.payments may be the role named") || len(rep.Pairs) != 0 {
			t.Errorf("account unknown: finding %+v pairs %+v", f, rep.Pairs)
		}
	}
}

// TestDuplicateRoleARN: two plans manage a role with the same ARN (each
// apply overwrites the other's trust). The caller is paired with each,
// and each pair says so; a refusal by either trust is reported. A data
// source reading the ARN in the caller's plan yields to the managed role.
func TestDuplicateRoleARN(t *testing.T) {
	a := iamStack(t, "a.json", "payments", "payments")
	dup := stackPlan(t, "dup.json", acctA, map[string]change{
		"aws_iam_role.copy": same(role("payments", roleARN, irsaTrust(t, acctA, "other"))),
	})
	b := clusterStack(t, "b.json", acctA, "payments", roleARN)
	rep := AnalyzeAll([]*tfplan.Plan{a, dup, b}, Options{})
	if len(rep.Pairs) != 2 {
		t.Fatalf("pairs %+v, want one per plan managing the role", rep.Pairs)
	}
	for _, p := range rep.Pairs {
		if len(p.Notes) == 0 || !strings.Contains(p.Notes[0], "managed by several plans (a.json: aws_iam_role.payments, dup.json: aws_iam_role.copy)") {
			t.Errorf("pair %+v should note the duplicate", p)
		}
	}
	if got := onlyRules(rep); got != RuleRefused || rep.Findings[0].Role != "dup.json: aws_iam_role.copy" {
		t.Errorf("findings %q:%s, want STSG101 on dup.json's trust", got, describe(rep))
	}

	// A data source in the caller's plan reads the role A manages.
	withData := stackPlan(t, "b.json", acctA, map[string]change{
		"data.aws_iam_role.payments": same(role("payments", roleARN, irsaTrust(t, acctA, "payments"))),
		"aws_eks_cluster.main":       same(map[string]any{"name": "main", "identity": []any{map[string]any{"oidc": []any{map[string]any{"issuer": "https://" + issuer}}}}}),
		"kubernetes_service_account.api": same(map[string]any{"metadata": []any{map[string]any{"name": "api", "namespace": "payments",
			"annotations": map[string]any{"eks.amazonaws.com/role-arn": roleARN}}}}),
	})
	rep = AnalyzeAll([]*tfplan.Plan{iamStack(t, "a.json", "payments", "payments-v2"), withData}, Options{})
	if len(rep.Pairs) != 1 || rep.Pairs[0].Role != "a.json: aws_iam_role.payments" || onlyRules(rep) != RuleRegression {
		t.Errorf("data source and managed role: pairs %+v:%s", rep.Pairs, describe(rep))
	}
}
