package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/provider"
)

// floorProvider is the "floor" provider: no configuration, one data
// source, one function.
type floorProvider struct{}

var (
	_ fwprovider.Provider              = (*floorProvider)(nil)
	_ fwprovider.ProviderWithFunctions = (*floorProvider)(nil)
)

func newProvider() fwprovider.Provider { return &floorProvider{} }

func (p *floorProvider) Metadata(_ context.Context, _ fwprovider.MetadataRequest, resp *fwprovider.MetadataResponse) {
	resp.TypeName = "floor"
}

// Schema delegates to stsguard's provider block (which takes no arguments).
func (p *floorProvider) Schema(ctx context.Context, req fwprovider.SchemaRequest, resp *fwprovider.SchemaResponse) {
	provider.New("floor")().Schema(ctx, req, resp)
}

func (p *floorProvider) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newRoleTrust}
}

func (p *floorProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *floorProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{newNoop}
}

// roleTrust has stsguard_role_trust's schema (and type name suffix) and a
// Read that does nothing.
type roleTrust struct{ real datasource.DataSource }

func newRoleTrust() datasource.DataSource { return &roleTrust{real: provider.NewRoleTrustDataSource()} }

func (d *roleTrust) Metadata(ctx context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	d.real.Metadata(ctx, req, resp)
}

func (d *roleTrust) Schema(ctx context.Context, req datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	d.real.Schema(ctx, req, resp)
}

// Read returns the configuration as the state: every computed attribute
// stays null.
func (d *roleTrust) Read(_ context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	resp.State.Raw = req.Config.Raw
}

// noop has provider::stsguard::allows's definition and returns false.
type noop struct{ real function.Function }

func newNoop() function.Function { return &noop{real: provider.NewAllowsFunction()} }

func (f *noop) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "noop"
}

func (f *noop) Definition(ctx context.Context, req function.DefinitionRequest, resp *function.DefinitionResponse) {
	f.real.Definition(ctx, req, resp)
}

// Run reads the two arguments, as any function must, and returns false.
func (f *noop) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var policy, request types.Dynamic
	if resp.Error = req.Arguments.Get(ctx, &policy, &request); resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, false)
}
