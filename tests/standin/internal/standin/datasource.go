package standin

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// DataSourceSpec describes one stand-in data source type.
type DataSourceSpec struct {
	// TypeName is the full data source type name, e.g. "aws_caller_identity".
	TypeName string
	// Schema is the subset of the real provider's schema that is modelled.
	Schema schema.Schema
	// Read fills the computed attributes of obj, which holds the configuration.
	Read func(env *Env, obj *Object)
}

type genericDataSource struct {
	spec *DataSourceSpec
	env  *Env
}

var _ datasource.DataSourceWithConfigure = (*genericDataSource)(nil)

func (d *genericDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.spec.TypeName
}

func (d *genericDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.spec.Schema
}

func (d *genericDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	if env, ok := req.ProviderData.(*Env); ok {
		d.env = env
	}
}

func (d *genericDataSource) Read(_ context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	env := d.env
	if env == nil {
		env = DefaultEnv()
	}
	obj, err := NewObject(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError(d.spec.TypeName+": reading configuration failed", err.Error())
		return
	}
	if d.spec.Read != nil {
		d.spec.Read(env, obj)
	}
	out, err := obj.Value()
	if err == nil {
		out, err = NullUnknowns(out)
	}
	if err != nil {
		resp.Diagnostics.AddError(d.spec.TypeName+": read failed", err.Error())
		return
	}
	resp.State.Raw = out
}
