// Package kubernetes is the test-only stand-in for the hashicorp/kubernetes
// provider: service accounts and kubernetes_manifest, storing state only.
package kubernetes

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// ConnectionSchema returns the connection attributes shared by the
// kubernetes provider block and the helm provider's kubernetes block. The
// stand-ins accept and ignore them.
func ConnectionSchema() (map[string]pschema.Attribute, map[string]pschema.Block) {
	return map[string]pschema.Attribute{
			"host":                   pschema.StringAttribute{Optional: true},
			"token":                  pschema.StringAttribute{Optional: true, Sensitive: true},
			"cluster_ca_certificate": pschema.StringAttribute{Optional: true},
			"client_certificate":     pschema.StringAttribute{Optional: true},
			"client_key":             pschema.StringAttribute{Optional: true, Sensitive: true},
			"config_path":            pschema.StringAttribute{Optional: true},
			"config_context":         pschema.StringAttribute{Optional: true},
			"insecure":               pschema.BoolAttribute{Optional: true},
		}, map[string]pschema.Block{
			"exec": pschema.ListNestedBlock{NestedObject: pschema.NestedBlockObject{Attributes: map[string]pschema.Attribute{
				"api_version": pschema.StringAttribute{Required: true},
				"command":     pschema.StringAttribute{Required: true},
				"args":        pschema.ListAttribute{ElementType: types.StringType, Optional: true},
				"env":         pschema.MapAttribute{ElementType: types.StringType, Optional: true},
			}}},
		}
}

// Provider returns the hashicorp/kubernetes stand-in.
func Provider() *standin.ProviderSpec {
	attrs, blocks := ConnectionSchema()
	return &standin.ProviderSpec{
		Address:  "registry.terraform.io/hashicorp/kubernetes",
		TypeName: "kubernetes",
		Schema: pschema.Schema{
			Description: "Test-only stand-in for hashicorp/kubernetes (no cluster access).",
			Attributes:  attrs,
			Blocks:      blocks,
		},
		Resources: []*standin.ResourceSpec{
			serviceAccount("kubernetes_service_account"),
			serviceAccount("kubernetes_service_account_v1"),
			manifest(),
		},
	}
}

func serviceAccount(typeName string) *standin.ResourceSpec {
	nameBlock := func() schema.SetNestedBlock {
		return schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
			"name": standin.OptString(),
		}}}
	}
	return &standin.ResourceSpec{
		TypeName: typeName,
		Schema: schema.Schema{
			Attributes: map[string]schema.Attribute{
				"automount_service_account_token": standin.BoolDefault(true),
				"default_secret_name":             standin.CompString(),
				"id":                              standin.CompString(),
			},
			Blocks: map[string]schema.Block{
				"metadata": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"annotations":      standin.OptStringMap(),
					"generate_name":    standin.OptString(),
					"generation":       standin.CompInt(),
					"labels":           standin.OptStringMap(),
					"name":             standin.OptCompString(),
					"namespace":        standin.StringDefault("default"),
					"resource_version": standin.CompString(),
					"uid":              standin.CompString(),
				}}},
				"image_pull_secret": nameBlock(),
				"secret":            nameBlock(),
			},
		},
		Validate: func(cfg *standin.Object) error {
			if v := cfg.Raw("metadata"); v.IsKnown() && len(cfg.Objects("metadata")) != 1 {
				return fmt.Errorf("exactly one metadata block is required, with name and namespace")
			}
			return nil
		},
		Plan: func(c *standin.Change) {
			if c.Prior == nil {
				return
			}
			now, before := c.Obj.Objects("metadata"), c.Prior.Objects("metadata")
			if len(now) != 1 || len(before) != 1 {
				return
			}
			// metadata.0.name, namespace and generate_name are ForceNew.
			for _, attr := range []string{"name", "namespace", "generate_name"} {
				if !now[0].Raw(attr).Equal(before[0].Raw(attr)) {
					c.RequireReplace(path.Root("metadata").AtListIndex(0).AtName(attr))
				}
			}
		},
		Apply: func(c *standin.Change) {
			var metas []*standin.Object
			for _, m := range c.Obj.Objects("metadata") {
				name, ok := m.String("name")
				if !ok {
					name = m.Str("generate_name") + standin.HexID(5, "generate", m.Str("generate_name"))
					m.Set("name", name)
				}
				ns := m.Str("namespace")
				m.SetIfUnknown("uid", standin.UUID("service-account", ns, name))
				m.SetIfUnknown("resource_version", fmt.Sprint(standin.Number(1000, 900000, ns, name)))
				m.SetIfUnknown("generation", 0)
				c.Obj.Set("id", ns+"/"+name)
				metas = append(metas, m)
			}
			c.Obj.SetObjects("metadata", metas)
			c.Obj.SetIfUnknown("default_secret_name", "")
		},
	}
}

// manifest is kubernetes_manifest. Unlike the real resource, "object" is
// unknown at plan time for a new manifest and equals "manifest" after apply.
func manifest() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "kubernetes_manifest",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"computed_fields": standin.OptStringList(),
			"manifest":        schema.DynamicAttribute{Required: true},
			"object":          schema.DynamicAttribute{Optional: true, Computed: true},
		}},
		Apply: func(c *standin.Change) {
			if c.Obj.IsUnknown("object") {
				c.Obj.Set("object", c.Obj.Raw("manifest"))
			}
		},
	}
}
