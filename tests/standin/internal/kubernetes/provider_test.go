package kubernetes

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

func TestServiceAccountReplacement(t *testing.T) {
	h, err := standin.NewHarness(Provider())
	if err != nil {
		t.Fatal(err)
	}
	const typ = "kubernetes_service_account_v1"
	sa := func(name, ns, role string) map[string]any {
		return map[string]any{"metadata": []any{map[string]any{
			"name": name, "namespace": ns,
			"annotations": map[string]string{"eks.amazonaws.com/role-arn": role},
		}}}
	}
	cfg, _ := h.Config(typ, sa("api", "app", "arn:aws:iam::111122223333:role/a"))
	planned, _, err := h.Plan(typ, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	state, err := h.Apply(typ, nil, planned, cfg)
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := standin.NewObject(state)
	if obj.Str("id") != "app/api" {
		t.Errorf("id = %q, want app/api", obj.Str("id"))
	}

	tests := []struct {
		name        string
		attrs       map[string]any
		wantReplace bool
	}{
		{"annotation change is in place", sa("api", "app", "arn:aws:iam::111122223333:role/b"), false},
		{"rename replaces", sa("api-v2", "app", "arn:aws:iam::111122223333:role/a"), true},
		{"namespace move replaces", sa("api", "payments", "arn:aws:iam::111122223333:role/a"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, _ := h.Config(typ, tt.attrs)
			_, replace, err := h.Plan(typ, &state, next)
			if err != nil {
				t.Fatal(err)
			}
			if replace != tt.wantReplace {
				t.Errorf("replace = %v, want %v", replace, tt.wantReplace)
			}
		})
	}
}
