package main

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

func TestProviderName(t *testing.T) {
	tests := []struct{ exe, override, want string }{
		{"/tmp/bin/terraform-provider-aws", "", "aws"},
		{"terraform-provider-github_v6.0.0", "", "github"},
		{"terraform-provider-helm.exe", "", "helm"},
		{"terraform-provider-tls_v4.0.6", "", "tls"},
		{"/tmp/bin/terraform-provider-standin", "kubernetes", "kubernetes"},
	}
	for _, tt := range tests {
		if got := providerName(tt.exe, tt.override); got != tt.want {
			t.Errorf("providerName(%q, %q) = %q, want %q", tt.exe, tt.override, got, tt.want)
		}
	}
}

// TestSchemasAreValid asks every stand-in for its schema the way Terraform
// does; the framework reports invalid schemas as error diagnostics.
func TestSchemasAreValid(t *testing.T) {
	want := map[string][]string{
		"aws": {"aws_iam_role", "aws_iam_openid_connect_provider", "aws_eks_cluster", "aws_eks_addon",
			"aws_eks_pod_identity_association", "aws_iam_role_policy", "aws_iam_policy",
			"aws_iam_role_policy_attachment", "aws_iam_instance_profile", "aws_cognito_identity_pool", "aws_cognito_identity_pool_roles_attachment"},
		"kubernetes": {"kubernetes_service_account", "kubernetes_service_account_v1", "kubernetes_manifest"},
		"helm":       {"helm_release"},
		"github": {"github_repository", "github_repository_environment", "github_actions_variable",
			"github_actions_secret", "github_actions_environment_variable",
			"github_actions_repository_oidc_subject_claim_customization_template",
			"github_actions_organization_oidc_subject_claim_customization_template"},
	}
	wantData := map[string][]string{
		"aws": {"aws_iam_policy_document", "aws_caller_identity", "aws_partition", "aws_region", "aws_service_principal"},
		"tls": {"tls_certificate"},
	}
	for name, factory := range providers {
		t.Run(name, func(t *testing.T) {
			server := standin.NewServer(factory())
			resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					t.Errorf("schema error: %s: %s", d.Summary, d.Detail)
				}
			}
			for _, typ := range want[name] {
				if _, ok := resp.ResourceSchemas[typ]; !ok {
					t.Errorf("resource %s is missing", typ)
				}
			}
			for _, typ := range wantData[name] {
				if _, ok := resp.DataSourceSchemas[typ]; !ok {
					t.Errorf("data source %s is missing", typ)
				}
			}
		})
	}
}
