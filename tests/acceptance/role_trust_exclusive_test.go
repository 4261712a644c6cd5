package acceptance

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestRoleTrustExclusive: with exclusive = true an organisation-wide trust
// fails with a concrete identity it also admits; the trust narrowed to the
// declared binding passes.
func TestRoleTrustExclusive(t *testing.T) {
	scenario(t,
		roleTrust(trustHCL(ghProvider, ghConditions("StringLike", "repo:octo-org/*")), "  exclusive = true\n"+githubMain),
		`admits\s+identities\s+beyond\s+the\s+declared\s+bindings(.|\n)*repo:octo-org/[a-z-]+:(.|\n)*other-repository`,
		roleTrust(trustHCL(ghProvider, ghConditions("StringEquals", "repo:octo-org/octo-repo:ref:refs/heads/main")), "  exclusive = true\n"+githubMain))
}

// TestRoleTrustAdmitsSummary: without exclusive, the analysis is exposed
// as computed attributes and the plan passes.
func TestRoleTrustAdmitsSummary(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{
			Config: roleTrust(trustHCL(ghProvider, ghConditions("StringLike", "repo:octo-org/octo-repo:*")), githubMain),
			Check: resource.ComposeAggregateTestCheckFunc(
				passes("test"),
				resource.TestMatchResourceAttr("data.stsguard_role_trust.test", "admits.0", regexp.MustCompile(`sub matches "repo:octo-org/octo-repo:\*"`)),
				resource.TestMatchResourceAttr("data.stsguard_role_trust.test", "witness", regexp.MustCompile(`\[(pull-request|other-ref|other-environment)\]`)),
				resource.TestMatchResourceAttr("data.stsguard_role_trust.test", "risks.0", regexp.MustCompile(`pull-request-admitted`)),
			),
		}},
	})
}
