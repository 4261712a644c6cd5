package standin

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Harness drives one stand-in provider through the plugin protocol roughly
// the way Terraform does, so that the stand-ins can be unit-tested without
// the terraform binary. It is test support; generate.sh uses real Terraform.
type Harness struct {
	server  tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

// NewHarness starts spec and configures it with an empty provider block.
func NewHarness(spec *ProviderSpec) (*Harness, error) {
	ctx := context.Background()
	server := NewServer(spec)
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	if err := diagErr(schemas.Diagnostics); err != nil {
		return nil, err
	}
	ptype := schemas.Provider.ValueType()
	cfg, err := tfprotov6.NewDynamicValue(ptype, tftypes.NewValue(ptype, nullAttrs(ptype)))
	if err != nil {
		return nil, err
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &cfg})
	if err != nil {
		return nil, err
	}
	return &Harness{server: server, schemas: schemas}, diagErr(resp.Diagnostics)
}

func nullAttrs(t tftypes.Type) map[string]tftypes.Value {
	out := map[string]tftypes.Value{}
	if obj, ok := t.(tftypes.Object); ok {
		for name, at := range obj.AttributeTypes {
			out[name] = tftypes.NewValue(at, nil)
		}
	}
	return out
}

func diagErr(diags []*tfprotov6.Diagnostic) error {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("%s: %s", d.Summary, d.Detail)
		}
	}
	return nil
}

// Config builds a configuration value for resource or data source typeName
// from Go values (see ToValue); attributes not given are null.
func (h *Harness) Config(typeName string, attrs map[string]any) (tftypes.Value, error) {
	s, ok := h.schemas.ResourceSchemas[typeName]
	if !ok {
		if s, ok = h.schemas.DataSourceSchemas[typeName]; !ok {
			return tftypes.Value{}, fmt.Errorf("no schema for %s", typeName)
		}
	}
	return ToValue(s.ValueType(), attrs)
}

// Plan plans config against prior (nil for a create) and returns the planned
// value and whether the provider asked for a replacement.
func (h *Harness) Plan(typeName string, prior *tftypes.Value, config tftypes.Value) (tftypes.Value, bool, error) {
	typ := config.Type()
	priorVal := tftypes.NewValue(typ, nil)
	if prior != nil {
		priorVal = *prior
	}
	proposed, err := proposedNew(priorVal, config)
	if err != nil {
		return tftypes.Value{}, false, err
	}
	enc := func(v tftypes.Value) (*tfprotov6.DynamicValue, error) {
		dv, err := tfprotov6.NewDynamicValue(typ, v)
		return &dv, err
	}
	req := &tfprotov6.PlanResourceChangeRequest{TypeName: typeName}
	if req.PriorState, err = enc(priorVal); err != nil {
		return tftypes.Value{}, false, err
	}
	if req.ProposedNewState, err = enc(proposed); err != nil {
		return tftypes.Value{}, false, err
	}
	if req.Config, err = enc(config); err != nil {
		return tftypes.Value{}, false, err
	}
	resp, err := h.server.PlanResourceChange(context.Background(), req)
	if err != nil {
		return tftypes.Value{}, false, err
	}
	if err := diagErr(resp.Diagnostics); err != nil {
		return tftypes.Value{}, false, err
	}
	planned, err := resp.PlannedState.Unmarshal(typ)
	return planned, len(resp.RequiresReplace) > 0, err
}

// proposedNew approximates Terraform's proposed new state: configuration
// values, with prior values for top-level attributes the configuration
// leaves null.
func proposedNew(prior, config tftypes.Value) (tftypes.Value, error) {
	if prior.IsNull() {
		return config, nil
	}
	cfg, err := NewObject(config)
	if err != nil {
		return tftypes.Value{}, err
	}
	old, err := NewObject(prior)
	if err != nil {
		return tftypes.Value{}, err
	}
	for name := range cfg.typ.AttributeTypes {
		if cfg.IsNull(name) {
			cfg.attrs[name] = old.attrs[name]
		}
	}
	return cfg.Value()
}

// Apply applies planned over prior (nil for a create) and returns the new state.
func (h *Harness) Apply(typeName string, prior *tftypes.Value, planned, config tftypes.Value) (tftypes.Value, error) {
	typ := config.Type()
	priorVal := tftypes.NewValue(typ, nil)
	if prior != nil {
		priorVal = *prior
	}
	req := &tfprotov6.ApplyResourceChangeRequest{TypeName: typeName}
	for _, p := range []struct {
		dst **tfprotov6.DynamicValue
		v   tftypes.Value
	}{{&req.PriorState, priorVal}, {&req.PlannedState, planned}, {&req.Config, config}} {
		dv, err := tfprotov6.NewDynamicValue(typ, p.v)
		if err != nil {
			return tftypes.Value{}, err
		}
		*p.dst = &dv
	}
	resp, err := h.server.ApplyResourceChange(context.Background(), req)
	if err != nil {
		return tftypes.Value{}, err
	}
	if err := diagErr(resp.Diagnostics); err != nil {
		return tftypes.Value{}, err
	}
	return resp.NewState.Unmarshal(typ)
}

// Read reads data source typeName with config.
func (h *Harness) Read(typeName string, config tftypes.Value) (tftypes.Value, error) {
	dv, err := tfprotov6.NewDynamicValue(config.Type(), config)
	if err != nil {
		return tftypes.Value{}, err
	}
	resp, err := h.server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: &dv})
	if err != nil {
		return tftypes.Value{}, err
	}
	if err := diagErr(resp.Diagnostics); err != nil {
		return tftypes.Value{}, err
	}
	return resp.State.Unmarshal(config.Type())
}
