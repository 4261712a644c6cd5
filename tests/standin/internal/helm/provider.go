// Package helm is the test-only stand-in for the hashicorp/helm provider
// (v2 schema: "set" blocks, a "kubernetes" block in the provider): helm_release
// only, storing state without talking to a cluster or a chart repository.
package helm

import (
	"encoding/json"

	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/kubernetes"
	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// Provider returns the hashicorp/helm stand-in.
func Provider() *standin.ProviderSpec {
	attrs, blocks := kubernetes.ConnectionSchema()
	return &standin.ProviderSpec{
		Address:  "registry.terraform.io/hashicorp/helm",
		TypeName: "helm",
		Schema: pschema.Schema{
			Description: "Test-only stand-in for hashicorp/helm v2 (no cluster access).",
			Attributes: map[string]pschema.Attribute{
				"debug": pschema.BoolAttribute{Optional: true},
			},
			Blocks: map[string]pschema.Block{
				"kubernetes": pschema.ListNestedBlock{NestedObject: pschema.NestedBlockObject{
					Attributes: attrs,
					Blocks:     blocks,
				}},
			},
		},
		Resources: []*standin.ResourceSpec{release()},
	}
}

func setBlock(sensitive bool) schema.SetNestedBlock {
	return schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
		"name":  standin.ReqString(),
		"type":  standin.OptString(),
		"value": schema.StringAttribute{Required: true, Sensitive: sensitive},
	}}}
}

func release() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "helm_release",
		Schema: schema.Schema{
			Attributes: map[string]schema.Attribute{
				"atomic":                     standin.BoolDefault(false),
				"chart":                      standin.ReqString(),
				"cleanup_on_fail":            standin.BoolDefault(false),
				"create_namespace":           standin.BoolDefault(false),
				"dependency_update":          standin.BoolDefault(false),
				"description":                standin.OptString(),
				"devel":                      standin.OptBool(),
				"disable_openapi_validation": standin.BoolDefault(false),
				"disable_webhooks":           standin.BoolDefault(false),
				"force_update":               standin.BoolDefault(false),
				"id":                         standin.CompString(),
				"keyring":                    standin.OptString(),
				"lint":                       standin.BoolDefault(false),
				"max_history":                standin.IntDefault(0),
				"recreate_pods":              standin.BoolDefault(false),
				"render_subchart_notes":      standin.BoolDefault(true),
				"replace":                    standin.BoolDefault(false),
				"repository_ca_file":         standin.OptString(),
				"repository_cert_file":       standin.OptString(),
				"repository_key_file":        standin.OptString(),
				"repository_password":        standin.SensitiveString(),
				"repository_username":        standin.OptString(),
				"reset_values":               standin.BoolDefault(false),
				"reuse_values":               standin.BoolDefault(false),
				"skip_crds":                  standin.BoolDefault(false),
				"verify":                     standin.BoolDefault(false),
				"wait_for_jobs":              standin.BoolDefault(false),
				"metadata": schema.ListNestedAttribute{
					Computed: true,
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"app_version": standin.CompString(),
						"chart":       standin.CompString(),
						"name":        standin.CompString(),
						"namespace":   standin.CompString(),
						"revision":    standin.CompInt(),
						"values":      standin.CompString(),
						"version":     standin.CompString(),
					}},
				},
				"name":       standin.ReqString(),
				"namespace":  standin.StringDefault("default"),
				"repository": standin.OptString(),
				"status":     standin.CompString(),
				"timeout":    standin.IntDefault(300),
				"values":     schema.ListAttribute{ElementType: types.StringType, Optional: true},
				"version":    standin.OptCompString(),
				"wait":       standin.BoolDefault(true),
			},
			Blocks: map[string]schema.Block{
				"postrender": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"args":        standin.OptStringList(),
					"binary_path": standin.ReqString(),
				}}},
				"set":           setBlock(false),
				"set_sensitive": setBlock(true),
			},
		},
		ForceNew: []string{"name", "namespace"},
		Plan: func(c *standin.Change) {
			// The real provider recomputes metadata when the release changes.
			if c.Prior != nil && !sameInputs(c) {
				c.Obj.SetUnknown("metadata")
			}
		},
		Apply: func(c *standin.Change) {
			o := c.Obj
			name := o.Str("name")
			o.Set("id", name)
			o.Set("status", "deployed")
			o.SetIfUnknown("version", "1.0.0")
			revision := int64(1)
			if c.Prior != nil {
				for _, m := range c.Prior.Objects("metadata") {
					if r, ok := m.Int("revision"); ok {
						revision = r + 1
					}
				}
			}
			o.SetIfUnknown("metadata", []any{map[string]any{
				"app_version": o.Str("version"),
				"chart":       o.Str("chart"),
				"name":        name,
				"namespace":   o.Str("namespace"),
				"revision":    revision,
				"values":      setValuesJSON(o),
				"version":     o.Str("version"),
			}})
		},
	}
}

func sameInputs(c *standin.Change) bool {
	for _, attr := range []string{"chart", "repository", "values", "set", "set_sensitive", "version"} {
		if !c.Obj.Raw(attr).Equal(c.Prior.Raw(attr)) {
			return false
		}
	}
	return true
}

// setValuesJSON returns the "set" entries as a flat JSON object. The real
// provider merges "values" YAML and "set" into a nested document; the
// stand-in has no YAML parser, so metadata[0].values only lists "set".
func setValuesJSON(o *standin.Object) string {
	flat := map[string]string{}
	for _, s := range o.Objects("set") {
		flat[s.Str("name")] = s.Str("value")
	}
	b, err := json.Marshal(flat)
	if err != nil {
		return "{}"
	}
	return string(b)
}
