package aws

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// IdentityPoolID returns the stand-in id of a Cognito identity pool:
// "<region>:<uuid derived from account, region and pool name>".
func IdentityPoolID(accountID, region, poolName string) string {
	return region + ":" + standin.UUID("identity-pool", accountID, region, poolName)
}

func cognitoIdentityPool() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_cognito_identity_pool",
		Schema: schema.Schema{
			Attributes: map[string]schema.Attribute{
				"allow_classic_flow":               standin.BoolDefault(false),
				"allow_unauthenticated_identities": standin.BoolDefault(false),
				"arn":                              standin.CompString(),
				"developer_provider_name":          standin.OptString(),
				"id":                               standin.CompString(),
				"identity_pool_name":               standin.ReqString(),
				"openid_connect_provider_arns":     standin.OptStringSet(),
				"region":                           regionAttr(),
				"saml_provider_arns":               standin.OptStringList(),
				"supported_login_providers":        standin.OptStringMap(),
				"tags":                             standin.OptStringMap(),
				"tags_all":                         standin.CompStringMap(),
			},
			Blocks: map[string]schema.Block{
				"cognito_identity_providers": schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"client_id":               standin.OptString(),
					"provider_name":           standin.OptString(),
					"server_side_token_check": standin.BoolDefault(false),
				}}},
			},
		},
		ForceNew: []string{"identity_pool_name", "developer_provider_name", "region"},
		Plan: func(c *standin.Change) {
			planRegion(c)
			planTags(c)
		},
		Apply: func(c *standin.Change) {
			region := regionOf(c)
			id := IdentityPoolID(c.Env.AccountID, region, c.Obj.Str("identity_pool_name"))
			c.Obj.Set("id", id)
			c.Obj.Set("arn", arn(c.Env, "cognito-identity", region, "identitypool/"+id))
		},
	}
}

func cognitoIdentityPoolRolesAttachment() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_cognito_identity_pool_roles_attachment",
		Schema: schema.Schema{
			Attributes: map[string]schema.Attribute{
				"id":               standin.CompString(),
				"identity_pool_id": standin.ReqString(),
				"region":           regionAttr(),
				"roles":            standin.ReqStringMap(),
			},
			Blocks: map[string]schema.Block{
				"role_mapping": schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"ambiguous_role_resolution": standin.OptString(),
						"identity_provider":         standin.ReqString(),
						"type":                      standin.ReqString(),
					},
					Blocks: map[string]schema.Block{
						"mapping_rule": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
							"claim":      standin.ReqString(),
							"match_type": standin.ReqString(),
							"role_arn":   standin.ReqString(),
							"value":      standin.ReqString(),
						}}},
					},
				}},
			},
		},
		ForceNew: []string{"identity_pool_id", "region"},
		Plan:     planRegion,
		Apply: func(c *standin.Change) {
			c.Obj.Set("id", c.Obj.Str("identity_pool_id"))
		},
	}
}
