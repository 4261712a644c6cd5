package aws

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// ClusterOIDCID returns the 32 upper-case hex digits the stand-in uses as the
// EKS cluster's OIDC issuer id (and endpoint host label). It depends on the
// account, region and cluster name only, so a cluster replaced under the same
// name keeps its issuer (real EKS would issue a new one).
func ClusterOIDCID(accountID, region, clusterName string) string {
	return strings.ToUpper(standin.HexID(32, "eks-oidc", accountID, region, clusterName))
}

// ClusterIssuer returns the stand-in issuer URL of an EKS cluster.
func ClusterIssuer(accountID, region, clusterName string) string {
	return fmt.Sprintf("https://oidc.eks.%s.amazonaws.com/id/%s", region, ClusterOIDCID(accountID, region, clusterName))
}

func regionAttr() schema.StringAttribute { return standin.OptCompString() }

func eksCluster() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_eks_cluster",
		Schema: schema.Schema{
			Attributes: map[string]schema.Attribute{
				"arn":                           standin.CompString(),
				"bootstrap_self_managed_addons": standin.BoolDefault(true),
				"certificate_authority": schema.ListNestedAttribute{
					Computed: true,
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"data": standin.CompString(),
					}},
				},
				"cluster_id":                standin.CompString(),
				"created_at":                standin.CompString(),
				"enabled_cluster_log_types": standin.OptStringSet(),
				"endpoint":                  standin.CompString(),
				"id":                        standin.CompString(),
				// identity[0].oidc[0].issuer, computed, as in the real schema.
				"identity": schema.ListNestedAttribute{
					Computed: true,
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"oidc": schema.ListNestedAttribute{
							Computed: true,
							NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
								"issuer": standin.CompString(),
							}},
						},
					}},
				},
				"name":             standin.ReqString(),
				"platform_version": standin.CompString(),
				"region":           regionAttr(),
				"role_arn":         standin.ReqString(),
				"status":           standin.CompString(),
				"tags":             standin.OptStringMap(),
				"tags_all":         standin.CompStringMap(),
				"version":          standin.OptCompString(),
			},
			Blocks: map[string]schema.Block{
				"vpc_config": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"cluster_security_group_id": standin.CompString(),
					"endpoint_private_access":   standin.BoolDefault(false),
					"endpoint_public_access":    standin.BoolDefault(true),
					"public_access_cidrs":       standin.OptCompStringSet(),
					"security_group_ids":        standin.OptStringSet(),
					"subnet_ids":                schema.SetAttribute{ElementType: types.StringType, Required: true},
					"vpc_id":                    standin.CompString(),
				}}},
			},
		},
		ForceNew: []string{"name", "role_arn", "bootstrap_self_managed_addons", "region"},
		Plan: func(c *standin.Change) {
			planRegion(c)
			planTags(c)
		},
		Apply: func(c *standin.Change) {
			o := c.Obj
			region, name := regionOf(c), o.Str("name")
			oidcID := ClusterOIDCID(c.Env.AccountID, region, name)
			o.Set("id", name)
			o.Set("arn", arn(c.Env, "eks", region, "cluster/"+name))
			o.SetIfUnknown("endpoint", fmt.Sprintf("https://%s.gr7.%s.eks.amazonaws.com", oidcID, region))
			o.SetIfUnknown("identity", []any{map[string]any{
				"oidc": []any{map[string]any{"issuer": ClusterIssuer(c.Env.AccountID, region, name)}},
			}})
			o.SetIfUnknown("certificate_authority", []any{map[string]any{
				"data": base64.StdEncoding.EncodeToString([]byte(
					"-----BEGIN CERTIFICATE-----\nstand-in certificate for " + name + "\n-----END CERTIFICATE-----\n")),
			}})
			o.SetIfUnknown("cluster_id", nil)
			o.SetIfUnknown("created_at", standin.FixedTime)
			o.SetIfUnknown("platform_version", "eks.8")
			o.SetIfUnknown("status", "ACTIVE")
			o.SetIfUnknown("version", "1.31")
			var vpcs []*standin.Object
			for _, v := range o.Objects("vpc_config") {
				v.SetIfUnknown("cluster_security_group_id", "sg-"+standin.HexID(17, "cluster-sg", name))
				v.SetIfUnknown("vpc_id", "vpc-"+standin.HexID(17, "vpc", strings.Join(v.Strings("subnet_ids"), ",")))
				v.SetIfUnknown("public_access_cidrs", []string{"0.0.0.0/0"})
				vpcs = append(vpcs, v)
			}
			if vpcs != nil {
				o.SetObjects("vpc_config", vpcs)
			}
		},
	}
}

func eksAddon() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_eks_addon",
		Schema: schema.Schema{
			Attributes: map[string]schema.Attribute{
				"addon_name":                  standin.ReqString(),
				"addon_version":               standin.OptCompString(),
				"arn":                         standin.CompString(),
				"cluster_name":                standin.ReqString(),
				"configuration_values":        standin.OptCompString(),
				"created_at":                  standin.CompString(),
				"id":                          standin.CompString(),
				"modified_at":                 standin.CompString(),
				"preserve":                    standin.OptBool(),
				"region":                      regionAttr(),
				"resolve_conflicts_on_create": standin.OptString(),
				"resolve_conflicts_on_update": standin.OptString(),
				"service_account_role_arn":    standin.OptString(),
				"tags":                        standin.OptStringMap(),
				"tags_all":                    standin.CompStringMap(),
			},
			Blocks: map[string]schema.Block{
				"pod_identity_association": schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"role_arn":        standin.ReqString(),
					"service_account": standin.ReqString(),
				}}},
			},
		},
		ForceNew: []string{"addon_name", "cluster_name", "region"},
		Plan: func(c *standin.Change) {
			planRegion(c)
			planTags(c)
		},
		Apply: func(c *standin.Change) {
			o := c.Obj
			cluster, addon := o.Str("cluster_name"), o.Str("addon_name")
			o.Set("id", cluster+":"+addon)
			o.SetIfUnknown("arn", arn(c.Env, "eks", regionOf(c), fmt.Sprintf("addon/%s/%s/%s", cluster, addon, standin.UUID("addon", cluster, addon))))
			o.SetIfUnknown("addon_version", "v1.19.2-eksbuild.1")
			o.SetIfUnknown("configuration_values", "")
			o.SetIfUnknown("created_at", standin.FixedTime)
			o.Set("modified_at", standin.FixedTime)
		},
	}
}

func eksPodIdentityAssociation() *standin.ResourceSpec {
	return &standin.ResourceSpec{
		TypeName: "aws_eks_pod_identity_association",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"association_arn":      standin.CompString(),
			"association_id":       standin.CompString(),
			"cluster_name":         standin.ReqString(),
			"disable_session_tags": standin.BoolDefault(false),
			"external_id":          standin.CompString(),
			"id":                   standin.CompString(),
			"namespace":            standin.ReqString(),
			"region":               regionAttr(),
			"role_arn":             standin.ReqString(),
			"service_account":      standin.ReqString(),
			"tags":                 standin.OptStringMap(),
			"tags_all":             standin.CompStringMap(),
			"target_role_arn":      standin.OptString(),
		}},
		ForceNew: []string{"cluster_name", "namespace", "service_account", "region"},
		Plan: func(c *standin.Change) {
			planRegion(c)
			planTags(c)
		},
		Apply: func(c *standin.Change) {
			o := c.Obj
			cluster := o.Str("cluster_name")
			id := "a-" + strings.ToLower(standin.UpperID("", 17, cluster, o.Str("namespace"), o.Str("service_account")))
			o.SetIfUnknown("association_id", id)
			o.SetIfUnknown("association_arn", arn(c.Env, "eks", regionOf(c), "podidentityassociation/"+cluster+"/"+id))
			o.Set("id", o.Str("association_id"))
			if _, ok := o.String("target_role_arn"); ok {
				o.SetIfUnknown("external_id", standin.UUID("external-id", id))
			} else {
				o.SetIfUnknown("external_id", nil)
			}
		},
	}
}
