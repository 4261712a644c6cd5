package acceptance

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// TestScenarioExamples plans and applies every seed-scenario example under
// examples/scenarios and the stsguard_role_trust example with the real
// terraform; each must pass its own checks.
func TestScenarioExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/scenarios/*/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "../../examples/data-sources/stsguard_role_trust/data-source.tf")
	if len(files) < 5 {
		t.Fatalf("found only %d example files; the scenario examples are missing", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   terraformVersionChecks,
				Steps: []resource.TestStep{{
					Config: providerConfig() + string(body),
					Check:  allRoleTrustsPassed,
				}},
			})
		})
	}
}

// allRoleTrustsPassed fails unless state holds at least one
// stsguard_role_trust and every one of them passed.
func allRoleTrustsPassed(s *terraform.State) error {
	n := 0
	for addr, rs := range s.RootModule().Resources {
		if rs.Type != "stsguard_role_trust" {
			continue
		}
		n++
		if got := rs.Primary.Attributes["passed"]; got != "true" {
			return fmt.Errorf("%s: passed = %q, want true", addr, got)
		}
	}
	if n == 0 {
		return fmt.Errorf("no stsguard_role_trust data source in state")
	}
	return nil
}
