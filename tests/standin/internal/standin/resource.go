package standin

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ResourceSpec describes one stand-in managed resource type. The generic
// implementation stores whatever was planned, so a spec only says how the
// values a real provider computes are filled in.
type ResourceSpec struct {
	// TypeName is the full resource type name, e.g. "aws_iam_role".
	TypeName string
	// Schema is the subset of the real provider's schema that is modelled.
	Schema schema.Schema
	// ForceNew lists top-level attributes whose change forces replacement
	// (SDKv2 ForceNew / framework RequiresReplace in the real provider).
	ForceNew []string
	// Validate checks a configuration; nil accepts everything.
	Validate func(cfg *Object) error
	// Plan adjusts planned values (values the real provider knows at plan
	// time, "known after apply" markers, extra replacement triggers).
	Plan func(c *Change)
	// Apply fills the values the real provider learns from the API.
	Apply func(c *Change)
}

// Change is what a Plan or Apply hook sees.
type Change struct {
	// Env holds the provider configuration.
	Env *Env
	// Obj is the planned (Plan) or new (Apply) object; hooks edit it.
	Obj *Object
	// Prior is the prior state, nil when the object is being created.
	Prior *Object
	// Config is the configuration; set during Plan only.
	Config *Object

	replace []path.Path
}

// RequireReplace marks the change as a replacement caused by attribute p.
func (c *Change) RequireReplace(p path.Path) { c.replace = append(c.replace, p) }

// Creating reports whether there is no prior object.
func (c *Change) Creating() bool { return c.Prior == nil }

type genericResource struct {
	spec *ResourceSpec
	env  *Env
}

var (
	_ resource.ResourceWithConfigure      = (*genericResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*genericResource)(nil)
	_ resource.ResourceWithValidateConfig = (*genericResource)(nil)
)

func (r *genericResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.spec.TypeName
}

func (r *genericResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.spec.Schema
}

func (r *genericResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if env, ok := req.ProviderData.(*Env); ok {
		r.env = env
	}
}

func (r *genericResource) environment() *Env {
	if r.env == nil {
		return DefaultEnv()
	}
	return r.env
}

func (r *genericResource) ValidateConfig(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if r.spec.Validate == nil {
		return
	}
	cfg, err := NewObject(req.Config.Raw)
	if err != nil {
		return
	}
	if err := r.spec.Validate(cfg); err != nil {
		resp.Diagnostics.AddError(r.spec.TypeName+": invalid configuration", err.Error())
	}
}

func (r *genericResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	planned := req.Plan.Raw
	var prior *Object
	if !req.State.Raw.IsNull() {
		kept, err := KeepPrior(planned, req.Config.Raw, req.State.Raw)
		if err != nil {
			resp.Diagnostics.AddError(r.spec.TypeName+": planning failed", err.Error())
			return
		}
		planned = kept
		if prior, err = NewObject(req.State.Raw); err != nil {
			resp.Diagnostics.AddError(r.spec.TypeName+": reading prior state failed", err.Error())
			return
		}
	}
	obj, err := NewObject(planned)
	if err != nil {
		resp.Diagnostics.AddError(r.spec.TypeName+": reading plan failed", err.Error())
		return
	}
	cfg, err := NewObject(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError(r.spec.TypeName+": reading configuration failed", err.Error())
		return
	}
	c := &Change{Env: r.environment(), Obj: obj, Prior: prior, Config: cfg}
	if r.spec.Plan != nil {
		r.spec.Plan(c)
	}
	if prior != nil {
		for _, name := range r.spec.ForceNew {
			if !obj.Raw(name).Equal(prior.Raw(name)) {
				c.RequireReplace(path.Root(name))
			}
		}
	}
	out, err := obj.Value()
	if err != nil {
		resp.Diagnostics.AddError(r.spec.TypeName+": planning failed", err.Error())
		return
	}
	resp.Plan.Raw = out
	resp.RequiresReplace = append(resp.RequiresReplace, c.replace...)
}

func (r *genericResource) apply(plan, state tftypes.Value) (tftypes.Value, error) {
	obj, err := NewObject(plan)
	if err != nil {
		return tftypes.Value{}, err
	}
	c := &Change{Env: r.environment(), Obj: obj}
	if !state.IsNull() {
		if c.Prior, err = NewObject(state); err != nil {
			return tftypes.Value{}, err
		}
	}
	if r.spec.Apply != nil {
		r.spec.Apply(c)
	}
	out, err := obj.Value()
	if err != nil {
		return tftypes.Value{}, err
	}
	return NullUnknowns(out)
}

func (r *genericResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	out, err := r.apply(req.Plan.Raw, tftypes.NewValue(req.Plan.Raw.Type(), nil))
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("%s: create failed", r.spec.TypeName), err.Error())
		return
	}
	resp.State.Raw = out
}

func (r *genericResource) Read(_ context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	resp.State.Raw = req.State.Raw // nothing lives outside the state
}

func (r *genericResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	out, err := r.apply(req.Plan.Raw, req.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("%s: update failed", r.spec.TypeName), err.Error())
		return
	}
	resp.State.Raw = out
}

func (r *genericResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
