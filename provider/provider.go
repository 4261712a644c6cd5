// Package provider is the terraform-plugin-framework glue for the stsguard
// Terraform provider. It only adapts the engine under internal/ to Terraform:
// schemas, type conversion and diagnostics live here, decisions do not.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// TypeName is the provider's type name in Terraform configurations
// (provider "stsguard" {}).
const TypeName = "stsguard"

// providerDescription is shown in the generated documentation.
const providerDescription = "The stsguard provider decides, offline and at plan time, whether an AWS IAM role " +
	"trust policy lets a web identity (EKS service account, GitHub Actions, Cognito or any OIDC issuer) " +
	"call sts:AssumeRoleWithWebIdentity, exactly as AWS would, and explains why. " +
	"It needs no AWS credentials and has no configuration arguments. Everything works offline except the " +
	"stsguard_sts_health_check ephemeral resource, which makes one unsigned call to AWS STS."

// Ensure StsguardProvider satisfies the framework interfaces it relies on.
var (
	_ provider.Provider                       = (*StsguardProvider)(nil)
	_ provider.ProviderWithFunctions          = (*StsguardProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*StsguardProvider)(nil)
)

// StsguardProvider is the stsguard Terraform provider. It has no
// configuration; every data source and function works offline, and the
// STS health check (an ephemeral resource) makes one unsigned STS call.
type StsguardProvider struct {
	// version is the build version ("dev" for local builds, "test" in
	// acceptance tests).
	version string
}

// New returns a constructor for the stsguard provider, as expected by
// providerserver.Serve and the acceptance-test provider factories.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &StsguardProvider{version: version}
	}
}

// Metadata sets the provider type name and version.
func (p *StsguardProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = TypeName
	resp.Version = p.version
}

// Schema declares the provider block, which takes no arguments.
func (p *StsguardProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description:         providerDescription,
		MarkdownDescription: providerDescription,
	}
}

// Configure does nothing: the provider has no configuration and no clients.
func (p *StsguardProvider) Configure(_ context.Context, _ provider.ConfigureRequest, _ *provider.ConfigureResponse) {
}

// DataSources lists the constructors of every stsguard data source.
// Add new data sources here.
func (p *StsguardProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewRoleTrustDataSource,
		NewWebIdentityTokenDataSource,
	}
}

// Resources lists the constructors of every stsguard resource. stsguard
// manages no infrastructure, so the list stays empty.
func (p *StsguardProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{}
}

// EphemeralResources lists the constructors of every stsguard ephemeral
// resource (Terraform >= 1.10).
func (p *StsguardProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewSTSHealthCheck,
	}
}

// Functions lists the constructors of every stsguard provider-defined
// function (Terraform >= 1.8). Add new functions here.
func (p *StsguardProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewEKSSubjectFunction,
		NewGitHubSubjectFunction,
		NewEvaluateFunction,
		NewAllowsFunction,
	}
}
