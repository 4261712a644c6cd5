package acceptance

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Fixtures shared by the role-trust scenarios.
const (
	account     = "111122223333"
	roleARN     = "arn:aws:iam::111122223333:role/app"
	eksHost     = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	eksProvider = "arn:aws:iam::111122223333:oidc-provider/" + eksHost
	ghProvider  = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
)

// trustHCL returns an HCL expression building a one-statement web-identity
// trust policy for principal with the given conditions (an HCL object).
func trustHCL(principal, conditions string) string {
	return fmt.Sprintf(`jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = %q }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = %s
    }]
  })`, principal, conditions)
}

func eksConditions(sub string) string {
	return fmt.Sprintf(`{ StringEquals = { "%[1]s:aud" = "sts.amazonaws.com", "%[1]s:sub" = %[2]q } }`, eksHost, sub)
}

func roleTrust(policy, body string) string {
	return providerConfig() + fmt.Sprintf(`
data "stsguard_role_trust" "test" {
  role_arn = %q
  policy   = %s
%s
}
`, roleARN, policy, body)
}

const eksBinding = `
  eks_service_account {
    label           = "payments-api"
    namespace       = "payments"
    service_account = "api"
    oidc_issuer     = "https://` + eksHost + `"
  }`

func passes(name string) resource.TestCheckFunc {
	return resource.TestCheckResourceAttr("data.stsguard_role_trust."+name, "passed", "true")
}

// scenario runs a failing configuration (plan must fail with wantErr) and
// its fixed version (plan and apply succeed, passed = true).
func scenario(t *testing.T, failing string, wantErr string, fixed string) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{
			{Config: failing, PlanOnly: true, ExpectError: regexp.MustCompile(wantErr)},
			{Config: fixed, Check: passes("test")},
		},
	})
}

func TestRoleTrustEKSNamespaceMismatch(t *testing.T) {
	scenario(t,
		roleTrust(trustHCL(eksProvider, eksConditions("system:serviceaccount:payment:api")), eksBinding),
		`payments-api\s+would\s+be\s+refused:\s+AccessDenied:\s+Not\s+authorized\s+to\s+perform\s+sts:AssumeRoleWithWebIdentity(.|\n)*namespace\s+differs(.|\n)*Fix:`,
		roleTrust(trustHCL(eksProvider, eksConditions("system:serviceaccount:payments:api")), eksBinding))
}

func TestRoleTrustEKSServiceAccountMismatch(t *testing.T) {
	scenario(t,
		roleTrust(trustHCL(eksProvider, eksConditions("system:serviceaccount:payments:worker")), eksBinding),
		`service\s+account\s+differs\s+\("api"\s+in\s+the\s+token,\s+"worker"\s+in\s+the\s+policy\)`,
		roleTrust(trustHCL(eksProvider, eksConditions("system:serviceaccount:payments:api")), eksBinding))
}

func TestRoleTrustWrongFederatedPrincipal(t *testing.T) {
	wrong := "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/OTHERCLUSTER"
	scenario(t,
		roleTrust(trustHCL(wrong, eksConditions("system:serviceaccount:payments:api")), eksBinding),
		`would\s+be\s+refused(.|\n)*trust\s+names\s+provider\s+oidc\.eks\.us-west-2`,
		roleTrust(trustHCL(eksProvider, eksConditions("system:serviceaccount:payments:api")), eksBinding))
}

func TestRoleTrustProviderInAnotherAccount(t *testing.T) {
	other := "arn:aws:iam::999988887777:oidc-provider/" + eksHost
	binding := func(arn string) string {
		return fmt.Sprintf(`
  eks_service_account {
    namespace         = "payments"
    service_account   = "api"
    oidc_provider_arn = %q
  }`, arn)
	}
	scenario(t,
		roleTrust(trustHCL(other, eksConditions("system:serviceaccount:payments:api")), binding(other)),
		`InvalidIdentityToken:\s+No\s+OpenIDConnect\s+provider\s+found(.|\n)*account\s+999988887777(.|\n)*role\s+is\s+in\s+account\s+111122223333`,
		roleTrust(trustHCL(eksProvider, eksConditions("system:serviceaccount:payments:api")), binding(eksProvider)))
}

func TestRoleTrustAudienceMismatch(t *testing.T) {
	cond := func(aud string) string {
		return fmt.Sprintf(`{ StringEquals = { "%[1]s:aud" = %[2]q, "%[1]s:sub" = "system:serviceaccount:payments:api" } }`, eksHost, aud)
	}
	scenario(t,
		roleTrust(trustHCL(eksProvider, cond("sts.amazon.com")), eksBinding),
		`"sts\.amazonaws\.com"\s+almost\s+matches\s+the\s+policy\s+value\s+"sts\.amazon\.com"(.|\n)*Fix:`,
		roleTrust(trustHCL(eksProvider, cond("sts.amazonaws.com")), eksBinding))
}

const githubMain = `
  github_actions {
    label      = "deploy-main"
    repository = "octo-org/octo-repo"
    ref        = "refs/heads/main"
  }`

func ghConditions(op, sub string) string {
	return fmt.Sprintf(`{
      StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
      %s = { "token.actions.githubusercontent.com:sub" = %q }
    }`, op, sub)
}

func TestRoleTrustWildcardUnderStringEquals(t *testing.T) {
	scenario(t,
		roleTrust(trustHCL(ghProvider, ghConditions("StringEquals", "repo:octo-org/octo-repo:*")), githubMain),
		`StringEquals\s+compares\s+it\s+literally(.|\n)*Fix:(.|\n)*StringLike`,
		roleTrust(trustHCL(ghProvider, ghConditions("StringLike", "repo:octo-org/octo-repo:*")), githubMain))
}

func TestRoleTrustUnmappedClaim(t *testing.T) {
	cond := `{ StringEquals = {
      "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
      "token.actions.githubusercontent.com:sub" = "repo:octo-org/octo-repo:ref:refs/heads/main"
      "token.actions.githubusercontent.com:repository_visibility" = "private"
    } }`
	binding := `
  github_actions {
    label      = "deploy-main"
    repository = "octo-org/octo-repo"
    ref        = "refs/heads/main"
    claims     = { repository_visibility = "private" }
  }`
	scenario(t,
		roleTrust(trustHCL(ghProvider, cond), binding),
		`AWS\s+never\s+fills\s+token\.actions\.githubusercontent\.com:repository_visibility`,
		roleTrust(trustHCL(ghProvider, ghConditions("StringEquals", "repo:octo-org/octo-repo:ref:refs/heads/main")), binding))
}

func TestRoleTrustEnvironmentVersusBranch(t *testing.T) {
	binding := `
  github_actions {
    label       = "deploy-prod"
    repository  = "octo-org/octo-repo"
    environment = "production"
  }`
	scenario(t,
		roleTrust(trustHCL(ghProvider, ghConditions("StringEquals", "repo:octo-org/octo-repo:ref:refs/heads/main")), binding),
		`token\s+is\s+for\s+environment\s+"production"\s+but\s+the\s+policy\s+expects\s+branch\s+"main"`,
		roleTrust(trustHCL(ghProvider, ghConditions("StringEquals", "repo:octo-org/octo-repo:environment:production")), binding))
}

func TestRoleTrustPullRequestMustBeDenied(t *testing.T) {
	binding := githubMain + `
  github_actions {
    label        = "pull-requests"
    expect       = "deny"
    repository   = "octo-org/octo-repo"
    pull_request = true
  }`
	scenario(t,
		roleTrust(trustHCL(ghProvider, ghConditions("StringLike", "repo:octo-org/octo-repo:*")), binding),
		`pull-requests\s+can\s+assume\s+the\s+role,\s+but\s+expect\s+=\s+"deny"`,
		roleTrust(trustHCL(ghProvider, ghConditions("StringLike", "repo:octo-org/octo-repo:ref:refs/heads/*")), binding))
}

func TestRoleTrustCognitoGuestOnAuthenticatedRole(t *testing.T) {
	policy := trustHCL("cognito-identity.amazonaws.com", `{
      StringEquals = { "cognito-identity.amazonaws.com:aud" = "us-east-1:11111111-2222-3333-4444-555555555555" }
      "ForAnyValue:StringLike" = { "cognito-identity.amazonaws.com:amr" = "authenticated" }
    }`)
	binding := func(authenticated bool) string {
		return fmt.Sprintf(`
  cognito_identity_pool {
    label            = "app-users"
    identity_pool_id = "us-east-1:11111111-2222-3333-4444-555555555555"
    authenticated    = %t
  }`, authenticated)
	}
	scenario(t,
		roleTrust(policy, binding(false)),
		`app-users\s+would\s+be\s+refused(.|\n)*"unauthenticated"`,
		roleTrust(policy, binding(true)))
}

func TestRoleTrustAudienceNotRegistered(t *testing.T) {
	policy := trustHCL(ghProvider, ghConditions("StringEquals", "repo:octo-org/octo-repo:ref:refs/heads/main"))
	providers := func(clientID string) string {
		return fmt.Sprintf(`
  oidc_providers = [{ url = "token.actions.githubusercontent.com", client_ids = [%q] }]`, clientID)
	}
	scenario(t,
		roleTrust(policy, providers("https://github.com/octo-org")+githubMain),
		`InvalidIdentityToken:\s+Incorrect\s+token\s+audience`,
		roleTrust(policy, providers("sts.amazonaws.com")+githubMain))
}

func TestRoleTrustRoleChainingRefusedByIdentityPolicy(t *testing.T) {
	policy := `jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "sts:AssumeRole" }]
  })`
	binding := func(resource string) string {
		return fmt.Sprintf(`
  aws_role {
    label    = "ci-runner"
    role_arn = "arn:aws:iam::111122223333:role/ci"
    identity_policies = [jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = %q }]
    })]
  }`, resource)
	}
	scenario(t,
		roleTrust(policy, binding("arn:aws:iam::111122223333:role/other")),
		`ci-runner\s+would\s+be\s+refused:\s+AccessDenied:\s+Not\s+authorized\s+to\s+perform\s+sts:AssumeRole(.|\n)*identity\s+policy\s+must\s+also\s+allow`,
		roleTrust(policy, binding(roleARN)))
}

func TestRoleTrustEnforcementWarning(t *testing.T) {
	config := roleTrust(trustHCL(eksProvider, eksConditions("system:serviceaccount:payment:api")), `
  enforcement = "warning"`+eksBinding)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.stsguard_role_trust.test", "passed", "false"),
				resource.TestCheckResourceAttr("data.stsguard_role_trust.test", "bindings.0.decision", "implicit_deny"),
				resource.TestCheckResourceAttr("data.stsguard_role_trust.test", "bindings.0.passed", "false"),
				resource.TestMatchResourceAttr("data.stsguard_role_trust.test", "bindings.0.fix", regexp.MustCompile(`system:serviceaccount:payments:api`)),
			),
		}},
	})
}

func TestRoleTrustInvalidPolicyNamesLocation(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{
			Config:      roleTrust(`"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}"`, eksBinding),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`Invalid\s+trust\s+policy(.|\n)*line\s+4:1`),
		}},
	})
}
