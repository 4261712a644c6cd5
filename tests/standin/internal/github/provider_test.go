package github

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

func TestRepositoryRenameKeepsIDAndRecomputesFullName(t *testing.T) {
	h, err := standin.NewHarness(Provider())
	if err != nil {
		t.Fatal(err)
	}
	const typ = "github_repository"
	cfg, _ := h.Config(typ, map[string]any{"name": "app"})
	planned, _, err := h.Plan(typ, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	state, err := h.Apply(typ, nil, planned, cfg)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := standin.NewObject(state)
	if before.Str("full_name") != "octo-org/app" {
		t.Fatalf("full_name = %q, want octo-org/app", before.Str("full_name"))
	}

	renamed, _ := h.Config(typ, map[string]any{"name": "app-v2"})
	planned, replace, err := h.Plan(typ, &state, renamed)
	if err != nil {
		t.Fatal(err)
	}
	plan, _ := standin.NewObject(planned)
	if replace || !plan.IsUnknown("full_name") {
		t.Errorf("rename: replace = %v, full_name unknown = %v; want an in-place update with full_name known after apply",
			replace, plan.IsUnknown("full_name"))
	}
	after, err := h.Apply(typ, &state, planned, renamed)
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := standin.NewObject(after)
	oldID, _ := before.Int("repo_id")
	newID, _ := obj.Int("repo_id")
	if obj.Str("full_name") != "octo-org/app-v2" || oldID != newID || newID == 0 {
		t.Errorf("after rename: full_name %q, repo_id %d -> %d", obj.Str("full_name"), oldID, newID)
	}
}

func TestValidateTemplate(t *testing.T) {
	h, err := standin.NewHarness(Provider())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		attrs   map[string]any
		wantErr bool
	}{
		{"custom keys", map[string]any{"repository": "app", "use_default": false, "include_claim_keys": []string{"repo", "context"}}, false},
		{"default", map[string]any{"repository": "app", "use_default": true}, false},
		{"default with keys", map[string]any{"repository": "app", "use_default": true, "include_claim_keys": []string{"repo"}}, true},
		{"custom without keys", map[string]any{"repository": "app", "use_default": false}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := h.Config("github_actions_repository_oidc_subject_claim_customization_template", tt.attrs)
			if err != nil {
				t.Fatal(err)
			}
			obj, _ := standin.NewObject(cfg)
			if err := validateTemplate(obj); (err != nil) != tt.wantErr {
				t.Errorf("error = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}
