package acceptance

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/stsguard/terraform-provider-stsguard/internal/doctor/doctortest"
)

const (
	hcIssuer = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	hcRole   = "arn:aws:iam::111122223333:role/payments-api"
	hcTrust  = `{"Version":"2012-10-17","Statement":[{"Sid":"PaymentsApi","Effect":"Allow",
"Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
"Action":"sts:AssumeRoleWithWebIdentity",
"Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud":"sts.amazonaws.com",
"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub":"system:serviceaccount:payments:api"}}}]}`
)

// hcVersionChecks: ephemeral resources need Terraform >= 1.10 and
// OpenTofu >= 1.11 (OpenTofu 1.10 reports "Unsupported block type" for
// an ephemeral block).
var hcVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0), openTofuEphemeral{}}

// openTofuEphemeral skips on OpenTofu before 1.11, which has no ephemeral
// resources; the suite runs OpenTofu through TF_ACC_PROVIDER_HOST.
type openTofuEphemeral struct{}

func (openTofuEphemeral) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "registry.opentofu.org" && req.TerraformVersion != nil &&
		req.TerraformVersion.LessThan(version.Must(version.NewVersion("1.11.0"))) {
		resp.Skip = fmt.Sprintf("OpenTofu %s has no ephemeral resources (added in OpenTofu 1.11); stsguard_sts_health_check needs them", req.TerraformVersion)
	}
}

// hcWorld starts the STS and issuer stand-ins, points the SDK at STS
// through AWS_ENDPOINT_URL_STS, and writes a token for namespace to a
// file, as an IRSA pod has it.
func hcWorld(t *testing.T, namespace string) (tokenFile, raw string, sts *doctortest.STS) {
	t.Helper()
	doctortest.Isolate(t)
	now := time.Now().UTC()
	iss := doctortest.NewIssuer(t, hcIssuer)
	sts = doctortest.NewSTS(t, now)
	sts.AddProvider(iss, "sts.amazonaws.com")
	sts.AddRole(doctortest.Role{ARN: hcRole, Trust: hcTrust})
	raw = iss.Sign(t, "RS256", iss.EKSClaims(namespace, "api", now.Add(-time.Minute)))
	tokenFile = filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ENDPOINT_URL_STS", sts.URL)
	t.Setenv("AWS_REGION", "us-east-1")
	return tokenFile, raw, sts
}

// hcConfig is the deployment gate of examples/ephemeral-resources:
// fail_on_refusal stops the run on anything but success.
func hcConfig(fail bool) string {
	return providerConfig() + `
variable "token_file" { type = string }
variable "policy" { type = string }

ephemeral "stsguard_sts_health_check" "pod" {
  role_arn        = "` + hcRole + `"
  token_file      = var.token_file
  policy          = var.policy
  fail_on_refusal = ` + fmt.Sprint(fail) + `
}

check "irsa" {
  assert {
    condition     = ephemeral.stsguard_sts_health_check.pod.success
    error_message = "STS refused the payments-api role; run terraform-provider-stsguard doctor in the pod."
  }
}
`
}

// noSecrets fails when the plan or state holds the token or credentials.
type noSecrets struct{ secrets []string }

func (n noSecrets) find(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	for _, s := range n.secrets {
		if strings.Contains(string(data), s) {
			return fmt.Errorf("the plan or state holds a secret (%.12s...)", s)
		}
	}
	return nil
}

func (n noSecrets) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = n.find(req.Plan)
}

func (n noSecrets) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = n.find(req.State)
}

func hcSecrets(raw string) noSecrets {
	parts := strings.Split(raw, ".")
	return noSecrets{secrets: []string{raw, parts[1], parts[2], doctortest.AccessKeyID, doctortest.SecretAccessKey, doctortest.SessionToken}}
}

// TestSTSHealthCheckPasses: STS issues credentials; nothing fails, and
// neither the plan nor the state holds the token or the credentials.
func TestSTSHealthCheckPasses(t *testing.T) {
	tokenFile, raw, sts := hcWorld(t, "payments")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   hcVersionChecks,
		Steps: []resource.TestStep{{
			Config:            hcConfig(true),
			ConfigVariables:   config.Variables{"token_file": config.StringVariable(tokenFile), "policy": config.StringVariable(hcTrust)},
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{hcSecrets(raw)}},
			ConfigStateChecks: []statecheck.StateCheck{hcSecrets(raw)},
		}},
	})
	calls := sts.Calls()
	if len(calls) == 0 || calls[0].Get("RoleSessionName") != "stsguard-health-check" || calls[0].Get("DurationSeconds") != "900" {
		t.Fatalf("STS calls: %v", calls)
	}
}

// TestSTSHealthCheckFails: a namespace typo is refused by STS;
// fail_on_refusal stops the run with STS's answer and the engine's
// explanation.
func TestSTSHealthCheckFails(t *testing.T) {
	tokenFile, _, _ := hcWorld(t, "payment")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   hcVersionChecks,
		Steps: []resource.TestStep{{
			Config:          hcConfig(true),
			ConfigVariables: config.Variables{"token_file": config.StringVariable(tokenFile), "policy": config.StringVariable(hcTrust)},
			ExpectError: regexp.MustCompile(`STS\s+health\s+check\s+failed[\s\S]*AccessDenied:\s+Not\s+authorized\s+to\s+perform\s+sts:AssumeRoleWithWebIdentity` +
				`\s+\(HTTP\s+403,\s+request\s+ID\s+5tand1n0-[\s\S]*the\s+namespace\s+differs`),
		}},
	})
}

// TestSTSHealthCheckExample runs
// examples/ephemeral-resources/stsguard_sts_health_check: allowed, and
// refused, where the check block only warns and the run succeeds; with
// fail_on_refusal switched on, the refusal stops the run.
func TestSTSHealthCheckExample(t *testing.T) {
	example, err := os.ReadFile(filepath.Join(examplesRoot, "ephemeral-resources", "stsguard_sts_health_check", "ephemeral-resource.tf"))
	if err != nil {
		t.Fatalf("reading the example: %v", err)
	}
	failing := strings.Replace(string(example), "fail_on_refusal = false", "fail_on_refusal = true", 1)
	if failing == string(example) {
		t.Fatal("the example no longer sets fail_on_refusal = false")
	}
	for _, tc := range []struct {
		name, namespace, config string
		expectError             *regexp.Regexp
	}{
		{"allowed", "payments", string(example), nil},
		{"refused, warning only", "payment", string(example), nil},
		{"refused, fail_on_refusal", "payment", failing, regexp.MustCompile(`STS\s+answered\s+AccessDenied`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tokenFile, raw, sts := hcWorld(t, tc.namespace)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   hcVersionChecks,
				Steps: []resource.TestStep{{
					Config: providerConfig() + tc.config,
					ConfigVariables: config.Variables{
						"role_arn": config.StringVariable(hcRole), "token_file": config.StringVariable(tokenFile),
						"trust_policy": config.StringVariable(hcTrust),
					},
					ConfigStateChecks: []statecheck.StateCheck{hcSecrets(raw)},
					ExpectError:       tc.expectError,
				}},
			})
			if len(sts.Calls()) == 0 {
				t.Fatal("STS was never called")
			}
		})
	}
}

// TestSTSHealthCheckBadInput: exactly one of token and token_file.
func TestSTSHealthCheckBadInput(t *testing.T) {
	tokenFile, _, _ := hcWorld(t, "payments")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   hcVersionChecks,
		Steps: []resource.TestStep{{
			Config: providerConfig() + `
ephemeral "stsguard_sts_health_check" "pod" {
  role_arn   = "` + hcRole + `"
  token_file = "` + tokenFile + `"
  token      = "x.y.z"
}
`,
			ExpectError: regexp.MustCompile(`Give\s+exactly\s+one\s+of\s+token\s+and\s+token_file`),
		}},
	})
}
