package workflows_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/workflows"
)

// FuzzWorkflow: any workflow file is read without a panic, as a caller,
// a problem or a load error.
func FuzzWorkflow(f *testing.F) {
	f.Add(deployEnv)
	f.Add("on: workflow_call\njobs:\n  a:\n    uses: ./.github/workflows/deploy.yml\n")
	f.Add("on:\n  push:\n    tags: ['[', '\\\\']\njobs: {}\n")
	f.Add("on: [pull_request_target, merge_group, release]\npermissions: write-all\njobs:\n  a:\n    environment: ${{ inputs.e }}\n    runs-on: x\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: ${{ vars.R }}\n          audience: ${{ secrets.A }}\n")
	p := deployPlan(f, []string{"sts.amazonaws.com"}, nil, "repo:octo-org/app:ref:refs/heads/main")
	f.Fuzz(func(t *testing.T, text string) {
		dir := t.TempDir()
		for _, name := range []string{"deploy.yml", "other.yml"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		src, err := workflows.Load(workflows.Options{Dirs: []string{dir}, Repository: "octo-org/app"})
		if err != nil {
			return
		}
		lint.AnalyzeWith(p, lint.Options{Sources: []callers.Source{src}})
	})
}
