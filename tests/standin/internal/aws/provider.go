// Package aws is the test-only stand-in for the hashicorp/aws provider: the
// IAM, EKS and Cognito resources the stsguard plan linter reads, with the real
// type and attribute names and realistically computed ARNs and ids, and no
// network access.
package aws

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/provider/metaschema"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// AccountIDEnv names the environment variable that overrides the fake
// account id when the provider block does not set stand_in_account_id.
const AccountIDEnv = "STANDIN_AWS_ACCOUNT_ID"

// Provider returns the hashicorp/aws stand-in.
func Provider() *standin.ProviderSpec {
	return &standin.ProviderSpec{
		Address:  "registry.terraform.io/hashicorp/aws",
		TypeName: "aws",
		Schema: schema.Schema{
			Description: "Test-only stand-in for hashicorp/aws (no network access).",
			Attributes: map[string]schema.Attribute{
				"region":                      schema.StringAttribute{Optional: true},
				"profile":                     schema.StringAttribute{Optional: true},
				"access_key":                  schema.StringAttribute{Optional: true, Sensitive: true},
				"secret_key":                  schema.StringAttribute{Optional: true, Sensitive: true},
				"skip_credentials_validation": schema.BoolAttribute{Optional: true},
				"skip_requesting_account_id":  schema.BoolAttribute{Optional: true},
				"stand_in_account_id": schema.StringAttribute{
					Optional:    true,
					Description: "Stand-in only: the fake account id (default " + standin.DefaultAccountID + ", or $" + AccountIDEnv + ").",
				},
			},
		},
		// The real provider accepts provider_meta "aws" { user_agent = [...] },
		// which terraform-aws-modules modules declare.
		MetaSchema: metaschema.Schema{Attributes: map[string]metaschema.Attribute{
			"user_agent": metaschema.ListAttribute{ElementType: types.StringType, Optional: true},
		}},
		Configure: configure,
		Resources: []*standin.ResourceSpec{
			iamRole(), iamPolicy(), iamRolePolicy(), iamRolePolicyAttachment(), iamOpenIDConnectProvider(), iamInstanceProfile(),
			eksCluster(), eksAddon(), eksPodIdentityAssociation(),
			cognitoIdentityPool(), cognitoIdentityPoolRolesAttachment(),
			organizationsOrganization(), organizationsOrganizationalUnit(), organizationsAccount(), organizationsPolicy(), organizationsPolicyAttachment(),
			servicecatalogProvisionedProduct(),
		},
		DataSources: []*standin.DataSourceSpec{policyDocument(), callerIdentity(), partition(), region(), servicePrincipal()},
	}
}

func configure(cfg *standin.Object) *standin.Env {
	env := standin.DefaultEnv()
	env.Region = firstNonEmpty(cfg.Str("region"), os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION"), standin.DefaultRegion)
	env.AccountID = firstNonEmpty(cfg.Str("stand_in_account_id"), os.Getenv(AccountIDEnv), standin.DefaultAccountID)
	return env
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// arn builds an ARN in the stand-in's partition and account.
func arn(env *standin.Env, service, region, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", env.Partition, service, region, env.AccountID, resource)
}

// planTags fills tags_all from tags at plan time, as the real provider's
// tag CustomizeDiff does (no default_tags in the stand-in).
func planTags(c *standin.Change) {
	if c.Obj.IsUnknown("tags") {
		c.Obj.SetUnknown("tags_all")
		return
	}
	c.Obj.Set("tags_all", c.Obj.StringMap("tags"))
}

// planRegion fills the per-resource region attribute (provider v6) from the
// provider configuration at plan time.
func planRegion(c *standin.Change) {
	c.Obj.SetIfUnknown("region", c.Env.Region)
}

// regionOf returns the region an object lives in.
func regionOf(c *standin.Change) string {
	if r := c.Obj.Str("region"); r != "" {
		return r
	}
	return c.Env.Region
}

// stripScheme removes a leading "https://" the way IAM stores OIDC provider URLs.
func stripScheme(url string) string {
	return strings.TrimPrefix(url, "https://")
}
