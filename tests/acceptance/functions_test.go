package acceptance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// functionsLocals is a GitHub Actions deploy-role trust policy (main may
// deploy, pull requests are denied) and three requests against it, all
// built with the provider's functions.
const functionsLocals = `
locals {
  github_provider_arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"

  # trust_document is the policy as an HCL object; trust_policy is its JSON.
  trust_document = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DeployFromMain"
        Effect    = "Allow"
        Principal = { Federated = local.github_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
            "token.actions.githubusercontent.com:sub" = provider::stsguard::github_subject("octo-org/octo-repo", "branch", "main")
          }
        }
      },
      {
        Sid       = "NoPullRequests"
        Effect    = "Deny"
        Principal = { Federated = local.github_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "token.actions.githubusercontent.com:sub" = provider::stsguard::github_subject("octo-org/octo-repo", "pull_request", "")
          }
        }
      },
    ]
  }
  trust_policy = jsonencode(local.trust_document)

  # request_objects are the requests as HCL objects; requests their JSON.
  request_objects = {
    for kind, value in { branch = "main", pull_request = "", environment = "production" } : kind => {
      role_arn = "arn:aws:iam::111122223333:role/deploy"
      claims = {
        iss = "https://token.actions.githubusercontent.com"
        aud = "sts.amazonaws.com"
        sub = provider::stsguard::github_subject("octo-org/octo-repo", kind, value)
      }
      oidc_providers = [{ url = "token.actions.githubusercontent.com", client_ids = ["sts.amazonaws.com"] }]
    }
  }
  requests = { for kind, request in local.request_objects : kind => jsonencode(request) }
}
`

// nonEmptyList is a knownvalue check for a list with at least one element.
type nonEmptyList struct{}

// CheckValue implements knownvalue.Check.
func (nonEmptyList) CheckValue(v any) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("expected a list, got %T", v)
	}
	if len(list) == 0 {
		return fmt.Errorf("expected at least one element, got an empty list")
	}
	return nil
}

// String implements knownvalue.Check.
func (nonEmptyList) String() string { return "non-empty list" }

// functionOutputChecks returns plan and state checks asserting every output.
func functionOutputChecks(want map[string]knownvalue.Check) ([]plancheck.PlanCheck, []statecheck.StateCheck) {
	plan := []plancheck.PlanCheck{expectProviderInPlan()}
	var state []statecheck.StateCheck
	for name, check := range want {
		plan = append(plan, plancheck.ExpectKnownOutputValue(name, check))
		state = append(state, statecheck.ExpectKnownOutputValue(name, check))
	}
	return plan, state
}

// TestFunctionsReturnValues calls every function from configuration and
// asserts the values Terraform sees in the plan and in the state.
func TestFunctionsReturnValues(t *testing.T) {
	config := providerConfig() + functionsLocals + `
output "eks_subject" {
  value = provider::stsguard::eks_subject("payments", "api")
}

output "github_branch" {
  value = provider::stsguard::github_subject("octo-org/octo-repo", "branch", "main")
}

output "github_tag" {
  value = provider::stsguard::github_subject("octo-org/octo-repo", "tag", "v1.2.0")
}

output "github_environment" {
  value = provider::stsguard::github_subject("octo-org/octo-repo", "environment", "production")
}

output "github_pull_request" {
  value = provider::stsguard::github_subject("octo-org/octo-repo", "pull_request", "")
}

output "evaluate_branch" {
  value = provider::stsguard::evaluate(local.trust_policy, local.requests.branch)
}

output "evaluate_pull_request" {
  value = provider::stsguard::evaluate(local.trust_policy, local.requests.pull_request)
}

output "evaluate_environment" {
  value = provider::stsguard::evaluate(local.trust_policy, local.requests.environment)
}

output "allows_branch" {
  value = provider::stsguard::allows(local.trust_policy, local.requests.branch)
}

output "allows_pull_request" {
  value = provider::stsguard::allows(local.trust_policy, local.requests.pull_request)
}
`
	nonEmpty := knownvalue.StringRegexp(regexp.MustCompile(`\S`))
	planChecks, stateChecks := functionOutputChecks(map[string]knownvalue.Check{
		"eks_subject":         knownvalue.StringExact("system:serviceaccount:payments:api"),
		"github_branch":       knownvalue.StringExact("repo:octo-org/octo-repo:ref:refs/heads/main"),
		"github_tag":          knownvalue.StringExact("repo:octo-org/octo-repo:ref:refs/tags/v1.2.0"),
		"github_environment":  knownvalue.StringExact("repo:octo-org/octo-repo:environment:production"),
		"github_pull_request": knownvalue.StringExact("repo:octo-org/octo-repo:pull_request"),
		"evaluate_branch": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"decision":   knownvalue.StringExact("allow"),
			"allowed":    knownvalue.Bool(true),
			"decided_by": knownvalue.StringExact(`Statement[0] "DeployFromMain"`),
			"reasons":    nonEmptyList{},
			"fix":        knownvalue.StringExact(""),
		}),
		"evaluate_pull_request": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"decision":   knownvalue.StringExact("explicit_deny"),
			"allowed":    knownvalue.Bool(false),
			"decided_by": knownvalue.StringExact(`Statement[1] "NoPullRequests"`),
			"reasons":    nonEmptyList{},
			"fix":        nonEmpty,
		}),
		"evaluate_environment": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"decision":   knownvalue.StringExact("implicit_deny"),
			"allowed":    knownvalue.Bool(false),
			"decided_by": knownvalue.StringExact(""),
			"reasons":    nonEmptyList{},
			"fix":        knownvalue.StringRegexp(regexp.MustCompile(`environment:production|refs/heads/main`)),
		}),
		"allows_branch":       knownvalue.Bool(true),
		"allows_pull_request": knownvalue.Bool(false),
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

// deployRoleWithPrecondition is a stand-in for the aws_iam_role whose
// precondition requires the trust policy to allow the request named kind.
func deployRoleWithPrecondition(kind string) string {
	return providerConfig() + functionsLocals + fmt.Sprintf(`
resource "terraform_data" "deploy_role" {
  input = local.trust_policy

  lifecycle {
    precondition {
      condition     = provider::stsguard::allows(local.trust_policy, local.requests.%s)
      error_message = "The deploy role trust policy must allow the %s caller."
    }
  }
}
`, kind, kind)
}

// TestFunctionsInPrecondition uses allows in a resource precondition: the
// plan goes on when the policy allows the caller and fails when it does
// not.
func TestFunctionsInPrecondition(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   terraformVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: deployRoleWithPrecondition("branch"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.deploy_role", plancheck.ResourceActionCreate),
				}},
			},
			{
				Config:      deployRoleWithPrecondition("pull_request"),
				ExpectError: regexp.MustCompile(`Resource\s+precondition\s+failed[\s\S]*must\s+allow\s+the\s+pull_request\s+caller`),
			},
		},
	})
}

// checkBlockStatus is a plan check asserting the status of a check block
// and, for failures, that its error message is reported.
type checkBlockStatus struct {
	name    string
	status  tfjson.CheckStatus
	message string
}

// CheckPlan implements plancheck.PlanCheck.
func (c checkBlockStatus) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, result := range req.Plan.Checks {
		if result.Address.Kind != tfjson.CheckKindCheckBlock || result.Address.Name != c.name {
			continue
		}
		if result.Status != c.status {
			resp.Error = fmt.Errorf("check %q has status %q, want %q", c.name, result.Status, c.status)
			return
		}
		if c.message == "" {
			return
		}
		for _, instance := range result.Instances {
			for _, problem := range instance.Problems {
				if strings.Contains(problem.Message, c.message) {
					return
				}
			}
		}
		resp.Error = fmt.Errorf("check %q does not report %q: %+v", c.name, c.message, result.Instances)
		return
	}
	resp.Error = fmt.Errorf("the plan has no result for check block %q", c.name)
}

// TestFunctionsInCheckBlock uses allows in check blocks: a failing
// assertion is a warning, so the plan and apply still succeed, and the
// plan records which check failed.
func TestFunctionsInCheckBlock(t *testing.T) {
	config := providerConfig() + functionsLocals + `
check "main_can_deploy" {
  assert {
    condition     = provider::stsguard::allows(local.trust_policy, local.requests.branch)
    error_message = "main can no longer deploy."
  }
}

check "production_environment_can_deploy" {
  assert {
    condition     = provider::stsguard::allows(local.trust_policy, local.requests.environment)
    error_message = "The production environment cannot deploy: ${provider::stsguard::evaluate(local.trust_policy, local.requests.environment).fix}"
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
					message: "The production environment cannot deploy: "},
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("policy_checked", knownvalue.Bool(true)),
			},
		}},
	})
}

// TestFunctionArgumentErrors checks that bad arguments fail the plan with
// an error naming the parameter at fault and what is wrong with it.
func TestFunctionArgumentErrors(t *testing.T) {
	tests := []struct {
		name       string
		expression string
		wantError  string
	}{
		{name: "eks_subject namespace", expression: `provider::stsguard::eks_subject("", "api")`,
			wantError: `Invalid\s+value\s+for\s+"namespace"\s+parameter:\s+namespace\s+must\s+not\s+be\s+empty`},
		{name: "eks_subject service account", expression: `provider::stsguard::eks_subject("payments", "a:b")`,
			wantError: `Invalid\s+value\s+for\s+"service_account"\s+parameter`},
		{name: "github_subject repository", expression: `provider::stsguard::github_subject("octo-repo", "branch", "main")`,
			wantError: `Invalid\s+value\s+for\s+"repository"\s+parameter:[\s\S]*OWNER/REPO`},
		{name: "github_subject kind", expression: `provider::stsguard::github_subject("octo-org/octo-repo", "commit", "abc")`,
			wantError: `Invalid\s+value\s+for\s+"kind"\s+parameter:\s+kind\s+"commit"\s+is\s+not\s+one\s+of`},
		{name: "github_subject value", expression: `provider::stsguard::github_subject("octo-org/octo-repo", "branch", "")`,
			wantError: `Invalid\s+value\s+for\s+"value"\s+parameter`},
		{name: "evaluate policy JSON", expression: `provider::stsguard::evaluate("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [,]\n}", local.requests.branch)`,
			wantError: `Invalid\s+value\s+for\s+"policy"\s+parameter:[\s\S]*line\s+3:17`},
		{name: "allows policy JSON", expression: `provider::stsguard::allows("not json", local.requests.branch)`,
			wantError: `Invalid\s+value\s+for\s+"policy"\s+parameter:[\s\S]*line\s+1:1`},
		{name: "evaluate request field", expression: `provider::stsguard::evaluate(local.trust_policy, jsonencode({ role_arn = "deploy", claims = { iss = "https://token.actions.githubusercontent.com" } }))`,
			wantError: `Invalid\s+value\s+for\s+"request"\s+parameter:[\s\S]*role_arn`},
		{name: "allows request unknown field", expression: `provider::stsguard::allows(local.trust_policy, jsonencode({ claim = {} }))`,
			wantError: `Invalid\s+value\s+for\s+"request"\s+parameter:[\s\S]*unknown\s+field\s+"request.claim"[\s\S]*did\s+you\s+mean\s+"claims"`},
		{name: "evaluate object request field typo", expression: `provider::stsguard::evaluate(local.trust_document, merge(local.request_objects.branch, { contxt = {} }))`,
			wantError: `Invalid\s+value\s+for\s+"request"\s+parameter:[\s\S]*unknown\s+field\s+"request.contxt";\s+expected\s+one\s+of\s+action,\s+claims,\s+context,[\s\S]*did\s+you\s+mean\s+"context"`},
		{name: "allows object nested field typo", expression: `provider::stsguard::allows(local.trust_document, merge(local.request_objects.branch, { oidc_providers = [{ url = "token.actions.githubusercontent.com", client_id = [] }] }))`,
			wantError: `Invalid\s+value\s+for\s+"request"\s+parameter:[\s\S]*unknown\s+field\s+"request.oidc_providers\[0\].client_id"[\s\S]*did\s+you\s+mean\s+"client_ids"`},
		{name: "allows object claims wrong type", expression: `provider::stsguard::allows(local.trust_document, { claims = "sts.amazonaws.com" })`,
			wantError: `Invalid\s+value\s+for\s+"request"\s+parameter:[\s\S]*request.claims:\s+expected\s+an\s+object\s+of\s+token\s+claims,\s+found\s+a\s+string`},
		{name: "evaluate object role ARN not quoted", expression: `provider::stsguard::evaluate(local.trust_document, merge(local.request_objects.branch, { role_arn = "deploy-s3cr3t" }))`,
			wantError: `Invalid\s+value\s+for\s+"request"\s+parameter:[\s\S]*request.role_arn:\s+\(value\s+not\s+shown\)\s+is\s+not\s+an\s+IAM\s+role\s+ARN`},
		{name: "evaluate object policy", expression: `provider::stsguard::evaluate(merge(local.trust_document, { Statement = "Allow" }), local.request_objects.branch)`,
			wantError: `Invalid\s+value\s+for\s+"policy"\s+parameter:[\s\S]*at\s+policy.Statement:`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   terraformVersionChecks,
				Steps: []resource.TestStep{{
					Config:      providerConfig() + functionsLocals + "\noutput \"result\" {\n  value = " + tc.expression + "\n}\n",
					ExpectError: regexp.MustCompile(tc.wantError),
				}},
			})
		})
	}
}

// examplesRoot is the repository's examples directory, which tfplugindocs
// renders into the documentation.
const examplesRoot = "../../examples"

// readExampleFile returns an example file for running through Terraform.
func readExampleFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading example %s: %v", path, err)
	}
	return string(b)
}

// TestFunctionExamples runs every examples/functions/<name>/function.tf
// through terraform plan and apply with the provider from the factories,
// so the documented examples cannot rot.
func TestFunctionExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(examplesRoot, "functions", "*", "function.tf"))
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, file := range files {
		name := filepath.Base(filepath.Dir(file))
		found[name] = true
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   terraformVersionChecks,
				Steps: []resource.TestStep{{
					Config: providerConfig() + readExampleFile(t, file),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						expectProviderInPlan(),
					}},
				}},
			})
		})
	}
	for _, name := range []string{"eks_subject", "github_subject", "evaluate", "allows"} {
		if !found[name] {
			t.Errorf("examples/functions/%s/function.tf is missing; tfplugindocs needs one example per function", name)
		}
	}
}
