package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLintManifestsAcrossPlans: manifests are applied to the cluster of
// the EKS plan and paired with the role of the IAM plan; --cluster names
// a cluster of any plan, and a wrong one lists every plan's clusters.
func TestLintManifestsAcrossPlans(t *testing.T) {
	iam, eks := filepath.Join(multiplanDir, "iam.json"), filepath.Join(multiplanDir, "eks-fix.json")
	sa := func(ns string) string {
		dir := t.TempDir()
		text := "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: " + ns +
			"\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/payments\n"
		if err := os.WriteFile(filepath.Join(dir, "sa.yaml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	cfg := filepath.Join("testdata", "lint", "empty-config.json")
	for _, tc := range []struct {
		name, ns, cluster string
		exit              int
		stdout, stderr    string
	}{
		{"namespace typo", "payment", "", 1, "sa.yaml:1:1 ServiceAccount payment/api (system:serviceaccount:payment:api)", ""},
		{"namespace fixed", "payments", "", 0, "", ""},
		{"--cluster of the EKS plan", "payments", "main", 0, "", ""},
		{"--cluster of no plan", "payments", "dev", 2, "", "--cluster dev: no EKS cluster of the plans has that name or address; its clusters: main (" + eks + ": aws_eks_cluster.main)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"--config", cfg, "--manifests", sa(tc.ns), iam, eks}
			if tc.cluster != "" {
				args = append(args, "--cluster", tc.cluster)
			}
			stdout, stderr, code := runLintCLI(args...)
			if code != tc.exit {
				t.Fatalf("exit %d, want %d; stdout:\n%s\nstderr: %s", code, tc.exit, stdout, stderr)
			}
			if tc.stdout != "" && !strings.Contains(stdout, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, stdout)
			}
			if !strings.Contains(stderr, tc.stderr) || (tc.stderr == "" && stderr != "") {
				t.Errorf("stderr %q, want %q", stderr, tc.stderr)
			}
		})
	}
}
