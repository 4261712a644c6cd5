package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestProviderSchemaIsValid starts the provider server in process and checks
// that GetProviderSchema returns the provider schema without diagnostics;
// the framework validates every data source and function schema here too.
func TestProviderSchemaIsValid(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatalf("creating the protocol 6 provider server: %v", err)
	}

	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatalf("GetProviderSchema: %v", err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("GetProviderSchema diagnostic: %s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	if resp.Provider == nil {
		t.Fatal("GetProviderSchema returned no provider schema")
	}
	if resp.Provider.Block == nil || resp.Provider.Block.Description == "" {
		t.Error("provider schema has no description; the generated docs would be empty")
	}
}

// TestProviderMetadata checks the type name and that the version given to
// New is reported to Terraform.
func TestProviderMetadata(t *testing.T) {
	tests := []struct {
		name    string
		version string
	}{
		{name: "development build", version: "dev"},
		{name: "release build", version: "1.2.3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			server, err := providerserver.NewProtocol6WithError(New(tc.version)())()
			if err != nil {
				t.Fatalf("creating the protocol 6 provider server: %v", err)
			}
			resp, err := server.GetMetadata(context.Background(), &tfprotov6.GetMetadataRequest{})
			if err != nil {
				t.Fatalf("GetMetadata: %v", err)
			}
			for _, d := range resp.Diagnostics {
				t.Errorf("GetMetadata diagnostic: %s: %s: %s", d.Severity, d.Summary, d.Detail)
			}

			var meta provider.MetadataResponse
			New(tc.version)().Metadata(context.Background(), provider.MetadataRequest{}, &meta)
			if meta.TypeName != TypeName {
				t.Errorf("type name = %q, want %q", meta.TypeName, TypeName)
			}
			if meta.Version != tc.version {
				t.Errorf("version = %q, want %q", meta.Version, tc.version)
			}
		})
	}
}
