package aws

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// The AWS Organizations resources the plan linter reads for resource
// control policies: the organisation (its root), organisational units,
// accounts, policies and policy attachments, with the real attribute
// names. The stand-in knows nothing outside one resource, so the
// organisation's accounts list holds only the management account and an
// OU's accounts list is empty.

// AccountID returns the stand-in ID of an account created with
// aws_organizations_account: 12 digits derived from its email.
func AccountID(email string) string {
	return fmt.Sprintf("%012d", standin.Number(100000000000, 900000000000, "account", email))
}

// RootID returns the stand-in root ID of the organisation of an account.
func RootID(managementAccount string) string {
	return "r-" + standin.HexID(4, "root", managementAccount)
}

func orgAccountObject() schema.NestedAttributeObject {
	return schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
		"arn": standin.CompString(), "email": standin.CompString(), "id": standin.CompString(), "name": standin.CompString(),
		"joined_method": standin.CompString(), "joined_timestamp": standin.CompString(), "state": standin.CompString(), "status": standin.CompString(),
	}}
}

func organizationsOrganization() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_organizations_organization",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"accounts":                      schema.ListNestedAttribute{Computed: true, NestedObject: orgAccountObject()},
			"arn":                           standin.CompString(),
			"aws_service_access_principals": standin.OptStringSet(),
			"enabled_policy_types":          standin.OptStringSet(),
			"feature_set":                   standin.StringDefault("ALL"),
			"id":                            standin.CompString(),
			"master_account_arn":            standin.CompString(),
			"master_account_email":          standin.CompString(),
			"master_account_id":             standin.CompString(),
			"master_account_name":           standin.CompString(),
			"non_master_accounts":           schema.ListNestedAttribute{Computed: true, NestedObject: orgAccountObject()},
			"roots": schema.ListNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"arn": standin.CompString(), "id": standin.CompString(), "name": standin.CompString(),
				"policy_types": schema.ListNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"status": standin.CompString(), "type": standin.CompString(),
				}}},
			}}},
		}},
		ForceNew: []string{"feature_set"},
		Apply: func(c *standin.Change) {
			o, mgmt := c.Obj, c.Env.AccountID
			orgID := "o-" + standin.HexID(10, "organization", mgmt)
			root := RootID(mgmt)
			o.Set("id", orgID)
			o.Set("arn", fmt.Sprintf("arn:%s:organizations::%s:organization/%s", c.Env.Partition, mgmt, orgID))
			o.Set("master_account_id", mgmt)
			o.Set("master_account_arn", fmt.Sprintf("arn:%s:organizations::%s:account/%s/%s", c.Env.Partition, mgmt, orgID, mgmt))
			o.Set("master_account_email", "management@example.com")
			o.Set("master_account_name", "management")
			var types []any
			for _, t := range o.Strings("enabled_policy_types") {
				types = append(types, map[string]any{"status": "ENABLED", "type": t})
			}
			o.Set("roots", []any{map[string]any{"id": root, "name": "Root", "policy_types": types,
				"arn": fmt.Sprintf("arn:%s:organizations::%s:root/%s/%s", c.Env.Partition, mgmt, orgID, root)}})
			o.Set("accounts", []any{map[string]any{"id": mgmt, "name": "management", "email": "management@example.com", "status": "ACTIVE", "state": "ACTIVE",
				"joined_method": "CREATED", "joined_timestamp": standin.FixedTime, "arn": fmt.Sprintf("arn:%s:organizations::%s:account/%s/%s", c.Env.Partition, mgmt, orgID, mgmt)}})
			o.Set("non_master_accounts", []any{})
		},
	}
}

func organizationsOrganizationalUnit() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_organizations_organizational_unit",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"accounts": schema.ListNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"arn": standin.CompString(), "email": standin.CompString(), "id": standin.CompString(), "name": standin.CompString(),
			}}},
			"arn":       standin.CompString(),
			"id":        standin.CompString(),
			"name":      standin.ReqString(),
			"parent_id": standin.ReqString(),
			"tags":      standin.OptStringMap(),
			"tags_all":  standin.CompStringMap(),
		}},
		ForceNew: []string{"parent_id"},
		Plan:     planTags,
		Apply: func(c *standin.Change) {
			o := c.Obj
			id := fmt.Sprintf("ou-%s-%s", standin.HexID(4, "root", c.Env.AccountID), standin.HexID(8, "ou", o.Str("parent_id"), o.Str("name")))
			o.SetIfUnknown("id", id)
			o.Set("arn", fmt.Sprintf("arn:%s:organizations::%s:ou/o-%s/%s", c.Env.Partition, c.Env.AccountID, standin.HexID(10, "organization", c.Env.AccountID), o.Str("id")))
			o.SetIfUnknown("accounts", []any{})
		},
	}
}

func organizationsAccount() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_organizations_account",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"arn":                        standin.CompString(),
			"close_on_deletion":          standin.OptBool(),
			"create_govcloud":            standin.OptBool(),
			"email":                      standin.ReqString(),
			"govcloud_id":                standin.CompString(),
			"iam_user_access_to_billing": standin.OptString(),
			"id":                         standin.CompString(),
			"joined_method":              standin.CompString(),
			"joined_timestamp":           standin.CompString(),
			"name":                       standin.ReqString(),
			"parent_id":                  standin.OptCompString(),
			"role_name":                  standin.OptString(),
			"state":                      standin.CompString(),
			"status":                     standin.CompString(),
			"tags":                       standin.OptStringMap(),
			"tags_all":                   standin.CompStringMap(),
		}},
		ForceNew: []string{"email", "iam_user_access_to_billing", "role_name"},
		Plan:     planTags,
		Apply: func(c *standin.Change) {
			o := c.Obj
			id := AccountID(o.Str("email"))
			o.Set("id", id)
			o.Set("arn", fmt.Sprintf("arn:%s:organizations::%s:account/o-%s/%s", c.Env.Partition, c.Env.AccountID, standin.HexID(10, "organization", c.Env.AccountID), id))
			o.SetIfUnknown("parent_id", RootID(c.Env.AccountID))
			o.SetIfUnknown("govcloud_id", "")
			o.SetIfUnknown("joined_method", "CREATED")
			o.SetIfUnknown("joined_timestamp", standin.FixedTime)
			o.SetIfUnknown("state", "ACTIVE")
			o.SetIfUnknown("status", "ACTIVE")
		},
	}
}

func organizationsPolicy() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_organizations_policy",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"arn":          standin.CompString(),
			"content":      standin.ReqString(),
			"description":  standin.OptString(),
			"id":           standin.CompString(),
			"name":         standin.ReqString(),
			"skip_destroy": standin.OptBool(),
			"tags":         standin.OptStringMap(),
			"tags_all":     standin.CompStringMap(),
			"type":         standin.StringDefault("SERVICE_CONTROL_POLICY"),
		}},
		ForceNew: []string{"type"},
		Validate: validPolicyJSON("content"),
		Plan:     planTags,
		Apply: func(c *standin.Change) {
			o := c.Obj
			id := "p-" + standin.HexID(8, "policy", c.Env.AccountID, o.Str("name"))
			o.SetIfUnknown("id", id)
			o.Set("arn", fmt.Sprintf("arn:%s:organizations::%s:policy/o-%s/%s/%s", c.Env.Partition, c.Env.AccountID,
				standin.HexID(10, "organization", c.Env.AccountID), lowerType(o.Str("type")), o.Str("id")))
		},
	}
}

// lowerType is the policy type as it appears in policy ARNs.
func lowerType(t string) string {
	switch t {
	case "RESOURCE_CONTROL_POLICY":
		return "resource_control_policy"
	case "SERVICE_CONTROL_POLICY":
		return "service_control_policy"
	}
	return "policy"
}

func organizationsPolicyAttachment() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_organizations_policy_attachment",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":           standin.CompString(),
			"policy_id":    standin.ReqString(),
			"skip_destroy": standin.OptBool(),
			"target_id":    standin.ReqString(),
		}},
		ForceNew: []string{"policy_id", "target_id"},
		Apply: func(c *standin.Change) {
			c.Obj.Set("id", c.Obj.Str("target_id")+":"+c.Obj.Str("policy_id"))
		},
	}
}

// servicecatalogProvisionedProduct is aws_servicecatalog_provisioned_product,
// as account factories (AWS Control Tower) vend accounts: the new
// account's ID is one of its outputs, known only after apply.
func servicecatalogProvisionedProduct() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_servicecatalog_provisioned_product",
		Schema: schema.Schema{
			Attributes: map[string]schema.Attribute{
				"arn":                        standin.CompString(),
				"id":                         standin.CompString(),
				"name":                       standin.ReqString(),
				"product_name":               standin.OptString(),
				"provisioning_artifact_name": standin.OptString(),
				"status":                     standin.CompString(),
				"outputs": schema.SetNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"description": standin.CompString(), "key": standin.CompString(), "value": standin.CompString(),
				}}},
			},
			Blocks: map[string]schema.Block{
				"provisioning_parameters": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"key": standin.ReqString(), "value": standin.OptString(),
				}}},
			},
		},
		ForceNew: []string{"name"},
		Apply: func(c *standin.Change) {
			o := c.Obj
			id := "pp-" + standin.HexID(13, "provisioned-product", o.Str("name"))
			o.Set("id", id)
			o.Set("arn", arn(c.Env, "servicecatalog", regionOf(c), "stack/"+o.Str("name")+"/"+id))
			o.Set("status", "AVAILABLE")
			o.Set("outputs", []any{map[string]any{"description": "The ID of the vended account", "key": "AccountId", "value": AccountID(o.Str("name"))}})
		},
	}
}
