package standin

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/metaschema"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Default values shared by the stand-ins.
const (
	DefaultRegion    = "us-east-1"
	DefaultAccountID = "111122223333"
	DefaultOwner     = "octo-org"
)

// Env is the provider-level configuration every resource of one stand-in
// provider sees.
type Env struct {
	// Region is the AWS region (aws stand-in).
	Region string
	// AccountID is the fake AWS account the aws stand-in pretends to be in.
	AccountID string
	// Partition is the AWS partition, "aws".
	Partition string
	// Owner is the GitHub organisation or user (github stand-in).
	Owner string
}

// DefaultEnv returns the configuration used when a provider block is empty.
func DefaultEnv() *Env {
	return &Env{Region: DefaultRegion, AccountID: DefaultAccountID, Partition: "aws", Owner: DefaultOwner}
}

// ProviderSpec describes one stand-in provider.
type ProviderSpec struct {
	// Address is the registry address, e.g. "registry.terraform.io/hashicorp/aws".
	Address string
	// TypeName is the provider type name, e.g. "aws".
	TypeName string
	// Schema is the provider configuration schema.
	Schema schema.Schema
	// Configure turns the provider configuration (which may hold unknown
	// values) into an Env; nil means DefaultEnv.
	Configure func(cfg *Object) *Env
	// MetaSchema, when it has attributes, is the schema of the modules'
	// provider_meta "<type>" blocks (e.g. the aws provider's user_agent);
	// Terraform rejects a provider_meta block for a provider without one.
	MetaSchema metaschema.Schema
	// Resources and DataSources list the modelled types.
	Resources   []*ResourceSpec
	DataSources []*DataSourceSpec
}

type genericProvider struct{ spec *ProviderSpec }

var _ provider.ProviderWithMetaSchema = (*genericProvider)(nil)

func (p *genericProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = p.spec.TypeName
	resp.Version = "0.0.0-standin"
}

func (p *genericProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = p.spec.Schema
}

// MetaSchema returns the provider_meta schema (empty when none is modelled).
func (p *genericProvider) MetaSchema(_ context.Context, _ provider.MetaSchemaRequest, resp *provider.MetaSchemaResponse) {
	resp.Schema = p.spec.MetaSchema
}

func (p *genericProvider) Configure(_ context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	env := DefaultEnv()
	if p.spec.Configure != nil {
		if cfg, err := NewObject(req.Config.Raw); err == nil {
			env = p.spec.Configure(cfg)
		}
	}
	resp.ResourceData = env
	resp.DataSourceData = env
}

func (p *genericProvider) Resources(context.Context) []func() resource.Resource {
	out := make([]func() resource.Resource, 0, len(p.spec.Resources))
	for _, s := range p.spec.Resources {
		out = append(out, func() resource.Resource { return &genericResource{spec: s} })
	}
	return out
}

func (p *genericProvider) DataSources(context.Context) []func() datasource.DataSource {
	out := make([]func() datasource.DataSource, 0, len(p.spec.DataSources))
	for _, s := range p.spec.DataSources {
		out = append(out, func() datasource.DataSource { return &genericDataSource{spec: s} })
	}
	return out
}

// legacyServer marks every plan and apply response as coming from a
// provider that uses the legacy (SDKv2) type system, as the real aws,
// kubernetes (service accounts), helm v2 and github providers do. Terraform
// then tolerates, as it does for them, an applied value that differs from the
// planned one (e.g. the OIDC provider URL stored without "https://").
type legacyServer struct{ tfprotov6.ProviderServer }

func (s legacyServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		//lint:ignore SA1019 the stand-ins must behave as the real legacy (SDKv2) providers do, see legacyServer
		resp.UnsafeToUseLegacyTypeSystem = true
	}
	return resp, err
}

func (s legacyServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		//lint:ignore SA1019 the stand-ins must behave as the real legacy (SDKv2) providers do, see legacyServer
		resp.UnsafeToUseLegacyTypeSystem = true
	}
	return resp, err
}

// NewServer returns the protocol 6 server for spec.
func NewServer(spec *ProviderSpec) tfprotov6.ProviderServer {
	return legacyServer{providerserver.NewProtocol6(&genericProvider{spec: spec})()}
}

// Serve runs spec as a Terraform plugin until Terraform stops it.
func Serve(spec *ProviderSpec, debug bool) error {
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(spec.Address, func() tfprotov6.ProviderServer { return NewServer(spec) }, opts...)
}
