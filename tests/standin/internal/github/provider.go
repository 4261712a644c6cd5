// Package github is the test-only stand-in for the integrations/github
// provider: repositories, environments, Actions variables and secrets and the
// OIDC subject claim templates, storing state without calling GitHub.
package github

import (
	"encoding/base64"
	"fmt"
	"os"

	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// Provider returns the integrations/github stand-in.
func Provider() *standin.ProviderSpec {
	return &standin.ProviderSpec{
		Address:  "registry.terraform.io/integrations/github",
		TypeName: "github",
		Schema: pschema.Schema{
			Description: "Test-only stand-in for integrations/github (no network access).",
			Attributes: map[string]pschema.Attribute{
				"owner":    pschema.StringAttribute{Optional: true},
				"token":    pschema.StringAttribute{Optional: true, Sensitive: true},
				"base_url": pschema.StringAttribute{Optional: true},
			},
		},
		Configure: func(cfg *standin.Object) *standin.Env {
			env := standin.DefaultEnv()
			if owner := cfg.Str("owner"); owner != "" {
				env.Owner = owner
			} else if owner := os.Getenv("GITHUB_OWNER"); owner != "" {
				env.Owner = owner
			}
			return env
		},
		Resources: []*standin.ResourceSpec{
			repository(), repositoryEnvironment(),
			actionsVariable(), actionsSecret(), actionsEnvironmentVariable(),
			repositoryOIDCTemplate(), organizationOIDCTemplate(),
		},
	}
}

// RepoID returns the stand-in numeric id of repository owner/name. It does
// not change when the repository is renamed in place (the id is kept from
// the prior state), as on GitHub.
func RepoID(owner, name string) int64 {
	return standin.Number(100000000, 800000000, "repo", owner, name)
}

func repository() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "github_repository",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"archived":       standin.BoolDefault(false),
			"auto_init":      standin.OptBool(),
			"default_branch": standin.OptCompString(),
			"description":    standin.OptString(),
			"full_name":      standin.CompString(),
			"git_clone_url":  standin.CompString(),
			"html_url":       standin.CompString(),
			"http_clone_url": standin.CompString(),
			"id":             standin.CompString(),
			"name":           standin.ReqString(),
			"node_id":        standin.CompString(),
			"repo_id":        standin.CompInt(),
			"ssh_clone_url":  standin.CompString(),
			"topics":         standin.OptCompStringSet(),
			"visibility":     standin.OptCompString(),
		}},
		Plan: func(c *standin.Change) {
			// customDiffFunction: a rename makes full_name "known after apply".
			if c.Prior != nil && !c.Obj.Raw("name").Equal(c.Prior.Raw("name")) {
				c.Obj.SetUnknown("full_name")
			}
		},
		Apply: func(c *standin.Change) {
			o, owner, name := c.Obj, c.Env.Owner, c.Obj.Str("name")
			full := owner + "/" + name
			o.Set("id", name)
			o.Set("full_name", full)
			o.Set("html_url", "https://github.com/"+full)
			o.Set("http_clone_url", "https://github.com/"+full+".git")
			o.Set("git_clone_url", "git://github.com/"+full+".git")
			o.Set("ssh_clone_url", "git@github.com:"+full+".git")
			repoID := RepoID(owner, name)
			o.SetIfUnknown("repo_id", repoID)
			if id, ok := o.Int("repo_id"); ok {
				repoID = id
			}
			o.SetIfUnknown("node_id", "R_kgDO"+base64.RawStdEncoding.EncodeToString([]byte(fmt.Sprint(repoID))))
			o.SetIfUnknown("default_branch", "main")
			o.SetIfUnknown("visibility", "public")
			o.SetIfUnknown("topics", []string{})
		},
	}
}

func repositoryEnvironment() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "github_repository_environment",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"can_admins_bypass":   standin.BoolDefault(true),
			"environment":         standin.ReqString(),
			"id":                  standin.CompString(),
			"prevent_self_review": standin.OptBool(),
			"repository":          standin.ReqString(),
			"wait_timer":          standin.OptString(),
		}},
		ForceNew: []string{"environment", "repository"},
		Apply: func(c *standin.Change) {
			c.Obj.Set("id", c.Obj.Str("repository")+":"+c.Obj.Str("environment"))
		},
	}
}

func timestamps(o *standin.Object) {
	o.SetIfUnknown("created_at", standin.FixedTime)
	o.SetIfUnknown("updated_at", standin.FixedTime)
}

func actionsVariable() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "github_actions_variable",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"created_at":    standin.CompString(),
			"id":            standin.CompString(),
			"repository":    standin.ReqString(),
			"updated_at":    standin.CompString(),
			"value":         standin.ReqString(),
			"variable_name": standin.ReqString(),
		}},
		ForceNew: []string{"repository", "variable_name"},
		Apply: func(c *standin.Change) {
			c.Obj.Set("id", c.Obj.Str("repository")+":"+c.Obj.Str("variable_name"))
			timestamps(c.Obj)
		},
	}
}

func actionsSecret() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "github_actions_secret",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"created_at":      standin.CompString(),
			"encrypted_value": standin.SensitiveString(),
			"id":              standin.CompString(),
			"plaintext_value": standin.SensitiveString(),
			"repository":      standin.ReqString(),
			"secret_name":     standin.ReqString(),
			"updated_at":      standin.CompString(),
		}},
		ForceNew: []string{"repository", "secret_name", "encrypted_value", "plaintext_value"},
		Apply: func(c *standin.Change) {
			c.Obj.Set("id", c.Obj.Str("repository")+":"+c.Obj.Str("secret_name"))
			timestamps(c.Obj)
		},
	}
}

func actionsEnvironmentVariable() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "github_actions_environment_variable",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"created_at":    standin.CompString(),
			"environment":   standin.ReqString(),
			"id":            standin.CompString(),
			"repository":    standin.ReqString(),
			"updated_at":    standin.CompString(),
			"value":         standin.ReqString(),
			"variable_name": standin.ReqString(),
		}},
		ForceNew: []string{"repository", "environment", "variable_name"},
		Apply: func(c *standin.Change) {
			o := c.Obj
			o.Set("id", o.Str("repository")+":"+o.Str("environment")+":"+o.Str("variable_name"))
			timestamps(o)
		},
	}
}

func repositoryOIDCTemplate() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "github_actions_repository_oidc_subject_claim_customization_template",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":                 standin.CompString(),
			"include_claim_keys": standin.OptStringList(),
			"repository":         standin.ReqString(),
			"use_default":        standin.ReqBool(),
		}},
		Validate: validateTemplate,
		Apply: func(c *standin.Change) {
			c.Obj.Set("id", c.Obj.Str("repository"))
		},
	}
}

func organizationOIDCTemplate() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "github_actions_organization_oidc_subject_claim_customization_template",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":                 standin.CompString(),
			"include_claim_keys": schema.ListAttribute{ElementType: types.StringType, Required: true},
		}},
		Apply: func(c *standin.Change) {
			c.Obj.Set("id", c.Env.Owner)
		},
	}
}

func validateTemplate(cfg *standin.Object) error {
	useDefault, known := cfg.Bool("use_default")
	if known && useDefault && len(cfg.Strings("include_claim_keys")) > 0 {
		return fmt.Errorf(`"include_claim_keys" must not be set when "use_default" is true`)
	}
	if known && !useDefault && cfg.IsNull("include_claim_keys") {
		return fmt.Errorf(`"include_claim_keys" is required when "use_default" is false`)
	}
	return nil
}
