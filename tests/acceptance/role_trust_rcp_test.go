package acceptance

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// rcpHCL is a data-perimeter RCP: GitHub subjects outside owner are
// refused.
func rcpHCL(owner string) string {
	return fmt.Sprintf(`jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OnlyOurGitHubOrganisation"
      Effect    = "Deny"
      Principal = "*"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Resource  = "*"
      Condition = {
        StringNotLike = { "token.actions.githubusercontent.com:sub" = "repo:%s/*" }
        Null          = { "token.actions.githubusercontent.com:sub" = "false" }
      }
    }]
  })`, owner)
}

func ghMainTrust() string {
	return trustHCL(ghProvider, ghConditions("StringEquals", "repo:octo-org/octo-repo:ref:refs/heads/main"))
}

// TestRoleTrustRCPRefuses: an RCP that reaches the role's account refuses
// a binding the trust allows; with the right owner it passes, and the
// binding's decided_by is the trust's statement.
func TestRoleTrustRCPRefuses(t *testing.T) {
	withRCP := func(owner string) string {
		return roleTrust(ghMainTrust(), fmt.Sprintf("  resource_control_policies = [%s]\n%s", rcpHCL(owner), githubMain))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{
			{Config: withRCP("contoso"), PlanOnly: true, ExpectError: regexp.MustCompile(
				`deploy-main\s+would\s+be\s+refused(.|\n)*Statement\[0\]\s+"OnlyOurGitHubOrganisation"(.|\n)*resource\s+control\s+policy\s+resource_control_policies\[0\]`)},
			{Config: withRCP("octo-org"), Check: resource.ComposeAggregateTestCheckFunc(
				passes("test"),
				resource.TestCheckResourceAttr("data.stsguard_role_trust.test", "bindings.0.decision", "allow"),
				resource.TestCheckResourceAttr("data.stsguard_role_trust.test", "resource_control_policies.#", "1"),
			)},
		},
	})
}

// TestRoleTrustRCPWarning: with enforcement = "warning" the refusal is
// reported and the plan goes on; decided_by names the RCP statement.
func TestRoleTrustRCPWarning(t *testing.T) {
	cfg := roleTrust(ghMainTrust(), fmt.Sprintf("  enforcement = \"warning\"\n  resource_control_policies = [%s]\n%s", rcpHCL("contoso"), githubMain))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{Config: cfg, Check: resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckResourceAttr("data.stsguard_role_trust.test", "passed", "false"),
			resource.TestCheckResourceAttr("data.stsguard_role_trust.test", "bindings.0.decision", "explicit_deny"),
			resource.TestCheckResourceAttr("data.stsguard_role_trust.test", "bindings.0.decided_by", `Statement[0] "OnlyOurGitHubOrganisation" of resource control policy resource_control_policies[0]`),
		)}},
	})
}

// TestRoleTrustRCPInvalid: a document that is not a policy is an error
// that says so (the provider's unit test checks it is on its element).
func TestRoleTrustRCPInvalid(t *testing.T) {
	cfg := roleTrust(ghMainTrust(), "  resource_control_policies = [jsonencode({ Version = \"2012-10-17\" }), \"{not json\"]\n"+githubMain)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectError: regexp.MustCompile(
			`Invalid\s+resource\s+control\s+policy(.|\n)*the\s+resource\s+control\s+policy\s+is\s+not\s+a\s+valid\s+policy\s+document`)}},
	})
}

// TestRoleTrustRCPKeepsExclusiveNarrow: with exclusive = true, a trust that
// admits any repository of octo-org but whose example identity an RCP
// refuses is a warning that only the RCP keeps it narrow, not a failure.
func TestRoleTrustRCPKeepsExclusiveNarrow(t *testing.T) {
	broad := trustHCL(ghProvider, ghConditions("StringLike", "repo:octo-org/*"))
	cfg := func(rcp string) string {
		return roleTrust(broad, fmt.Sprintf("  exclusive = true\n%s%s", rcp, githubMain))
	}
	perimeter := fmt.Sprintf("  resource_control_policies = [%s]\n", `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Resource  = "*"
      Condition = { StringNotEquals = { "token.actions.githubusercontent.com:sub" = "repo:octo-org/octo-repo:ref:refs/heads/main" } }
    }]
  })`)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{
			{Config: cfg(""), PlanOnly: true, ExpectError: regexp.MustCompile(`admits\s+identities\s+beyond\s+the\s+declared\s+bindings`)},
			{Config: cfg(perimeter), Check: resource.ComposeAggregateTestCheckFunc(
				passes("test"),
				resource.TestMatchResourceAttr("data.stsguard_role_trust.test", "witness", regexp.MustCompile(`only the resource control policy keeps it out`)),
			)},
		},
	})
}
