package acceptance

import (
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestQuickstartExample runs the README's quick start as written: the
// example fails the plan with the environment-versus-branch reason, the
// statement and condition named by path as the README shows them (the
// policy is a one-line jsonencode), and fixed/ passes.
func TestQuickstartExample(t *testing.T) {
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{
			{
				Config:      read("../../examples/quickstart/main.tf"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`would\s+be\s+refused:\s+AccessDenied(.|\n)*The\s+closest\s+is\s+Statement\[0\],\s+which\s+fails\s+on\s+Statement\[0\]\.Condition\.StringEquals\["token\.actions\.githubusercontent\.com:sub"\](.|\n)*environment\s+"production"(.|\n)*Fix:`),
			},
			{Config: read("../../examples/quickstart/fixed/main.tf"), Check: allRoleTrustsPassed},
		},
	})
}
