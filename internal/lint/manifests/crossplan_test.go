package manifests_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/manifests"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// splitPlan is the part of a fixture plan whose resource addresses start
// with one of the prefixes, as a plan of its own named source (another
// root module), with every ID replaced by its value in replace.
func splitPlan(t *testing.T, file, source string, replace map[string]string, prefixes ...string) *tfplan.Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(plans, file))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for from, to := range replace {
		text = strings.ReplaceAll(text, from, to)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	keep := func(v any) bool {
		addr, _ := v.(map[string]any)["address"].(string)
		for _, p := range prefixes {
			if strings.HasPrefix(addr, p) || strings.HasPrefix(p, addr+"[") || p == addr {
				return true
			}
		}
		return false
	}
	filter := func(list any) []any {
		var out []any
		for _, v := range asList(list) {
			if keep(v) {
				out = append(out, v)
			}
		}
		return out
	}
	doc["resource_changes"] = filter(doc["resource_changes"])
	for _, path := range [][]string{{"planned_values", "root_module"}, {"prior_state", "values", "root_module"}, {"configuration", "root_module"}} {
		m, _ := doc[path[0]].(map[string]any)
		for _, k := range path[1:] {
			m, _ = m[k].(map[string]any)
		}
		if m != nil {
			m["resources"] = filter(m["resources"])
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	p, err := tfplan.Load(strings.NewReader(string(out)), source, model.LoadOptions)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func asList(v any) []any { l, _ := v.([]any); return l }

// TestManifestsAcrossPlans: the IAM roles and OIDC provider are in one
// root module (iam.json), the cluster and the Helm release in another
// (eks.json). Linted together, the manifests belong to the single cluster
// in the plans, their ServiceAccounts are paired with the roles of the
// IAM plan, and values files with the release of the EKS plan.
func TestManifestsAcrossPlans(t *testing.T) {
	const otherID = "0123456789ABCDEF0123456789ABCDEF"
	iam := func() *tfplan.Plan {
		return splitPlan(t, oneCluster, "iam.json", nil, "aws_iam_role.", "aws_iam_openid_connect_provider.")
	}
	eks := func(replace map[string]string) *tfplan.Plan {
		return splitPlan(t, oneCluster, "eks.json", replace, "aws_eks_cluster.", "helm_release.")
	}
	tests := []struct {
		name, dir, cluster string
		eks                map[string]string // replacements in the EKS plan
		findings, pairs    []string
		message, note      string
	}{
		{name: "namespace typo breaks", dir: "typo-break",
			findings: []string{"STSG101 typo-break/k8s/payments.yaml ServiceAccount payment/api"},
			pairs:    []string{"typo-break/k8s/payments.yaml ServiceAccount payment/api -> iam.json: aws_iam_role.irsa[\"payments:api\"] implicit_deny"},
			message:  `(system:serviceaccount:payment:api) would be refused by the planned trust of iam.json: aws_iam_role.irsa["payments:api"]`},
		{name: "namespace fixed", dir: "typo-fix",
			pairs: []string{"typo-fix/k8s/payments.yaml ServiceAccount payments/api -> iam.json: aws_iam_role.irsa[\"payments:api\"] allow"}},
		{name: "--cluster names the EKS plan's cluster", dir: "typo-fix", cluster: "prod",
			pairs: []string{"typo-fix/k8s/payments.yaml ServiceAccount payments/api -> iam.json: aws_iam_role.irsa[\"payments:api\"] allow"}},
		{name: "--cluster by prefixed address", dir: "typo-fix", cluster: "eks.json: aws_eks_cluster.main",
			pairs: []string{"typo-fix/k8s/payments.yaml ServiceAccount payments/api -> iam.json: aws_iam_role.irsa[\"payments:api\"] allow"}},
		{name: "the EKS plan's cluster has another issuer", dir: "typo-fix", eks: map[string]string{"D79586434ACFF7E7C5EFE5AE3985F57C": otherID},
			findings: []string{"STSG104 typo-fix/k8s/payments.yaml ServiceAccount payments/api"},
			pairs:    []string{"typo-fix/k8s/payments.yaml ServiceAccount payments/api -> iam.json: aws_iam_role.irsa[\"payments:api\"] invalid_identity_token"},
			message:  otherID},
		{name: "values file of the EKS plan's release", dir: "helm-fix",
			pairs: []string{"helm-fix/charts/payments/values.yaml values for eks.json: helm_release.payments -> iam.json: aws_iam_role.irsa[\"payments:worker\"] allow"},
			note:  "values from testdata/helm-fix/charts/payments/values.yaml, for the payments chart that eks.json: helm_release.payments installs"},
		{name: "values file renames the account", dir: "helm-break",
			findings: []string{"STSG101 helm-break/charts/payments/values-prod.yaml values for eks.json: helm_release.payments"},
			pairs: []string{"helm-break/charts/payments/values-prod.yaml values for eks.json: helm_release.payments -> iam.json: aws_iam_role.irsa[\"payments:worker\"] implicit_deny",
				"helm-break/charts/payments/values.yaml values for eks.json: helm_release.payments -> iam.json: aws_iam_role.irsa[\"payments:worker\"] allow"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, err := manifests.Read([]string{filepath.Join("testdata", tc.dir)}, manifests.Options{Cluster: tc.cluster})
			if err != nil {
				t.Fatal(err)
			}
			rep := lint.AnalyzeAll([]*tfplan.Plan{iam(), eks(tc.eks)}, lint.Options{Sources: []callers.Source{src}})
			if err := src.Err(); err != nil {
				t.Fatal(err)
			}
			var findings, pairs, notes []string
			for _, f := range rep.Findings {
				if f.File != "" {
					findings = append(findings, f.Rule+" "+strings.TrimPrefix(f.Caller, "testdata/"))
				}
				notes = append(notes, f.Notes...)
			}
			for _, p := range rep.Pairs {
				pairs = append(pairs, strings.TrimPrefix(p.Caller, "testdata/")+" -> "+p.Role+" "+p.After)
				notes = append(notes, p.Notes...)
			}
			if got, want := strings.Join(findings, "\n"), strings.Join(tc.findings, "\n"); got != want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, want)
			}
			if got, want := strings.Join(pairs, "\n"), strings.Join(tc.pairs, "\n"); got != want {
				t.Errorf("pairs:\n%s\nwant:\n%s", got, want)
			}
			if tc.message != "" && (len(rep.Findings) == 0 || !strings.Contains(rep.Findings[0].Message, tc.message)) {
				t.Errorf("first finding's message lacks %q: %+v", tc.message, rep.Findings)
			}
			all := strings.Join(notes, "\n")
			if tc.note != "" && !strings.Contains(all, tc.note) {
				t.Errorf("no note has %q; notes:\n%s", tc.note, all)
			}
			if strings.Contains(all, "declares no EKS cluster") || strings.Contains(all, "EKS clusters (") {
				t.Errorf("the EKS plan's cluster was not taken as the manifests' cluster; notes:\n%s", all)
			}
		})
	}
}

// TestClusterAcrossPlansBadInput: --cluster names a cluster of any plan,
// and the error lists the clusters of every plan.
func TestClusterAcrossPlansBadInput(t *testing.T) {
	iam := splitPlan(t, oneCluster, "iam.json", nil, "aws_iam_role.", "aws_iam_openid_connect_provider.")
	two := splitPlan(t, twoClusters, "clusters.json", nil, "aws_eks_cluster.")
	// The same cluster read by two plans is one; another prod cluster
	// (another issuer) is not.
	same := splitPlan(t, oneCluster, "eks.json", nil, "aws_eks_cluster.")
	other := splitPlan(t, oneCluster, "eks.json", map[string]string{"D79586434ACFF7E7C5EFE5AE3985F57C": "0123456789ABCDEF0123456789ABCDEF"}, "aws_eks_cluster.")
	tests := []struct {
		name, cluster string
		plans         []*tfplan.Plan
		want          string
	}{
		{"unknown name", "dev", []*tfplan.Plan{iam, two, other},
			`--cluster dev: no EKS cluster of the plans has that name or address; its clusters: prod (clusters.json: aws_eks_cluster.c["prod"]), staging (clusters.json: aws_eks_cluster.c["staging"]), prod (eks.json: aws_eks_cluster.main)`},
		{"the same cluster in two plans is one", "dev", []*tfplan.Plan{two, same},
			`--cluster dev: no EKS cluster of the plans has that name or address; its clusters: prod (clusters.json: aws_eks_cluster.c["prod"]), staging (clusters.json: aws_eks_cluster.c["staging"])` + "\n"},
		{"a name two plans give different clusters", "prod", []*tfplan.Plan{two, other},
			`--cluster prod: several EKS clusters of the plans have that name or address (prod (clusters.json: aws_eks_cluster.c["prod"]), prod (eks.json: aws_eks_cluster.main)); give the address with its plan, for example --cluster "clusters.json: aws_eks_cluster.c[\"prod\"]"`},
		{"no plan has a cluster", "dev", []*tfplan.Plan{iam, splitPlan(t, oneCluster, "release.json", nil, "helm_release.")},
			"--cluster dev: the plans declare no EKS cluster"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, err := manifests.Read([]string{filepath.Join("testdata", "sa")}, manifests.Options{Cluster: tc.cluster})
			if err != nil {
				t.Fatal(err)
			}
			lint.AnalyzeAll(tc.plans, lint.Options{Sources: []callers.Source{src}})
			if err := src.Err(); err == nil || !strings.HasPrefix(err.Error()+"\n", tc.want) {
				t.Errorf("err = %v\nwant prefix %s", err, tc.want)
			}
		})
	}
}
