package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const eksTrustForUnitTest = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EX"},
 "Action":"sts:AssumeRoleWithWebIdentity",
 "Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/EX:sub":"system:serviceaccount:payment:api"}}}]}`

// readRoleTrust runs Read on a configuration with one eks_service_account
// binding (namespace payments, service account api).
func readRoleTrust(t *testing.T, enforcement string) diag.Diagnostics {
	t.Helper()
	return readRoleTrustFull(t, enforcement, "payments", nil)
}

// readRoleTrustWith is readRoleTrust with the top-level values changed by
// edit.
func readRoleTrustWith(t *testing.T, enforcement string, edit func(vals map[string]tftypes.Value)) diag.Diagnostics {
	t.Helper()
	return readRoleTrustFull(t, enforcement, "payments", edit)
}

// readRoleTrustNamespace is readRoleTrust with the binding's namespace.
func readRoleTrustNamespace(t *testing.T, enforcement, namespace string) diag.Diagnostics {
	t.Helper()
	return readRoleTrustFull(t, enforcement, namespace, nil)
}

// readRoleTrustFull is readRoleTrust with the binding's namespace and the
// top-level values changed by edit (nil: none).
func readRoleTrustFull(t *testing.T, enforcement, namespace string, edit func(vals map[string]tftypes.Value)) diag.Diagnostics {
	t.Helper()
	s := roleTrustSchema()
	objType := s.Type().TerraformType(context.Background()).(tftypes.Object)
	vals := make(map[string]tftypes.Value, len(objType.AttributeTypes))
	for name, typ := range objType.AttributeTypes {
		vals[name] = tftypes.NewValue(typ, nil)
		if l, ok := typ.(tftypes.List); ok {
			if _, isObj := l.ElementType.(tftypes.Object); isObj && name != "oidc_providers" && name != "bindings" {
				vals[name] = tftypes.NewValue(typ, []tftypes.Value{}) // empty blocks
			}
		}
	}
	vals["policy"] = tftypes.NewValue(tftypes.String, eksTrustForUnitTest)
	vals["role_arn"] = tftypes.NewValue(tftypes.String, "arn:aws:iam::111122223333:role/app")
	vals["enforcement"] = tftypes.NewValue(tftypes.String, enforcement)
	eksType := objType.AttributeTypes["eks_service_account"].(tftypes.List)
	elem := eksType.ElementType.(tftypes.Object)
	fields := map[string]tftypes.Value{}
	for name, typ := range elem.AttributeTypes {
		fields[name] = tftypes.NewValue(typ, nil)
	}
	fields["namespace"] = tftypes.NewValue(tftypes.String, namespace)
	fields["service_account"] = tftypes.NewValue(tftypes.String, "api")
	fields["oidc_issuer"] = tftypes.NewValue(tftypes.String, "https://oidc.eks.us-east-1.amazonaws.com/id/EX")
	vals["eks_service_account"] = tftypes.NewValue(eksType, []tftypes.Value{tftypes.NewValue(elem, fields)})
	if edit != nil {
		edit(vals)
	}
	raw := tftypes.NewValue(objType, vals)
	req := datasource.ReadRequest{Config: tfsdk.Config{Schema: s, Raw: raw}}
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: s, Raw: raw.Copy()}}
	NewRoleTrustDataSource().Read(context.Background(), req, &resp)
	return resp.Diagnostics
}

// TestRoleTrustEnforcementSeverity: a refused binding is an error with
// enforcement "error", a warning with "warning" and nothing with "off".
func TestRoleTrustEnforcementSeverity(t *testing.T) {
	for _, tc := range []struct {
		enforcement      string
		errors, warnings int
	}{{"error", 1, 0}, {"warning", 0, 1}, {"off", 0, 0}} {
		diags := readRoleTrust(t, tc.enforcement)
		if got := diags.ErrorsCount(); got != tc.errors {
			t.Errorf("enforcement %q: %d errors, want %d: %v", tc.enforcement, got, tc.errors, diags)
		}
		if got := diags.WarningsCount(); got != tc.warnings {
			t.Errorf("enforcement %q: %d warnings, want %d: %v", tc.enforcement, got, tc.warnings, diags)
		}
		for _, d := range diags {
			if !strings.Contains(d.Summary(), "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity") ||
				!strings.Contains(d.Detail(), "the namespace differs") {
				t.Errorf("enforcement %q: diagnostic lacks the verdict or the cause: %s / %s", tc.enforcement, d.Summary(), d.Detail())
			}
		}
	}
}

// TestRoleTrustRCPDiagnosticPath: an invalid resource control policy is
// an error on its element of resource_control_policies.
func TestRoleTrustRCPDiagnosticPath(t *testing.T) {
	diags := readRoleTrustWith(t, "error", func(vals map[string]tftypes.Value) {
		vals["resource_control_policies"] = tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{
			tftypes.NewValue(tftypes.String, `{"Version":"2012-10-17","Statement":[]}`),
			tftypes.NewValue(tftypes.String, `{"Version":`),
		})
	})
	if diags.ErrorsCount() != 1 {
		t.Fatalf("want one error, got %v", diags)
	}
	d, ok := diags[0].(diag.DiagnosticWithPath)
	if !ok || d.Path().String() != "resource_control_policies[1]" || d.Summary() != "Invalid resource control policy" {
		t.Fatalf("want an error on resource_control_policies[1], got %v", diags)
	}
}
