package acceptance

import (
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestQuickstartExample runs the README's quick start as written: the
// example fails the plan with the environment-versus-branch reason and
// fixed/ passes.
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
				ExpectError: regexp.MustCompile(`would\s+be\s+refused:\s+AccessDenied(.|\n)*environment\s+"production"(.|\n)*Fix:`),
			},
			{Config: read("../../examples/quickstart/fixed/main.tf"), Check: allRoleTrustsPassed},
		},
	})
}
