package manifests_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/manifests"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

var plans = filepath.Join("..", "..", "..", "testdata", "plans")

const (
	oneCluster  = "manifests-one-cluster.json"
	twoClusters = "manifests-two-clusters.json"
	noCluster   = "manifests-no-cluster.json"
)

// scenario is one lint run of a plan with manifests.
type scenario struct {
	name    string
	plan    string
	dirs    []string // under testdata/
	cluster string
	// findings are the wanted findings, "RULE CALLER" (every finding of
	// the run, in order); pairs the wanted "CALLER VERDICT".
	findings, pairs []string
	// notes must each be in a note of the first pair or finding.
	notes []string
	// message must be in the first finding's message.
	message string
	// file, line and column locate the first finding (or pair's caller).
	file         string
	line, column int
}

var scenarios = []scenario{
	{name: "namespace typo breaks", plan: oneCluster, dirs: []string{"typo-break"},
		findings: []string{"STSG101 typo-break/k8s/payments.yaml ServiceAccount payment/api"},
		pairs:    []string{"typo-break/k8s/payments.yaml ServiceAccount payment/api implicit_deny"},
		message:  "(system:serviceaccount:payment:api) would be refused by the planned trust of aws_iam_role.irsa[\"payments:api\"]",
		notes:    []string{"used by Deployment payment/api (testdata/typo-break/k8s/payments.yaml:11)"},
		file:     "testdata/typo-break/k8s/payments.yaml", line: 3, column: 1},
	{name: "namespace typo fixed", plan: oneCluster, dirs: []string{"typo-fix"},
		pairs: []string{"typo-fix/k8s/payments.yaml ServiceAccount payments/api allow"},
		notes: []string{"used by Deployment payments/api"}},
	{name: "namespace from kustomization.yaml, also over metadata.namespace", plan: oneCluster, dirs: []string{"kustomize"},
		pairs: []string{"kustomize/billing/serviceaccount.yaml ServiceAccount billing/ledger allow", "kustomize/override/serviceaccount.yaml ServiceAccount billing/ledger allow"},
		notes: []string{`namespace "billing" from testdata/kustomize/billing/kustomization.yaml`}},
	{name: "kustomization namePrefix renames the account and its users", plan: oneCluster, dirs: []string{"kustomize-prefix"},
		findings: []string{"STSG101 kustomize-prefix/serviceaccount.yaml ServiceAccount payments/prod-api"},
		pairs:    []string{"kustomize-prefix/serviceaccount.yaml ServiceAccount payments/prod-api implicit_deny"},
		notes:    []string{`name "prod-api" built by testdata/kustomize-prefix/kustomization.yaml from "api"`, "used by Deployment payments/prod-api (testdata/kustomize-prefix/deployment.yaml:1)"}},
	{name: "List kind and multi-document file", plan: oneCluster, dirs: []string{"list"},
		pairs: []string{"list/all.yaml ServiceAccount payments/api allow", "list/all.yaml ServiceAccount payments/worker allow"},
		file:  "testdata/list/all.yaml", line: 11, column: 5},
	{name: "helm values file of a chart the plan installs", plan: oneCluster, dirs: []string{"helm-fix"},
		pairs: []string{"helm-fix/charts/payments/values.yaml values for helm_release.payments allow"},
		notes: []string{"values from testdata/helm-fix/charts/payments/values.yaml, for the payments chart that helm_release.payments installs"},
		file:  "testdata/helm-fix/charts/payments/values.yaml", line: 6, column: 33},
	{name: "helm values file over the chart's values.yaml renames the account", plan: oneCluster, dirs: []string{"helm-break"},
		findings: []string{"STSG101 helm-break/charts/payments/values-prod.yaml values for helm_release.payments"},
		pairs:    []string{"helm-break/charts/payments/values-prod.yaml values for helm_release.payments implicit_deny", "helm-break/charts/payments/values.yaml values for helm_release.payments allow"},
		message:  "(system:serviceaccount:payments:payments-worker) would be refused"},
	{name: "helm default name is a guess, never an error", plan: oneCluster, dirs: []string{"helm-guessed"},
		findings: []string{"STSG900 helm-guessed/deploy/payments/values.yaml values for helm_release.payments"},
		pairs:    []string{"helm-guessed/deploy/payments/values.yaml values for helm_release.payments unknown"},
		message:  `serviceAccount.name is not set; assumed the chart's fullname "payments"`},
	{name: "two clusters: the one the trust names", plan: twoClusters, dirs: []string{"sa"}, cluster: "staging",
		pairs: []string{"sa/api.yaml ServiceAccount payments/api allow"}},
	{name: "two clusters: by address", plan: twoClusters, dirs: []string{"sa"}, cluster: `aws_eks_cluster.c["staging"]`,
		pairs: []string{"sa/api.yaml ServiceAccount payments/api allow"}},
	{name: "two clusters: another cluster's issuer", plan: twoClusters, dirs: []string{"sa"}, cluster: "prod",
		findings: []string{"STSG104 sa/api.yaml ServiceAccount payments/api"},
		pairs:    []string{"sa/api.yaml ServiceAccount payments/api implicit_deny"}},
	{name: "two clusters without --cluster: the trust's provider, with a note", plan: twoClusters, dirs: []string{"sa"},
		pairs: []string{"sa/api.yaml ServiceAccount payments/api allow"},
		notes: []string{"the plan has 2 EKS clusters (prod (aws_eks_cluster.c[\"prod\"]), staging (aws_eks_cluster.c[\"staging\"])) and --cluster does not say which one", "evaluated as a token from oidc.eks.us-east-1.amazonaws.com/id/"}},
	{name: "no cluster: the trust's provider, with a note", plan: noCluster, dirs: []string{"sa"},
		pairs: []string{"sa/api.yaml ServiceAccount payments/api allow"},
		notes: []string{"the plan declares no EKS cluster", "evaluated as a token from oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"}},
	{name: "several directories", plan: oneCluster, dirs: []string{"typo-fix", "kustomize/billing"},
		pairs: []string{"typo-fix/k8s/payments.yaml ServiceAccount payments/api allow", "kustomize/billing/serviceaccount.yaml ServiceAccount billing/ledger allow"}},
	{name: "role annotation with whitespace is not trimmed", plan: oneCluster, dirs: []string{"space"},
		findings: []string{"STSG103 space/sa.yaml ServiceAccount payments/api"},
		notes:    []string{"the role ARN annotation has surrounding whitespace, which the EKS Pod Identity webhook does not trim"}},
	{name: "every workload kind using the account is named", plan: oneCluster, dirs: []string{"workloads"},
		findings: []string{"STSG101 workloads/all.yaml ServiceAccount payment/api"},
		pairs:    []string{"workloads/all.yaml ServiceAccount payment/api implicit_deny"},
		notes:    []string{"used by CronJob payment/nightly (testdata/workloads/all.yaml:11), Pod payment/debug (testdata/workloads/all.yaml:21)"}},
	{name: "odd shapes are not callers", plan: oneCluster, dirs: []string{"odd"}},
	{name: "helm serviceAccount.create false makes no caller", plan: oneCluster, dirs: []string{"helm-nocreate"}},
	{name: "a release that names its role itself is the plan's caller", plan: "helm-values-fix.json", dirs: []string{"helm-release-own"},
		pairs: []string{"helm_release.aws_load_balancer_controller allow", "helm_release.external_dns allow"}},
	{name: "roles outside the plan are not callers here", plan: twoClusters, dirs: []string{"kustomize"}, cluster: "prod"},
}

func load(t *testing.T, file string) *tfplan.Plan {
	t.Helper()
	p, err := tfplan.LoadFile(filepath.Join(plans, file), model.LoadOptions)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestManifestScenarios(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			var dirs []string
			for _, d := range sc.dirs {
				dirs = append(dirs, filepath.Join("testdata", d))
			}
			src, err := manifests.Read(dirs, manifests.Options{Cluster: sc.cluster})
			if err != nil {
				t.Fatal(err)
			}
			rep := lint.AnalyzeWith(load(t, sc.plan), lint.Options{Sources: []callers.Source{src}})
			if err := src.Err(); err != nil {
				t.Fatal(err)
			}
			var findings, pairs, notes []string
			for _, f := range rep.Findings {
				findings = append(findings, f.Rule+" "+strings.TrimPrefix(f.Caller, "testdata/"))
				notes = append(notes, f.Notes...)
			}
			for _, p := range rep.Pairs {
				pairs = append(pairs, strings.TrimPrefix(p.Caller, "testdata/")+" "+p.After)
				notes = append(notes, p.Notes...)
			}
			if strings.Join(findings, "\n") != strings.Join(sc.findings, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(findings, "\n"), strings.Join(sc.findings, "\n"))
			}
			if strings.Join(pairs, "\n") != strings.Join(sc.pairs, "\n") {
				t.Errorf("pairs:\n%s\nwant:\n%s", strings.Join(pairs, "\n"), strings.Join(sc.pairs, "\n"))
			}
			all := strings.Join(notes, "\n")
			for _, n := range sc.notes {
				if !strings.Contains(all, n) {
					t.Errorf("no note has %q; notes:\n%s", n, all)
				}
			}
			if sc.message != "" && (len(rep.Findings) == 0 || !strings.Contains(rep.Findings[0].Message, sc.message)) {
				t.Errorf("first finding's message lacks %q: %+v", sc.message, rep.Findings)
			}
			if sc.file != "" {
				if len(rep.Findings) > 0 {
					f := rep.Findings[0]
					if f.File != sc.file || f.Line != sc.line || f.Column != sc.column {
						t.Errorf("finding at %s:%d:%d, want %s:%d:%d", f.File, f.Line, f.Column, sc.file, sc.line, sc.column)
					}
				} else if len(rep.Pairs) > 0 {
					if want := sc.file + " "; !strings.HasPrefix(rep.Pairs[0].Caller, want) {
						t.Errorf("pair caller %q, want it in %s", rep.Pairs[0].Caller, sc.file)
					}
				}
			}
		})
	}
}

// TestOrigins checks where each caller is located: the object's first key,
// or a values file's role annotation.
func TestOrigins(t *testing.T) {
	tests := []struct {
		dir  string
		want []string // "PATH:LINE:COLUMN OBJECT"
	}{
		{"list", []string{
			"testdata/list/all.yaml:11:5 ServiceAccount payments/api",
			"testdata/list/all.yaml:20:1 ServiceAccount payments/worker",
		}},
		{"typo-break", []string{"testdata/typo-break/k8s/payments.yaml:3:1 ServiceAccount payment/api"}},
		{"helm-fix", []string{"testdata/helm-fix/charts/payments/values.yaml:6:33 values for helm_release.payments"}},
		{"helm-break", []string{
			// values-prod.yaml has no annotation of its own: its first key.
			"testdata/helm-break/charts/payments/values-prod.yaml:3:1 values for helm_release.payments",
			"testdata/helm-break/charts/payments/values.yaml:6:33 values for helm_release.payments",
		}},
	}
	w := model.NewWorld(load(t, oneCluster))
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			src, err := manifests.Read([]string{filepath.Join("testdata", tt.dir)}, manifests.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range src.Callers(w) {
				o := c.Origin
				got = append(got, fmt.Sprintf("%s:%d:%d %s", filepath.ToSlash(o.Path), o.Line, o.Column, o.Object))
				if c.Label != o.String() || c.Res.Address != c.Label {
					t.Errorf("label %q, address %q, want %q", c.Label, c.Res.Address, o.String())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("origins:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name    string
		dirs    []string
		cluster string
		plan    string
		want    string
	}{
		{"missing directory", []string{"testdata/nope"}, "", oneCluster, "--manifests testdata/nope: cannot read the directory: no such file or directory"},
		{"a file, not a directory", []string{"testdata/sa/api.yaml"}, "", oneCluster, "--manifests testdata/sa/api.yaml: not a directory"},
		{"YAML error", []string{"testdata/bad"}, "", oneCluster, "testdata/bad/k8s/broken.yaml:5:2: not valid YAML: value is not allowed in this context; fix the file, or move it out of --manifests testdata/bad"},
		{"unknown cluster", []string{"testdata/sa"}, "dev", twoClusters, `--cluster dev: no EKS cluster of the plan has that name or address; its clusters: prod (aws_eks_cluster.c["prod"]), staging (aws_eks_cluster.c["staging"])`},
		{"cluster without clusters", []string{"testdata/sa"}, "dev", noCluster, "--cluster dev: the plan declares no EKS cluster"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := manifests.Read(tt.dirs, manifests.Options{Cluster: tt.cluster})
			if err == nil {
				lint.AnalyzeWith(load(t, tt.plan), lint.Options{Sources: []callers.Source{src}})
				err = src.Err()
			}
			if err == nil || !strings.HasPrefix(filepath.ToSlash(err.Error()), tt.want) {
				t.Errorf("err = %v, want prefix %q", err, tt.want)
			}
		})
	}
}
