package callers

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// sampleArgs are valid values for the binding arguments the test sets.
var sampleArgs = map[string]any{
	"namespace": "payments", "service_account": "api",
	"oidc_provider_arn": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
	"repository":        "octo-org/app", "ref": "refs/heads/main",
	"identity_pool_id": "us-east-1:11111111-2222-3333-4444-555555555555",
	"principal":        "accounts.google.com", "claims_json": `{"sub":"1234","aud":"client"}`,
	"token":    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
	"role_arn": "arn:aws:iam::111122223333:role/caller",
}

// TestEveryBindingBlockIsACaller: each block of check.Blocks (the one
// description the provider's schema and reader are built from) is read by
// the linter as a caller of its kind. A block added to the table that the
// linter cannot turn into an identity fails here.
func TestEveryBindingBlockIsACaller(t *testing.T) {
	for _, block := range check.Blocks {
		t.Run(block.Name, func(t *testing.T) {
			args := map[string]any{"label": "sample"}
			for _, a := range block.Attributes {
				if v, ok := sampleArgs[a.Name]; ok && (a.Required || block.Name != check.BlockOIDC || a.Name == "principal") {
					args[a.Name] = v
				} else if a.Required {
					t.Fatalf("no sample value for required argument %s.%s: add one to sampleArgs", block.Name, a.Name)
				}
			}
			after := map[string]any{"role_arn": "arn:aws:iam::111122223333:role/app", "policy": "{}", block.Name: []any{args}}
			plan := map[string]any{"format_version": "1.2", "resource_changes": []any{map[string]any{
				"address": "data.stsguard_role_trust.t", "mode": "data", "type": "stsguard_role_trust", "name": "t",
				"change": map[string]any{"actions": []string{"read"}, "before": nil, "after": after, "after_unknown": map[string]any{}},
			}}}
			data, err := json.Marshal(plan)
			if err != nil {
				t.Fatal(err)
			}
			p, err := tfplan.Load(strings.NewReader(string(data)), "bindings.json", model.LoadOptions)
			if err != nil {
				t.Fatal(err)
			}
			found := Collect(model.NewWorld(p), PlanResources)
			if len(found) != 1 {
				t.Fatalf("%d callers, want 1", len(found))
			}
			c := found[0]
			cs := c.Side[tfplan.After]
			if c.Kind != block.Name || !c.Declared || c.Label != "data.stsguard_role_trust.t sample" || cs == nil {
				t.Fatalf("caller %+v", c)
			}
			if len(cs.Identities) != 1 || len(cs.Missing) != 0 {
				t.Fatalf("identities %v, missing %v", cs.Identities, cs.Missing)
			}
		})
	}
}
