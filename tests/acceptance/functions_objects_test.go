package acceptance

import (
	"fmt"
	"regexp"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// TestFunctionsTakeObjects passes the policy and the request to evaluate
// and allows as HCL objects (no jsonencode), alone and mixed with JSON
// strings, and asserts the same decisions as the JSON forms.
func TestFunctionsTakeObjects(t *testing.T) {
	config := providerConfig() + functionsLocals + `
output "evaluate_objects_branch" {
  value = provider::stsguard::evaluate(local.trust_document, local.request_objects.branch)
}

output "evaluate_objects_pull_request" {
  value = provider::stsguard::evaluate(local.trust_document, local.request_objects.pull_request)
}

output "allows_objects_branch" {
  value = provider::stsguard::allows(local.trust_document, local.request_objects.branch)
}

output "allows_objects_environment" {
  value = provider::stsguard::allows(local.trust_document, local.request_objects.environment)
}

output "allows_string_policy_object_request" {
  value = provider::stsguard::allows(local.trust_policy, local.request_objects.branch)
}

output "allows_object_policy_string_request" {
  value = provider::stsguard::allows(local.trust_document, local.requests.branch)
}

output "allows_inline_request" {
  value = provider::stsguard::allows(local.trust_document, {
    role_arn       = "arn:aws:iam::111122223333:role/deploy"
    claims         = { iss = "https://token.actions.githubusercontent.com", aud = "sts.amazonaws.com", sub = "repo:octo-org/octo-repo:ref:refs/heads/main", exp = 4102444800 }
    context        = { "sts:RoleSessionName" = "ci-42" }
    oidc_providers = [{ url = "token.actions.githubusercontent.com", client_ids = ["sts.amazonaws.com"] }]
  })
}
`
	planChecks, stateChecks := functionOutputChecks(map[string]knownvalue.Check{
		"evaluate_objects_branch": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"decision":   knownvalue.StringExact("allow"),
			"allowed":    knownvalue.Bool(true),
			"decided_by": knownvalue.StringExact(`Statement[0] "DeployFromMain"`),
			"reasons":    nonEmptyList{},
			"fix":        knownvalue.StringExact(""),
		}),
		"evaluate_objects_pull_request": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"decision":   knownvalue.StringExact("explicit_deny"),
			"allowed":    knownvalue.Bool(false),
			"decided_by": knownvalue.StringExact(`Statement[1] "NoPullRequests"`),
			"reasons":    nonEmptyList{},
			"fix":        knownvalue.StringRegexp(regexp.MustCompile(`\S`)),
		}),
		"allows_objects_branch":               knownvalue.Bool(true),
		"allows_objects_environment":          knownvalue.Bool(false),
		"allows_string_policy_object_request": knownvalue.Bool(true),
		"allows_object_policy_string_request": knownvalue.Bool(true),
		"allows_inline_request":               knownvalue.Bool(true),
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: planChecks},
			ConfigStateChecks: stateChecks,
		}},
	})
}

// deployRoleWithObjectPrecondition is deployRoleWithPrecondition with
// object arguments.
func deployRoleWithObjectPrecondition(kind string) string {
	return providerConfig() + functionsLocals + fmt.Sprintf(`
resource "terraform_data" "deploy_role" {
  input = local.trust_policy

  lifecycle {
    precondition {
      condition     = provider::stsguard::allows(local.trust_document, local.request_objects.%s)
      error_message = "The deploy role trust policy must allow the %s caller: ${provider::stsguard::evaluate(local.trust_document, local.request_objects.%s).decision}."
    }
  }
}
`, kind, kind, kind)
}

// TestFunctionObjectsInPrecondition: allows with object arguments in a
// resource precondition passes for main and fails for a pull request.
func TestFunctionObjectsInPrecondition(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: deployRoleWithObjectPrecondition("branch"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.deploy_role", plancheck.ResourceActionCreate),
				}},
			},
			{
				Config:      deployRoleWithObjectPrecondition("pull_request"),
				ExpectError: regexp.MustCompile(`Resource\s+precondition\s+failed[\s\S]*must\s+allow\s+the\s+pull_request\s+caller:\s+explicit_deny`),
			},
		},
	})
}

// TestFunctionObjectsInCheckBlock: allows with object arguments in check
// blocks; the failing one reports evaluate's fix.
func TestFunctionObjectsInCheckBlock(t *testing.T) {
	config := providerConfig() + functionsLocals + `
check "main_can_deploy" {
  assert {
    condition     = provider::stsguard::allows(local.trust_document, local.request_objects.branch)
    error_message = "main can no longer deploy."
  }
}

check "production_environment_can_deploy" {
  assert {
    condition     = provider::stsguard::allows(local.trust_document, local.request_objects.environment)
    error_message = "The production environment cannot deploy: ${provider::stsguard::evaluate(local.trust_document, local.request_objects.environment).fix}"
  }
}

output "policy_checked" {
  value = true
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				checkBlockStatus{name: "main_can_deploy", status: tfjson.CheckStatusPass},
				checkBlockStatus{name: "production_environment_can_deploy", status: tfjson.CheckStatusFail,
					message: "The production environment cannot deploy: In Statement[0]"},
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("policy_checked", knownvalue.Bool(true)),
			},
		}},
	})
}

// TestFunctionObjectsUnknownUntilApply: a request whose subject is known
// only after apply gives an unknown result in the plan (no error), a
// precondition on it waits for apply, and apply decides.
func TestFunctionObjectsUnknownUntilApply(t *testing.T) {
	config := providerConfig() + functionsLocals + `
resource "terraform_data" "subject" {
  input = provider::stsguard::github_subject("octo-org/octo-repo", "branch", "main")
}

locals {
  late_request = merge(local.request_objects.branch, {
    claims = merge(local.request_objects.branch.claims, { sub = terraform_data.subject.output })
  })
}

resource "terraform_data" "deploy_role" {
  input = local.trust_policy

  lifecycle {
    precondition {
      condition     = provider::stsguard::allows(local.trust_document, local.late_request)
      error_message = "The deploy role trust policy must allow the late caller."
    }
  }
}

output "late_allowed" {
  value = provider::stsguard::allows(local.trust_document, local.late_request)
}

output "late_decision" {
  value = provider::stsguard::evaluate(local.trust_document, local.late_request).decision
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownOutputValue("late_allowed"),
				plancheck.ExpectUnknownOutputValue("late_decision"),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("late_allowed", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("late_decision", knownvalue.StringExact("allow")),
			},
		}},
	})
}
