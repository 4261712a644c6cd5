package acceptance

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestProviderExample plans and applies examples/provider/provider.tf as
// written, with one function call to prove the provider configured there
// is the one serving.
func TestProviderExample(t *testing.T) {
	body, err := os.ReadFile("../../examples/provider/provider.tf")
	if err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{
			Config: string(body) + `
output "subject" {
  value = provider::stsguard::eks_subject("payments", "api")
}
`,
			Check: resource.TestCheckOutput("subject", "system:serviceaccount:payments:api"),
		}},
	})
}
