package lint

// More several-plans scenarios (multiplan_test.go has the plan builder):
// providers, stand-ins, redaction, file callers, STSG108.

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// TestProvidersAcrossPlans: the role's trust names a provider that
// another plan manages in the same account: no STSG104, and the caller
// is allowed; a provider of another account does not count.
func TestProvidersAcrossPlans(t *testing.T) {
	gh := map[string]any{"url": "https://token.actions.githubusercontent.com", "arn": "arn:aws:iam::" + acctA + ":oidc-provider/token.actions.githubusercontent.com", "client_id_list": []any{"sts.amazonaws.com"}}
	for _, tc := range []struct {
		provAccount, want string
	}{
		{acctA, ""},
		{acctB, RuleProvider + " " + RuleProvider},
	} {
		a := stackPlan(t, "a.json", acctA, map[string]change{
			"aws_iam_openid_connect_provider.github": same(gh),
			"aws_iam_role.payments":                  same(role("payments", roleARN, irsaTrust(t, acctA, "payments"))),
		})
		b := stackPlan(t, "b.json", tc.provAccount, map[string]change{
			"aws_iam_openid_connect_provider.eks": same(map[string]any{"url": "https://" + issuer, "arn": "arn:aws:iam::" + tc.provAccount + ":oidc-provider/" + issuer, "client_id_list": []any{"sts.amazonaws.com"}}),
			"aws_eks_cluster.main":                same(map[string]any{"name": "main", "identity": []any{map[string]any{"oidc": []any{map[string]any{"issuer": "https://" + issuer}}}}}),
			"kubernetes_service_account.api": same(map[string]any{"metadata": []any{map[string]any{"name": "api", "namespace": "payments",
				"annotations": map[string]any{"eks.amazonaws.com/role-arn": roleARN}}}}),
		})
		rep := AnalyzeAll([]*tfplan.Plan{a, b}, Options{})
		if got := onlyRules(rep); got != tc.want {
			t.Errorf("provider in %s: findings %q, want %q:%s", tc.provAccount, got, tc.want, describe(rep))
		}
	}
}

// TestStandInsDistinctPerPlan: the same address in two plans is two
// resources, so stand-ins for values known only after apply differ
// (else a trust rebuilt in one plan would match the other's cluster),
// and a single plan keeps its stand-ins (goldens unchanged).
func TestStandInsDistinctPerPlan(t *testing.T) {
	mk := func(source string) *tfplan.Plan {
		return stackPlan(t, source, acctA, map[string]change{
			"aws_eks_cluster.main": {after: map[string]any{"name": "main"}, unknown: map[string]any{"identity": true, "arn": true}},
		})
	}
	ws := model.NewWorlds([]*tfplan.Plan{mk("a.json"), mk("b.json")})
	issuerOf := func(w *model.World) string {
		for _, c := range w.Clusters {
			return c.Issuer[tfplan.After]
		}
		return ""
	}
	one := issuerOf(model.NewWorld(mk("a.json")))
	ia, ib := issuerOf(ws[0]), issuerOf(ws[1])
	if ia == "" || ia == ib || one != issuerOf(model.NewWorlds([]*tfplan.Plan{mk("a.json")})[0]) {
		t.Errorf("stand-in issuers %q and %q (single plan %q)", ia, ib, one)
	}
	show := ws[0].Displayer()
	if got := show(ib); got != "<issuer of b.json: aws_eks_cluster.main, known after apply>" {
		t.Errorf("first world's displayer shows the second plan's stand-in as %q", got)
	}
}

// TestRedactionAcrossPlans: a value the second plan marks sensitive is
// removed from every finding, whichever plan's resource it is shown for.
func TestRedactionAcrossPlans(t *testing.T) {
	a := iamStack(t, "a.json", "payments", "payments")
	b := stackPlan(t, "b.json", acctA, map[string]change{
		"kubernetes_service_account.api": {before: nil, after: map[string]any{"metadata": []any{map[string]any{"name": "api", "namespace": "payment",
			"annotations": map[string]any{"eks.amazonaws.com/role-arn": roleARN}}}},
			sensitive: map[string]any{"metadata": []any{map[string]any{"annotations": true}}}},
	})
	rep := AnalyzeAll([]*tfplan.Plan{a, b}, Options{})
	if len(rep.Findings) == 0 {
		t.Fatalf("want a finding:%s", describe(rep))
	}
	data, _ := json.Marshal(rep.Findings)
	if strings.Contains(string(data), roleARN) {
		t.Errorf("the sensitive role ARN of b.json is in the findings: %s", data)
	}
}

// fileSource is a caller source that reads one caller from a file.
type fileSource struct{ arn string }

func (fileSource) Name() string { return "test files" }

func (s fileSource) Callers(w *model.World) []*model.Caller {
	c := model.NewFileCaller(&model.FileOrigin{Path: "k8s/sa.yaml", Line: 3, Column: 1, Object: "ServiceAccount payments/api"}, model.KindEKSServiceAccount)
	side := &model.CallerSide{Role: tfplan.Value{Known: true, S: s.arn},
		Identities: []*model.Identity{{Kind: model.KindEKSServiceAccount, Subject: "system:serviceaccount:payments:api",
			EKS: &model.EKSIdentity{Namespace: "payments", Name: "api", Issuer: issuer}}}}
	c.Side = [2]*model.CallerSide{side, side}
	return []*model.Caller{c}
}

// TestFileCallerAcrossPlans: a caller read from a file (Options.Sources)
// is paired with the role of whichever plan declares its ARN, here the
// second, and keeps its file location without a plan.
func TestFileCallerAcrossPlans(t *testing.T) {
	b := clusterStack(t, "b.json", acctB, "other", "arn:aws:iam::"+acctB+":role/none")
	a := iamStack(t, "a.json", "payments", "payments")
	rep := AnalyzeAll([]*tfplan.Plan{b, a}, Options{Sources: []callers.Source{fileSource{roleARN}}})
	var found bool
	for _, p := range rep.Pairs {
		if p.Caller == "k8s/sa.yaml ServiceAccount payments/api" {
			found = true
			if p.Role != "a.json: aws_iam_role.payments" || p.After != "allow" || p.Plan != "" {
				t.Errorf("file pair %+v", p)
			}
		}
	}
	if !found {
		t.Errorf("no pair for the file caller: %+v", rep.Pairs)
	}
	// With one plan, as before: paired with the plan's role.
	rep = AnalyzeWith(a, Options{Sources: []callers.Source{fileSource{roleARN}}})
	if len(rep.Pairs) != 1 || rep.Pairs[0].Role != "aws_iam_role.payments" || rep.Pairs[0].After != "allow" || len(rep.Findings) != 0 {
		t.Errorf("one plan: pairs %+v:%s", rep.Pairs, describe(rep))
	}
}

// TestProviderOfUnknownAccount: the role's plan has other providers, and
// the provider for the cluster's issuer is created by a plan whose account
// is not known: it may be the role's, so neither the trust (STSG104) nor
// the service account's refusal is an error; both are STSG900.
func TestProviderOfUnknownAccount(t *testing.T) {
	gh := map[string]any{"url": "https://token.actions.githubusercontent.com", "arn": "arn:aws:iam::" + acctA + ":oidc-provider/token.actions.githubusercontent.com", "client_id_list": []any{"sts.amazonaws.com"}}
	a := stackPlan(t, "a.json", acctA, map[string]change{
		"aws_iam_openid_connect_provider.github": same(gh),
		"aws_iam_role.payments":                  same(role("payments", roleARN, irsaTrust(t, acctA, "payments"))),
	})
	b := stackPlan(t, "b.json", "", map[string]change{
		"aws_iam_openid_connect_provider.eks": {after: map[string]any{"url": "https://" + issuer, "client_id_list": []any{"sts.amazonaws.com"}}, unknown: map[string]any{"arn": true}},
		"aws_eks_cluster.main":                same(map[string]any{"name": "main", "identity": []any{map[string]any{"oidc": []any{map[string]any{"issuer": "https://" + issuer}}}}}),
		"kubernetes_service_account.api": same(map[string]any{"metadata": []any{map[string]any{"name": "api", "namespace": "payments",
			"annotations": map[string]any{"eks.amazonaws.com/role-arn": roleARN}}}}),
	})
	rep := AnalyzeAll([]*tfplan.Plan{a, b}, Options{})
	if got := onlyRules(rep); got != RuleUnknown+" "+RuleUnknown {
		t.Fatalf("findings %q, want two STSG900:%s", got, describe(rep))
	}
	for _, f := range rep.Findings {
		if !strings.Contains(f.Message, "b.json: aws_iam_openid_connect_provider.eks") {
			t.Errorf("%s should name the provider of b.json: %s", f.Rule, f.Message)
		}
	}
}

// TestUnannotatedAcrossPlans: the role of plan A trusts a service account
// that plan B has without the role annotation (STSG108), named with its
// plan.
func TestUnannotatedAcrossPlans(t *testing.T) {
	a := iamStack(t, "a.json", "payments", "payments")
	b := stackPlan(t, "b.json", acctA, map[string]change{
		"aws_eks_cluster.main": same(map[string]any{"name": "main", "identity": []any{map[string]any{"oidc": []any{map[string]any{"issuer": "https://" + issuer}}}}}),
		"kubernetes_service_account.api": same(map[string]any{"metadata": []any{map[string]any{"name": "api", "namespace": "payments",
			"annotations": map[string]any{}}}}),
	})
	rep := AnalyzeAll([]*tfplan.Plan{a, b}, Options{})
	fs := ruleFindings(rep, RuleUnannotated)
	if len(fs) != 1 || fs[0].Caller != "b.json: kubernetes_service_account.api" || fs[0].Plan != "b.json" || fs[0].Role != "a.json: aws_iam_role.payments" {
		t.Errorf("want one STSG108 naming b.json's service account:%s", describe(rep))
	}
	if got := onlyRules(Analyze(iamStack(t, "a.json", "payments", "payments"))); got != "" {
		t.Errorf("plan A alone: %q", got)
	}
}
