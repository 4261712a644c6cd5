package model

import (
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// kinds lists the resource and data source types the linter reads, keyed
// by typeKey, with the top-level attributes it needs. Everything else in
// the plan is skipped while decoding, and unlisted attributes are dropped,
// so memory stays proportional to what the rules use.
var kinds = map[string][]string{
	// Roles, their trust and role chaining.
	"aws_iam_role":                    {"arn", "name", "name_prefix", "path", "assume_role_policy", "inline_policy", "managed_policy_arns", "unique_id", "id"},
	"data.aws_iam_role":               {"arn", "name", "path", "assume_role_policy", "unique_id", "id"},
	"data.aws_iam_policy_document":    {"json", "minified_json", "statement", "source_policy_documents", "override_policy_documents", "version", "policy_id"},
	"aws_iam_role_policy":             {"role", "policy", "name"},
	"aws_iam_policy":                  {"arn", "name", "policy"},
	"data.aws_iam_policy":             {"arn", "name", "policy"},
	"aws_iam_role_policy_attachment":  {"role", "policy_arn"},
	"aws_iam_policy_attachment":       {"roles", "policy_arn"},
	"aws_iam_role_policies_exclusive": {"role_name", "policy_names"},
	"data.aws_caller_identity":        {"account_id", "arn"},
	"data.aws_partition":              {"partition"},

	// OIDC providers and EKS clusters.
	"aws_iam_openid_connect_provider":      {"arn", "url", "client_id_list"},
	"data.aws_iam_openid_connect_provider": {"arn", "url", "client_id_list"},
	"aws_eks_cluster":                      {"arn", "name", "identity", "region"},
	"data.aws_eks_cluster":                 {"arn", "name", "identity", "region"},

	// EKS callers.
	"kubernetes_service_account":       {"metadata"},
	"kubernetes_service_account_v1":    {"metadata"},
	"kubernetes_manifest":              {"manifest", "object"},
	"helm_release":                     {"name", "namespace", "chart", "repository", "values", "set", "set_sensitive"},
	"aws_eks_addon":                    {"addon_name", "cluster_name", "service_account_role_arn", "pod_identity_association"},
	"aws_eks_pod_identity_association": {"cluster_name", "namespace", "service_account", "role_arn", "target_role_arn", "disable_session_tags"},

	// Cognito.
	"aws_cognito_identity_pool":                  {"id", "identity_pool_name", "allow_unauthenticated_identities", "supported_login_providers", "cognito_identity_providers", "openid_connect_provider_arns", "region"},
	"aws_cognito_identity_pool_roles_attachment": {"identity_pool_id", "roles"},

	// GitHub.
	"github_repository":                   {"name", "full_name", "default_branch", "repo_id"},
	"github_repository_environment":       {"repository", "environment"},
	"github_actions_variable":             {"repository", "variable_name", "value"},
	"github_actions_secret":               {"repository", "secret_name", "plaintext_value"},
	"github_actions_environment_variable": {"repository", "environment", "variable_name", "value"},
	"github_actions_environment_secret":   {"repository", "environment", "secret_name", "plaintext_value"},
	"github_actions_repository_oidc_subject_claim_customization_template":   {"repository", "use_default", "include_claim_keys"},
	"github_actions_organization_oidc_subject_claim_customization_template": {"include_claim_keys"},

	// The organisation layer: resource control policies and the tree
	// they are attached to.
	"aws_organizations_policy":                   {"id", "arn", "name", "type", "content"},
	"aws_organizations_policy_attachment":        {"id", "policy_id", "target_id"},
	"aws_organizations_organizational_unit":      {"id", "arn", "name", "parent_id", "accounts"},
	"data.aws_organizations_organizational_unit": {"id", "name", "parent_id"},
	"aws_organizations_account":                  {"id", "arn", "name", "parent_id"},
	"aws_organizations_organization":             {"id", "arn", "roots", "master_account_id", "accounts"},
	"data.aws_organizations_organization":        {"id", "arn", "roots", "master_account_id", "accounts"},

	// Declared bindings.
	"data.stsguard_role_trust": nil, // every attribute
}

// LoadOptions are the options the linter reads plans with: only the
// resource and data source types of kinds, and only their listed
// attributes.
var LoadOptions = tfplan.Options{Keep: kinds}
