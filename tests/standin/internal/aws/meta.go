package aws

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// dnsSuffix is the DNS suffix of the stand-in's only partition, "aws".
const dnsSuffix = "amazonaws.com"

func compStr() schema.StringAttribute { return schema.StringAttribute{Computed: true} }

func optCompStr() schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Computed: true}
}

// partition is the aws_partition data source (always the "aws" partition).
func partition() *standin.DataSourceSpec {
	return &standin.DataSourceSpec{
		TypeName: "aws_partition",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"dns_suffix":         compStr(),
			"id":                 compStr(),
			"partition":          compStr(),
			"reverse_dns_prefix": compStr(),
		}},
		Read: func(env *standin.Env, obj *standin.Object) {
			obj.Set("id", env.Partition)
			obj.Set("partition", env.Partition)
			obj.Set("dns_suffix", dnsSuffix)
			obj.Set("reverse_dns_prefix", "com.amazonaws")
		},
	}
}

// region is the aws_region data source: the configured region (or the
// provider's), with both the provider-v6 "region" and the deprecated "name".
func region() *standin.DataSourceSpec {
	return &standin.DataSourceSpec{
		TypeName: "aws_region",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"description": compStr(),
			"endpoint":    optCompStr(),
			"id":          optCompStr(),
			"name":        optCompStr(),
			"region":      optCompStr(),
		}},
		Read: func(env *standin.Env, obj *standin.Object) {
			r := firstNonEmpty(obj.Str("region"), obj.Str("name"), obj.Str("id"), env.Region)
			obj.Set("region", r)
			obj.Set("name", r)
			obj.Set("id", r)
			obj.Set("endpoint", "ec2."+r+"."+dnsSuffix)
			obj.Set("description", "Stand-in region "+r)
		},
	}
}

// servicePrincipal is the aws_service_principal data source: the service's
// principal name "<service>.amazonaws.com" (every region of the "aws"
// partition uses that suffix).
func servicePrincipal() *standin.DataSourceSpec {
	return &standin.DataSourceSpec{
		TypeName: "aws_service_principal",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":           compStr(),
			"name":         compStr(),
			"region":       optCompStr(),
			"service_name": schema.StringAttribute{Required: true},
			"suffix":       compStr(),
		}},
		Read: func(env *standin.Env, obj *standin.Object) {
			r := firstNonEmpty(obj.Str("region"), env.Region)
			name := obj.Str("service_name") + "." + dnsSuffix
			obj.Set("region", r)
			obj.Set("name", name)
			obj.Set("id", name)
			obj.Set("suffix", dnsSuffix)
		},
	}
}
