package acceptance

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// TestProviderLoadsInTerraform proves that the real terraform CLI loads the
// stsguard provider from its registry address, plans and applies a
// configuration that declares it.
func TestProviderLoadsInTerraform(t *testing.T) {
	config := providerConfig() + `
resource "terraform_data" "probe" {
  input = "stsguard"
}

output "probe" {
  value = terraform_data.probe.input
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectProviderInPlan(),
						plancheck.ExpectResourceAction("terraform_data.probe", plancheck.ResourceActionCreate),
						plancheck.ExpectKnownOutputValue("probe", knownvalue.StringExact("stsguard")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("probe", knownvalue.StringExact("stsguard")),
				},
			},
		},
	})
}
