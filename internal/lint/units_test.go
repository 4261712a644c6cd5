package lint

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/redact"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// findingsByCaller maps "RULE caller -> role" for a plan under testdata/.
func findingsOf(t *testing.T, path string) map[string]Finding {
	t.Helper()
	p, err := tfplan.LoadFile(path, model.LoadOptions)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Finding{}
	for _, f := range Analyze(p).Findings {
		out[f.Rule+" "+f.Caller+" -> "+f.Role] = f
	}
	return out
}

// TestFollowsReferences: unknown values are paired through the
// configuration: a module variable and output, count.index, an explicit
// index, a new cluster's issuer through the provider into a policy
// document (testdata/refs, planned by the real terraform CLI).
func TestFollowsReferences(t *testing.T) {
	got := findingsOf(t, filepath.Join("testdata", "refs", "plan.json"))
	want := []string{
		"STSG101 module.ci.github_actions_environment_variable.inner -> aws_iam_role.ci",
		"STSG101 kubernetes_service_account_v1.batch -> aws_iam_role.worker[1]",
		// Both worker roles trust system:serviceaccount:default:worker-*
		// and each has one caller (worker-0, worker-1): any other worker-*
		// service account of the namespace is admitted too.
		"STSG201  -> aws_iam_role.worker[0]",
		"STSG201  -> aws_iam_role.worker[1]",
	}
	for _, w := range want {
		if _, ok := got[w]; !ok {
			t.Errorf("missing %q; got %v", w, keys(got))
		}
	}
	if len(got) != len(want) {
		t.Errorf("want only %v, got %v (worker-0/1 match worker-*, the root variable's environment prod is admitted)", want, keys(got))
	}
	for _, k := range want[2:] {
		if f := got[k]; !strings.Contains(f.Message, "[other-service-account]") || !strings.Contains(f.Message, `matches "system:serviceaccount:default:worker-*"`) {
			t.Errorf("%s: want an other-service-account witness and what the trust admits, got %s", k, f.Message)
		}
	}
}

// TestDeclaredBindings: stsguard_role_trust bindings are callers of the
// role the data source checks; an expect = "deny" binding let in is
// STSG201 (testdata/declared, planned with the stsguard provider itself).
func TestDeclaredBindings(t *testing.T) {
	got := findingsOf(t, filepath.Join("testdata", "declared", "plan.json"))
	for _, w := range []string{
		"STSG102 data.stsguard_role_trust.deploy main -> aws_iam_role.deploy",
		"STSG201 data.stsguard_role_trust.deploy pull-requests -> aws_iam_role.deploy",
	} {
		if _, ok := got[w]; !ok {
			t.Errorf("missing %q; got %v", w, keys(got))
		}
	}
	for k, f := range findingsOf(t, filepath.Join("testdata", "declared", "before.json")) {
		if f.Severity != SeverityInfo {
			t.Errorf("before.json should be clean, got %s", k)
		}
	}
}

// TestPodIdentityIsNotWebIdentity: the add-on fixture's Pod Identity role
// trusts pods.eks.amazonaws.com for AssumeRole and TagSession; it must
// neither be reported nor be mistaken for IRSA.
func TestPodIdentityIsNotWebIdentity(t *testing.T) {
	for _, file := range []string{"addon-and-pod-identity-break.json", "addon-and-pod-identity-fix.json"} {
		for k := range findingsOf(t, filepath.Join(plansDir, file)) {
			if strings.Contains(k, "api_pod") || strings.Contains(k, "aws_eks_pod_identity_association.api") {
				t.Errorf("%s: unexpected finding %s", file, k)
			}
		}
	}
}

func keys[V any](m map[string]V) []string { return tfplan.SortedKeys(m) }

func TestParseYAMLMap(t *testing.T) {
	doc := `# values for the chart
serviceAccount:
  create: true
  name: "dns-controller"   # quoted
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/dns
    "other/key": 'it''s'
extraArgs:
  - --source=service
  - --source=ingress
rbac: {}
sources: [service]
description: |
  multi
  line
after: yes
---
serviceAccount:
  labels: {team: dns, tier: "1"}
`
	got := callers.ParseYAMLMap(doc)
	// The second document is merged into the first (helm merges values
	// files). Sequences and block scalars are read in full (the reader
	// used to skip them); "yes" is a string (YAML 1.2).
	want := map[string]any{
		"serviceAccount": map[string]any{
			"create": true, "name": "dns-controller",
			"annotations": map[string]any{"eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/dns", "other/key": "it's"},
			"labels":      map[string]any{"team": "dns", "tier": "1"},
		},
		"extraArgs": []any{"--source=service", "--source=ingress"}, "rbac": map[string]any{}, "sources": []any{"service"},
		"description": "multi\nline\n", "after": "yes",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	for _, bad := range []string{"a: [unclosed\n", "- a list\n", "just text"} {
		if got := callers.ParseYAMLMap(bad); len(got) != 0 {
			t.Errorf("ParseYAMLMap(%q) = %v, want an empty map", bad, got)
		}
	}
}

func TestHelmSetPath(t *testing.T) {
	m := map[string]any{}
	callers.SetPath(m, `serviceAccount.annotations.eks\.amazonaws\.com/role-arn`, "arn")
	callers.SetPath(m, "serviceAccount.name", "lbc")
	if v, _ := callers.LookupPath(m, "serviceAccount", "annotations", "eks.amazonaws.com/role-arn"); v != "arn" {
		t.Errorf("escaped dots: %v", m)
	}
	if v, _ := callers.LookupPath(m, "serviceAccount", "name"); v != "lbc" {
		t.Errorf("name: %v", m)
	}
}

func TestHelmChartDefaults(t *testing.T) {
	tests := []struct {
		chart, release, want string
	}{
		{"aws-load-balancer-controller", "aws-load-balancer-controller", "aws-load-balancer-controller"},
		{"eks/aws-load-balancer-controller", "lb", "lb-aws-load-balancer-controller"},
		{"https://charts.example/external-dns-1.14.0.tgz", "dns", "dns-external-dns"},
		{"cluster-autoscaler", "ca", "ca-aws-cluster-autoscaler"},
		{"oci://public.ecr.aws/karpenter/karpenter", "karpenter", "karpenter"},
	}
	for _, tc := range tests {
		c, ok := callers.ChartOf(tc.chart)
		if !ok {
			t.Errorf("%s: chart not known", tc.chart)
			continue
		}
		if got := callers.HelmFullname(c, tc.release, nil); got != tc.want {
			t.Errorf("%s/%s: fullname %q, want %q", tc.chart, tc.release, got, tc.want)
		}
	}
	c, _ := callers.ChartOf("aws-ebs-csi-driver")
	if v, note := callers.HelmServiceAccountName(c, c.Prefix, "ebs", map[string]any{}, nil); v.S != "ebs-csi-controller-sa" || note == "" {
		t.Errorf("EBS CSI default %q (%q)", v.S, note)
	}
}

func TestInferClaim(t *testing.T) {
	tests := map[string][]string{
		"sub": {"system:serviceaccount:kube-system:aws-node"},
		"aud": {"sts.amazonaws.com"},
		"amr": {"authenticated"},
		"":    {"something-else"},
	}
	for want, values := range tests {
		if got := model.InferClaim(values); got != want {
			t.Errorf("inferClaim(%q) = %q, want %q", values, got, want)
		}
	}
	if got := model.InferClaim([]string{"repo:o/r:*", "repo:o/s:*"}); got != "sub" {
		t.Errorf("GitHub subjects: %q", got)
	}
	if got := model.InferClaim([]string{"us-east-1:7afaa9fa-0257-3bee-8679-ebc18f40b481"}); got != "aud" {
		t.Errorf("Cognito pool id: %q", got)
	}
}

func TestAddresses(t *testing.T) {
	if got := tfplan.StripKeys(`module.a["x.y"].module.b[0].aws_iam_role.r["k"]`); got != "module.a.module.b.aws_iam_role.r" {
		t.Errorf("stripKeys: %q", got)
	}
	if got := tfplan.SplitAddress(`module.a["x.y"].aws_iam_role.r`); !reflect.DeepEqual(got, []string{"module", `a["x.y"]`, "aws_iam_role", "r"}) {
		t.Errorf("splitAddress: %q", got)
	}
	if got := tfplan.ModuleOf(`module.a["k"].data.aws_iam_policy_document.p`, ""); got != `module.a["k"]` {
		t.Errorf("moduleOf: %q", got)
	}
	if got := tfplan.ParentModule("module.a.module.b"); got != "module.a" {
		t.Errorf("parentModule: %q", got)
	}
	if got := tfplan.LongestRefs([]string{"aws_iam_role.app.arn", "aws_iam_role.app", "count.index"}); !reflect.DeepEqual(got, []string{"aws_iam_role.app.arn", "count.index"}) {
		t.Errorf("longestRefs: %q", got)
	}
	if got := tfplan.AttrSteps([]string{"identity[0]", "oidc[0]", "issuer"}); !reflect.DeepEqual(got, []any{"identity", 0, "oidc", 0, "issuer"}) {
		t.Errorf("attrSteps: %#v", got)
	}
}

func TestRedactor(t *testing.T) {
	p := &tfplan.Plan{}
	p.NoteSensitive(map[string]any{"plaintext_value": "arn:aws:iam::1:role/secret-role", "other": "public"}, map[string]any{"plaintext_value": true})
	p.NoteSensitive(map[string]any{"list": []any{"a-secret-in-a-list"}}, map[string]any{"list": []any{true}})
	m := redact.NewMarks()
	m.Add(p.SensitiveValues()...)
	redact := m.Replacer()
	in := "names arn:aws:iam::1:role/secret-role and a-secret-in-a-list; public; token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln here"
	got := redact(in)
	for _, s := range []string{"secret-role", "a-secret-in-a-list", "eyJhbGci"} {
		if strings.Contains(got, s) {
			t.Errorf("redact left %q in %q", s, got)
		}
	}
	if !strings.Contains(got, "public") || !strings.Contains(got, tfplan.Redacted) || !strings.Contains(got, "(token)") {
		t.Errorf("redact(%q) = %q", in, got)
	}
}

// TestEKSAddonTable: the one table of add-on service accounts has the
// add-ons the issue names, each with a namespace and a name.
func TestEKSAddonTable(t *testing.T) {
	for addon, want := range map[string]string{
		"vpc-cni":            "kube-system/aws-node",
		"aws-ebs-csi-driver": "kube-system/ebs-csi-controller-sa",
		"aws-efs-csi-driver": "kube-system/efs-csi-controller-sa",
	} {
		sa := callers.EKSAddonServiceAccounts[addon]
		if got := sa.Namespace + "/" + sa.Name; got != want {
			t.Errorf("%s: %s, want %s", addon, got, want)
		}
	}
	if _, ok := callers.EKSAddonServiceAccounts["adot"]; !ok {
		t.Error("adot missing")
	}
}
