package aws

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

func principalsBlock() schema.SetNestedBlock {
	return schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
		"identifiers": schema.SetAttribute{ElementType: types.StringType, Required: true},
		"type":        schema.StringAttribute{Required: true},
	}}}
}

func optSet() schema.SetAttribute {
	return schema.SetAttribute{ElementType: types.StringType, Optional: true}
}

// policyDocument is the aws_iam_policy_document data source. Unlike the real
// one, an unset "effect" or "version" stays null in state (the JSON still
// uses the defaults Allow and 2012-10-17): framework data sources have no
// defaults.
func policyDocument() *standin.DataSourceSpec {
	return &standin.DataSourceSpec{
		TypeName: "aws_iam_policy_document",
		Schema: schema.Schema{
			Attributes: map[string]schema.Attribute{
				"id":                        schema.StringAttribute{Computed: true},
				"json":                      schema.StringAttribute{Computed: true},
				"minified_json":             schema.StringAttribute{Computed: true},
				"override_policy_documents": schema.ListAttribute{ElementType: types.StringType, Optional: true},
				"policy_id":                 schema.StringAttribute{Optional: true},
				"source_policy_documents":   schema.ListAttribute{ElementType: types.StringType, Optional: true},
				"version":                   schema.StringAttribute{Optional: true},
			},
			Blocks: map[string]schema.Block{
				"statement": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"actions":       optSet(),
						"effect":        schema.StringAttribute{Optional: true},
						"not_actions":   optSet(),
						"not_resources": optSet(),
						"resources":     optSet(),
						"sid":           schema.StringAttribute{Optional: true},
					},
					Blocks: map[string]schema.Block{
						"condition": schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
							"test":     schema.StringAttribute{Required: true},
							"values":   schema.ListAttribute{ElementType: types.StringType, Required: true},
							"variable": schema.StringAttribute{Required: true},
						}}},
						"not_principals": principalsBlock(),
						"principals":     principalsBlock(),
					},
				}},
			},
		},
		Read: func(_ *standin.Env, obj *standin.Object) {
			doc, err := buildPolicyDoc(obj)
			if err != nil {
				obj.Fail(err)
				return
			}
			pretty, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				obj.Fail(fmt.Errorf("aws_iam_policy_document: formatting JSON: %w", err))
				return
			}
			minified, err := json.Marshal(doc)
			if err != nil {
				obj.Fail(fmt.Errorf("aws_iam_policy_document: formatting JSON: %w", err))
				return
			}
			obj.Set("json", string(pretty))
			obj.Set("minified_json", string(minified))
			obj.Set("id", strconv.Itoa(int(crc32.ChecksumIEEE(pretty))))
		},
	}
}

func buildPolicyDoc(obj *standin.Object) (*policyDoc, error) {
	merged := &policyDoc{}
	for i, src := range obj.Strings("source_policy_documents") {
		d, err := parsePolicyDoc(src)
		if err != nil {
			return nil, fmt.Errorf("aws_iam_policy_document: source_policy_documents[%d] is not a policy document: %v", i, err)
		}
		merged.merge(d)
	}
	version := obj.Str("version")
	if version == "" {
		version = "2012-10-17"
	}
	if version != "2012-10-17" && version != "2008-10-17" {
		return nil, fmt.Errorf(`aws_iam_policy_document: version %q is not one of "2012-10-17", "2008-10-17"`, version)
	}
	doc := &policyDoc{Version: version, ID: obj.Str("policy_id")}
	replaceVars := version == "2012-10-17"
	seen := map[string]bool{}
	for i, st := range obj.Objects("statement") {
		s, err := buildStatement(st, replaceVars)
		if err != nil {
			return nil, fmt.Errorf("aws_iam_policy_document: statement[%d]: %v", i, err)
		}
		if s.Sid != "" {
			if seen[s.Sid] {
				return nil, fmt.Errorf("aws_iam_policy_document: duplicate Sid (%s); remove the Sid or make it unique", s.Sid)
			}
			seen[s.Sid] = true
		}
		doc.Statements = append(doc.Statements, s)
	}
	merged.merge(doc)
	for i, over := range obj.Strings("override_policy_documents") {
		d, err := parsePolicyDoc(over)
		if err != nil {
			return nil, fmt.Errorf("aws_iam_policy_document: override_policy_documents[%d] is not a policy document: %v", i, err)
		}
		merged.merge(d)
	}
	return merged, nil
}

func buildStatement(st *standin.Object, replaceVars bool) (*policyStatement, error) {
	effect := st.Str("effect")
	if effect == "" {
		effect = "Allow"
	}
	if effect != "Allow" && effect != "Deny" {
		return nil, fmt.Errorf(`effect %q is not "Allow" or "Deny"`, effect)
	}
	s := &policyStatement{
		Sid:          st.Str("sid"),
		Effect:       effect,
		Actions:      stringsField(st.Strings("actions"), false),
		NotActions:   stringsField(st.Strings("not_actions"), false),
		Resources:    stringsField(st.Strings("resources"), replaceVars),
		NotResources: stringsField(st.Strings("not_resources"), replaceVars),
	}
	for _, p := range st.Objects("principals") {
		s.Principals = append(s.Principals, principal{Type: p.Str("type"), Identifiers: varsReplaced(p.Strings("identifiers"), replaceVars)})
	}
	for _, p := range st.Objects("not_principals") {
		s.NotPrincipals = append(s.NotPrincipals, principal{Type: p.Str("type"), Identifiers: varsReplaced(p.Strings("identifiers"), replaceVars)})
	}
	for _, c := range st.Objects("condition") {
		s.Conditions = append(s.Conditions, condition{
			Test:     c.Str("test"),
			Variable: c.Str("variable"),
			Values:   varsReplaced(c.Strings("values"), replaceVars),
		})
	}
	return s, nil
}

func varsReplaced(values []string, replaceVars bool) []string {
	if !replaceVars {
		return values
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = strings.ReplaceAll(v, "&{", "${")
	}
	return out
}

// callerIdentity is the aws_caller_identity data source.
func callerIdentity() *standin.DataSourceSpec {
	return &standin.DataSourceSpec{
		TypeName: "aws_caller_identity",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{Computed: true},
			"arn":        schema.StringAttribute{Computed: true},
			"id":         schema.StringAttribute{Computed: true},
			"user_id":    schema.StringAttribute{Computed: true},
		}},
		Read: func(env *standin.Env, obj *standin.Object) {
			obj.Set("account_id", env.AccountID)
			obj.Set("id", env.AccountID)
			obj.Set("arn", arn(env, "iam", "", "user/stand-in"))
			obj.Set("user_id", standin.UpperID("AIDA", 17, env.AccountID, "user"))
		},
	}
}
