package acceptance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/stsguard/terraform-provider-stsguard/provider"
)

const (
	// providerNamespace and providerAddress() are where Terraform finds the
	// in-process provider; they must match the source in providerConfig.
	providerNamespace = "stsguard"

	// defaultProviderHost is the registry host Terraform resolves
	// "stsguard/stsguard" against. OpenTofu uses registry.opentofu.org;
	// `make testacc-tofu` sets TF_ACC_PROVIDER_HOST to it, which both
	// terraform-plugin-testing's reattach and providerAddress() follow.
	defaultProviderHost = "registry.terraform.io"

	// runHint tells a reader how to run this package properly.
	runHint = "run `make testacc` (or `make test`) from the repository root, which finds or installs " +
		"Terraform >= 1.8; or set TF_ACC=1 and TF_ACC_TERRAFORM_PATH=$(tests/tools/terraform.sh) yourself"
)

// protoV6ProviderFactories serves the stsguard provider in process for
// resource.TestCase.ProtoV6ProviderFactories; Terraform reattaches to it
// instead of downloading anything from the registry. Each call builds a
// fresh provider so tests never share state.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	provider.TypeName: func() (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6WithError(provider.New("test")())()
	},
}

// terraformVersionChecks fails (never skips) a test when the Terraform
// binary is older than 1.8, which lacks provider-defined functions.
var terraformVersionChecks = []tfversion.TerraformVersionCheck{
	tfversion.RequireAbove(tfversion.Version1_8_0),
}

// providerConfig returns the terraform and provider blocks every test
// configuration starts with. Append resources, data sources and outputs.
func providerConfig() string {
	return `
terraform {
  required_providers {
    stsguard = {
      source = "stsguard/stsguard"
    }
  }
}

provider "stsguard" {}
`
}

// providerAddress is the full address the CLI under test resolves the
// provider source to: TF_ACC_PROVIDER_HOST (or registry.terraform.io),
// then the namespace and type name.
func providerAddress() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = defaultProviderHost
	}
	return host + "/" + providerNamespace + "/" + provider.TypeName
}

// TestMain refuses to run without a real Terraform binary: acceptance tests
// must fail loudly rather than skip when Terraform is missing.
func TestMain(m *testing.M) {
	if err := prepareEnvironment(); err != nil {
		fmt.Fprintf(os.Stderr, "tests/acceptance: %v\n", err)
		fmt.Fprintf(os.Stderr, "tests/acceptance: %s\n", runHint)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// prepareEnvironment checks TF_ACC and TF_ACC_TERRAFORM_PATH and makes the
// Terraform environment hermetic: no checkpoint calls, a readable CLI
// config, and the provider namespace the reattach address needs.
func prepareEnvironment() error {
	if os.Getenv("TF_ACC") == "" {
		return fmt.Errorf("TF_ACC is not set; these tests drive the real terraform binary and never skip")
	}
	if err := checkTerraformPath(os.Getenv("TF_ACC_TERRAFORM_PATH")); err != nil {
		return err
	}

	settings := map[string]string{
		"CHECKPOINT_DISABLE":        "1",
		"TF_ACC_PROVIDER_NAMESPACE": providerNamespace,
	}
	for name, value := range settings {
		if err := os.Setenv(name, value); err != nil {
			return fmt.Errorf("setting %s: %w", name, err)
		}
	}

	if path := os.Getenv("TF_CLI_CONFIG_FILE"); path != "" {
		if _, err := os.Stat(path); err != nil {
			// Terraform warns about (and may stumble on) a missing CLI
			// config; an empty one is what such a setup means anyway.
			if err := os.Setenv("TF_CLI_CONFIG_FILE", os.DevNull); err != nil {
				return fmt.Errorf("setting TF_CLI_CONFIG_FILE: %w", err)
			}
		}
	}
	return nil
}

// checkTerraformPath returns an error unless path is an absolute path to an
// executable regular file.
func checkTerraformPath(path string) error {
	if path == "" {
		return fmt.Errorf("TF_ACC_TERRAFORM_PATH is not set; it must be the absolute path of a terraform >= 1.8 binary")
	}
	if !filepath.IsAbs(path) {
		return fmt.Errorf("TF_ACC_TERRAFORM_PATH=%q is not an absolute path", path)
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("TF_ACC_TERRAFORM_PATH=%q: %w", path, err)
	}
	if !info.Mode().IsRegular() || info.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("TF_ACC_TERRAFORM_PATH=%q is not an executable file", path)
	}
	return nil
}

// expectProviderInPlan is a plan check asserting that Terraform resolved the
// provider block to the stsguard registry address, i.e. that the real CLI
// loaded this provider.
func expectProviderInPlan() plancheck.PlanCheck {
	return providerInPlan{}
}

type providerInPlan struct{}

// CheckPlan implements plancheck.PlanCheck.
func (providerInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if req.Plan == nil || req.Plan.Config == nil {
		resp.Error = fmt.Errorf("the plan has no configuration section; cannot see which providers Terraform loaded")
		return
	}
	cfg, ok := req.Plan.Config.ProviderConfigs[provider.TypeName]
	if !ok {
		resp.Error = fmt.Errorf("the plan configures no %q provider; does the test config start with providerConfig()?", provider.TypeName)
		return
	}
	if want := providerAddress(); cfg.FullName != want {
		resp.Error = fmt.Errorf("provider %q resolved to %q, want %q", provider.TypeName, cfg.FullName, want)
	}
}
