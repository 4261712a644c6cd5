package main

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/stsguard/terraform-provider-stsguard/provider"
)

func schemas(t *testing.T, srv tfprotov6.ProviderServer) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	resp, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, resp.Diagnostics)
	}
	return resp
}

// TestFloorIsStsguardsSchema: over the plugin protocol, floor_role_trust
// has exactly stsguard_role_trust's schema and provider::floor::noop
// exactly provider::stsguard::allows's signature, so the plan-cost
// comparison differs only in what Read and Run do; Read returns the
// configuration unchanged and noop returns false.
func TestFloorIsStsguardsSchema(t *testing.T) {
	floor, err := providerserver.NewProtocol6WithError(newProvider())()
	if err != nil {
		t.Fatal(err)
	}
	real, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	fs, rs := schemas(t, floor), schemas(t, real)
	got, want := fs.DataSourceSchemas["floor_role_trust"], rs.DataSourceSchemas["stsguard_role_trust"]
	if got == nil || want == nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("floor_role_trust's schema differs from stsguard_role_trust's")
	}
	gotFn, wantFn := fs.Functions["noop"], rs.Functions["allows"]
	if gotFn == nil || wantFn == nil || !reflect.DeepEqual(gotFn.Parameters, wantFn.Parameters) || !reflect.DeepEqual(gotFn.Return, wantFn.Return) {
		t.Fatalf("noop's signature differs from allows's")
	}

	// Read: the state is the configuration.
	typ := got.ValueType()
	obj := typ.(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for _, b := range got.Block.BlockTypes {
		vals[b.TypeName] = tftypes.NewValue(obj.AttributeTypes[b.TypeName], []tftypes.Value{}) // as Terraform sends blocks
	}
	vals["role_arn"] = tftypes.NewValue(tftypes.String, "arn:aws:iam::111122223333:role/r")
	vals["policy"] = tftypes.NewValue(tftypes.String, `{"Version":"2012-10-17","Statement":[]}`)
	cfg := tftypes.NewValue(typ, vals)
	dv, err := tfprotov6.NewDynamicValue(typ, cfg)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := floor.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: "floor_role_trust", Config: &dv})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ReadDataSource: %v %v", err, resp.Diagnostics)
	}
	state, err := resp.State.Unmarshal(typ)
	if err != nil || !state.Equal(cfg) {
		t.Fatalf("Read changed the configuration: %v %v", state, err)
	}

	// noop: false. The parameters are dynamic (allows takes a JSON string
	// or an object), so the arguments travel as dynamic values.
	args := []*tfprotov6.DynamicValue{}
	for _, s := range []string{"{}", "{}"} {
		v, err := tfprotov6.NewDynamicValue(tftypes.DynamicPseudoType, tftypes.NewValue(tftypes.String, s))
		if err != nil {
			t.Fatal(err)
		}
		args = append(args, &v)
	}
	fr, err := floor.CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{Name: "noop", Arguments: args})
	if err != nil || fr.Error != nil {
		t.Fatalf("CallFunction: %v %v", err, fr.Error)
	}
	res, err := fr.Result.Unmarshal(tftypes.Bool)
	var b bool
	if err != nil || res.As(&b) != nil || b {
		t.Fatalf("noop returned %v (%v), want false", res, err)
	}
}
