package aws

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// read reads data source typ with attrs and returns the result.
func read(t *testing.T, h *standin.Harness, typ string, attrs map[string]any) *standin.Object {
	t.Helper()
	cfg, err := h.Config(typ, attrs)
	if err != nil {
		t.Fatal(err)
	}
	state, err := h.Read(typ, cfg)
	if err != nil {
		t.Fatalf("read %s: %v", typ, err)
	}
	obj, err := standin.NewObject(state)
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

func TestMetaDataSources(t *testing.T) {
	h := harness(t)
	tests := []struct {
		typ   string
		attrs map[string]any
		want  map[string]string
	}{
		{"aws_partition", nil, map[string]string{"partition": "aws", "dns_suffix": "amazonaws.com", "id": "aws"}},
		{"aws_region", nil, map[string]string{"name": "us-east-1", "region": "us-east-1", "id": "us-east-1"}},
		{"aws_region", map[string]any{"region": "eu-west-1"}, map[string]string{"name": "eu-west-1", "region": "eu-west-1"}},
		{"aws_region", map[string]any{"name": "eu-west-2"}, map[string]string{"name": "eu-west-2", "region": "eu-west-2"}},
		{"aws_service_principal", map[string]any{"service_name": "elasticloadbalancing"},
			map[string]string{"name": "elasticloadbalancing.amazonaws.com", "suffix": "amazonaws.com", "region": "us-east-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			obj := read(t, h, tt.typ, tt.attrs)
			for attr, w := range tt.want {
				if got := obj.Str(attr); got != w {
					t.Errorf("%s = %q, want %q", attr, got, w)
				}
			}
		})
	}
}

func TestIAMInstanceProfileComputedValues(t *testing.T) {
	h := harness(t)
	p, _ := create(t, h, "aws_iam_instance_profile", map[string]any{"name": "nodes", "role": "node-role"})
	if got, want := p.Str("arn"), "arn:aws:iam::111122223333:instance-profile/nodes"; got != want {
		t.Errorf("arn = %q, want %q", got, want)
	}
	if p.Str("id") != "nodes" || p.Str("unique_id") == "" {
		t.Errorf("id = %q, unique_id = %q; want nodes and a generated id", p.Str("id"), p.Str("unique_id"))
	}
}

// TestProviderMetaSchema: modules declaring provider_meta "aws" { user_agent
// = [...] } only load when the provider has a meta schema with user_agent.
func TestProviderMetaSchema(t *testing.T) {
	resp, err := standin.NewServer(Provider()).GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if resp.ProviderMeta == nil || resp.ProviderMeta.Block == nil {
		t.Fatal("no provider_meta schema")
	}
	for _, a := range resp.ProviderMeta.Block.Attributes {
		if a.Name == "user_agent" && a.Optional {
			return
		}
	}
	t.Errorf("provider_meta schema lacks an optional user_agent: %+v", resp.ProviderMeta.Block.Attributes)
}
