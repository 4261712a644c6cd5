package plan

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

	// Declared bindings.
	"data.stsguard_role_trust": nil, // every attribute
}

// wanted reports whether instances of this mode and type are kept, and
// which attributes (nil: all).
func wanted(mode, typ string) (attrs []string, ok bool) {
	attrs, ok = kinds[typeKey(mode, typ)]
	return attrs, ok
}

// pruneObject keeps only the listed top-level attributes of a value map
// (all when keep is nil). Non-object values are returned unchanged.
func pruneObject(v any, keep []string) any {
	m, ok := v.(map[string]any)
	if !ok || keep == nil {
		return v
	}
	n := 0
	for _, k := range keep {
		if _, found := m[k]; found {
			n++
		}
	}
	// Sized to what is kept: most maps keep a few attributes, and the
	// unknown and sensitive masks often none.
	out := make(map[string]any, n)
	for _, k := range keep {
		if x, found := m[k]; found {
			out[k] = x
		}
	}
	return out
}

// shareEqual makes b share every part that is equal to the same part of
// a: the before and after values of a resource are decoded separately,
// though for most resources of a plan they are equal, and holding them
// once keeps the plan's memory near what it would be with one side only.
// It returns b, with its equal parts replaced by a's, and whether b equals
// a (then a itself should be used). b must not be shared with anything.
func shareEqual(b, a any) (any, bool) {
	switch bv := b.(type) {
	case map[string]any:
		av, ok := a.(map[string]any)
		if !ok {
			return b, false
		}
		same := len(bv) == len(av)
		for k, x := range bv {
			y, found := av[k]
			if !found {
				same = false
				continue
			}
			nx, eq := shareEqual(x, y)
			if eq {
				bv[k] = y
			} else {
				bv[k] = nx
			}
			same = same && eq
		}
		return bv, same
	case []any:
		av, ok := a.([]any)
		if !ok {
			return b, false
		}
		same := len(bv) == len(av)
		for i, x := range bv {
			if i >= len(av) {
				break
			}
			nx, eq := shareEqual(x, av[i])
			if eq {
				bv[i] = av[i]
			} else {
				bv[i] = nx
			}
			same = same && eq
		}
		return bv, same
	case string:
		as, ok := a.(string)
		return b, ok && as == bv
	case float64:
		af, ok := a.(float64)
		return b, ok && af == bv
	case bool:
		ab, ok := a.(bool)
		return b, ok && ab == bv
	case nil:
		return b, a == nil
	}
	return b, false
}
