package lint

import "testing"

// TestPairProvider: each pair names the identity provider of the caller's
// token after the plan: the plan's provider resource for its issuer, the
// issuer itself when the plan declares none (or a stand-in label when it
// is known only after apply), and nothing when no web identity token is
// evaluated (Pod Identity, role chaining).
func TestPairProvider(t *testing.T) {
	for _, tc := range []struct{ file, caller, want string }{
		{"eks-sa-renamed-break.json", "kubernetes_service_account_v1.api", "aws_iam_openid_connect_provider.eks"},
		{"trust-broadened-break.json", "github_actions_variable.app_role_arn", "aws_iam_openid_connect_provider.github"},
		{"cognito-pool-replaced-break.json", `aws_cognito_identity_pool_roles_attachment.users roles["authenticated"]`, "cognito-identity.amazonaws.com"},
		{"oidc-issuer-changed-break.json", "kubernetes_service_account_v1.billing", "<issuer of aws_eks_cluster.main, known after apply>"},
		{"addon-and-pod-identity-fix.json", "aws_eks_pod_identity_association.api", ""},
		{"role-chaining-fix.json", "github_actions_variable.role_arn", "aws_iam_openid_connect_provider.github"},
	} {
		var got *Pair
		rep := lintFixture(t, tc.file)
		for i := range rep.Pairs {
			if rep.Pairs[i].Caller == tc.caller {
				got = &rep.Pairs[i]
			}
		}
		if got == nil {
			t.Errorf("%s: no pair for %s: %+v", tc.file, tc.caller, rep.Pairs)
		} else if got.Provider != tc.want {
			t.Errorf("%s: %s: provider %q, want %q", tc.file, tc.caller, got.Provider, tc.want)
		}
	}
	gh := "token.actions.githubusercontent.com"
	arn := "arn:aws:iam::111122223333:role/r"
	trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"Federated": "arn:aws:iam::111122223333:oidc-provider/" + gh},
		"Condition": map[string]any{"StringEquals": map[string]any{gh + ":sub": "repo:octo-org/app:ref:refs/heads/main", gh + ":aud": "sts.amazonaws.com"}}})
	rep := Analyze(miniPlan(t, map[string]map[string]any{
		"github_actions_variable.role": {"repository": "app", "variable_name": "ROLE", "value": arn},
		"aws_iam_role.r":               {"name": "r", "arn": arn, "path": "/", "assume_role_policy": trust},
	}))
	if len(rep.Pairs) != 1 || rep.Pairs[0].Provider != gh {
		t.Errorf("a plan without provider resources: pairs %+v, want the provider %s", rep.Pairs, gh)
	}
}
