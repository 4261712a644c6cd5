package aws

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// validPolicyJSON mirrors the real provider's plan-time JSON validation of
// policy documents (verify.ValidIAMPolicyJSON): unknown values pass.
func validPolicyJSON(attr string) func(cfg *standin.Object) error {
	return func(cfg *standin.Object) error {
		doc, ok := cfg.String(attr)
		if !ok {
			return nil
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			return fmt.Errorf("%q contains an invalid JSON policy: %v; pass a JSON object (jsonencode(...) or data.aws_iam_policy_document.x.json)", attr, err)
		}
		return nil
	}
}

// nameFromPrefix mimics the provider's generated names ("terraform-..." or
// "<prefix>2025...") when name is not configured.
func nameFromPrefix(c *standin.Change, kind string) string {
	if n, ok := c.Obj.String("name"); ok {
		return n
	}
	prefix := c.Obj.Str("name_prefix")
	if prefix == "" {
		prefix = "terraform-"
	}
	return fmt.Sprintf("%s2025010100000000000000%04d", prefix, standin.Number(0, 10000, kind, prefix))
}

func iamRole() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_iam_role",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"arn":                   standin.CompString(),
			"assume_role_policy":    standin.ReqString(),
			"create_date":           standin.CompString(),
			"description":           standin.OptString(),
			"force_detach_policies": standin.BoolDefault(false),
			"id":                    standin.CompString(),
			"inline_policy": schema.SetNestedAttribute{
				Optional: true, Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":   standin.OptString(),
					"policy": standin.OptString(),
				}},
			},
			"managed_policy_arns":  standin.OptCompStringSet(),
			"max_session_duration": standin.IntDefault(3600),
			"name":                 standin.OptCompString(),
			"name_prefix":          standin.OptCompString(),
			"path":                 standin.StringDefault("/"),
			"permissions_boundary": standin.OptString(),
			"tags":                 standin.OptStringMap(),
			"tags_all":             standin.CompStringMap(),
			"unique_id":            standin.CompString(),
		}},
		ForceNew: []string{"name", "name_prefix", "path"},
		Validate: validPolicyJSON("assume_role_policy"),
		Plan:     planTags,
		Apply: func(c *standin.Change) {
			name := nameFromPrefix(c, "role")
			o := c.Obj
			o.Set("name", name)
			if o.IsUnknown("name_prefix") {
				o.Set("name_prefix", "")
			}
			o.Set("id", name)
			o.Set("arn", arn(c.Env, "iam", "", "role"+o.Str("path")+name))
			o.SetIfUnknown("unique_id", standin.UpperID("AROA", 17, c.Env.AccountID, "role", name))
			o.SetIfUnknown("create_date", standin.FixedTime)
			o.SetIfUnknown("inline_policy", []any{})
			o.SetIfUnknown("managed_policy_arns", []string{})
		},
	}
}

func iamPolicy() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_iam_policy",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"arn":         standin.CompString(),
			"description": standin.OptString(),
			"id":          standin.CompString(),
			"name":        standin.OptCompString(),
			"name_prefix": standin.OptCompString(),
			"path":        standin.StringDefault("/"),
			"policy":      standin.ReqString(),
			"policy_id":   standin.CompString(),
			"tags":        standin.OptStringMap(),
			"tags_all":    standin.CompStringMap(),
		}},
		ForceNew: []string{"name", "name_prefix", "path", "description"},
		Validate: validPolicyJSON("policy"),
		Plan:     planTags,
		Apply: func(c *standin.Change) {
			name := nameFromPrefix(c, "policy")
			o := c.Obj
			o.Set("name", name)
			if o.IsUnknown("name_prefix") {
				o.Set("name_prefix", "")
			}
			policyARN := arn(c.Env, "iam", "", "policy"+o.Str("path")+name)
			o.Set("arn", policyARN)
			o.Set("id", policyARN)
			o.SetIfUnknown("policy_id", standin.UpperID("ANPA", 17, c.Env.AccountID, "policy", name))
		},
	}
}

func iamRolePolicy() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_iam_role_policy",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":          standin.CompString(),
			"name":        standin.OptCompString(),
			"name_prefix": standin.OptCompString(),
			"policy":      standin.ReqString(),
			"role":        standin.ReqString(),
		}},
		ForceNew: []string{"name", "name_prefix", "role"},
		Validate: validPolicyJSON("policy"),
		Apply: func(c *standin.Change) {
			name := nameFromPrefix(c, "role-policy")
			c.Obj.Set("name", name)
			if c.Obj.IsUnknown("name_prefix") {
				c.Obj.Set("name_prefix", "")
			}
			c.Obj.Set("id", c.Obj.Str("role")+":"+name)
		},
	}
}

func iamRolePolicyAttachment() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_iam_role_policy_attachment",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":         standin.CompString(),
			"policy_arn": standin.ReqString(),
			"role":       standin.ReqString(),
		}},
		ForceNew: []string{"policy_arn", "role"},
		Apply: func(c *standin.Change) {
			role := c.Obj.Str("role")
			c.Obj.SetIfUnknown("id", fmt.Sprintf("%s-2025010100000000000000%08d", role,
				standin.Number(1, 99999999, role, c.Obj.Str("policy_arn"))))
		},
	}
}

func iamOpenIDConnectProvider() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_iam_openid_connect_provider",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"arn":             standin.CompString(),
			"client_id_list":  standin.ReqStringSet(),
			"id":              standin.CompString(),
			"tags":            standin.OptStringMap(),
			"tags_all":        standin.CompStringMap(),
			"thumbprint_list": schema.ListAttribute{ElementType: types.StringType, Optional: true, Computed: true},
			"url":             standin.ReqString(),
		}},
		Validate: func(cfg *standin.Object) error {
			url, ok := cfg.String("url")
			if ok && (!strings.HasPrefix(url, "https://") || len(url) == len("https://")) {
				return fmt.Errorf(`"url" (%q) must be an https:// URL, e.g. "https://token.actions.githubusercontent.com"`, url)
			}
			return nil
		},
		Plan: func(c *standin.Change) {
			planTags(c)
			if c.Prior == nil {
				return
			}
			// The real provider suppresses the diff between the configured
			// "https://host" and the stored "host" (suppressOpenIDURL) and
			// replaces the provider when the URL really changes (ForceNew).
			if cfgURL, ok := c.Config.String("url"); ok && stripScheme(cfgURL) == c.Prior.Str("url") {
				c.Obj.Set("url", c.Prior.Raw("url"))
			}
			if !c.Obj.Raw("url").Equal(c.Prior.Raw("url")) {
				c.RequireReplace(path.Root("url"))
			}
		},
		Apply: func(c *standin.Change) {
			host := stripScheme(c.Obj.Str("url"))
			c.Obj.Set("url", host) // IAM returns the URL without its scheme
			providerARN := arn(c.Env, "iam", "", "oidc-provider/"+host)
			c.Obj.Set("arn", providerARN)
			c.Obj.Set("id", providerARN)
			c.Obj.SetIfUnknown("thumbprint_list", []string{standin.HexID(40, "thumbprint", host)})
		},
	}
}

// iamInstanceProfile is aws_iam_instance_profile, modelled only so that
// modules declaring one (count = 0 by default, e.g. the iam module's
// iam-role) validate.
func iamInstanceProfile() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_iam_instance_profile",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"arn":         standin.CompString(),
			"create_date": standin.CompString(),
			"id":          standin.CompString(),
			"name":        standin.OptCompString(),
			"name_prefix": standin.OptCompString(),
			"path":        standin.StringDefault("/"),
			"role":        standin.OptString(),
			"tags":        standin.OptStringMap(),
			"tags_all":    standin.CompStringMap(),
			"unique_id":   standin.CompString(),
		}},
		ForceNew: []string{"name", "name_prefix", "path"},
		Plan:     planTags,
		Apply: func(c *standin.Change) {
			name := nameFromPrefix(c, "instance-profile")
			o := c.Obj
			o.Set("name", name)
			if o.IsUnknown("name_prefix") {
				o.Set("name_prefix", "")
			}
			o.Set("id", name)
			o.Set("arn", arn(c.Env, "iam", "", "instance-profile"+o.Str("path")+name))
			o.SetIfUnknown("unique_id", standin.UpperID("AIPA", 17, c.Env.AccountID, "instance-profile", name))
			o.SetIfUnknown("create_date", standin.FixedTime)
		},
	}
}
