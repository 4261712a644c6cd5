package lint

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// miniPlan builds a small plan in the shape terraform show -json writes,
// for cases the real-terraform fixtures do not model. Every resource is
// unchanged (no-op) with the given values; a "__after_unknown" value is
// the resource's after_unknown mask.
func miniPlan(t testing.TB, resources map[string]map[string]any) *tfplan.Plan {
	t.Helper()
	var changes []any
	for _, addr := range tfplan.SortedKeys(resources) {
		typ, name, _ := strings.Cut(addr, ".")
		v := resources[addr]
		unknown := map[string]any{}
		if u, ok := v["__after_unknown"].(map[string]any); ok { // attributes known only after apply
			unknown = u
			v = maps.Clone(v)
			delete(v, "__after_unknown")
		}
		provider := "registry.terraform.io/hashicorp/aws"
		if strings.HasPrefix(typ, "github_") {
			provider = "registry.terraform.io/integrations/github"
		}
		changes = append(changes, map[string]any{
			"address": addr, "mode": "managed", "type": typ, "name": name,
			"provider_name": provider,
			"change":        map[string]any{"actions": []string{"no-op"}, "before": v, "after": v, "after_unknown": unknown},
		})
	}
	data, err := json.Marshal(map[string]any{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes,
		"configuration": map[string]any{"provider_config": map[string]any{"github": map[string]any{"name": "github", "expressions": map[string]any{"owner": map[string]any{"constant_value": "octo-org"}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := tfplan.Load(strings.NewReader(string(data)), "mini.json", model.LoadOptions)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func trustJSON(t testing.TB, statements ...map[string]any) string {
	t.Helper()
	data, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func onlyRules(rep *Report) string { return strings.Join(rulesOf(rep), " ") }

// TestPodIdentityNeedsTagSession: EKS Pod Identity assumes the role with
// sts:AssumeRole and sts:TagSession (spec §8.3); a trust without
// TagSession refuses it.
func TestPodIdentityNeedsTagSession(t *testing.T) {
	for _, tc := range []struct {
		actions []string
		want    string
	}{
		{[]string{"sts:AssumeRole", "sts:TagSession"}, ""},
		{[]string{"sts:AssumeRole"}, RuleRefused},
	} {
		trust := trustJSON(t, map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "pods.eks.amazonaws.com"}, "Action": tc.actions})
		p := miniPlan(t, map[string]map[string]any{
			"aws_iam_role.pod": {"name": "pod", "arn": "arn:aws:iam::111122223333:role/pod", "path": "/", "assume_role_policy": trust},
			"aws_eks_pod_identity_association.api": {"cluster_name": "prod", "namespace": "app", "service_account": "api",
				"role_arn": "arn:aws:iam::111122223333:role/pod", "disable_session_tags": false},
		})
		rep := Analyze(p)
		if got := onlyRules(rep); got != tc.want {
			t.Errorf("actions %v: findings %q, want %q:%s", tc.actions, got, tc.want, describe(rep))
		}
		if tc.want != "" && !strings.Contains(rep.Findings[0].Message+rep.Findings[0].Fix, "TagSession") {
			t.Errorf("the finding should name sts:TagSession: %s", describe(rep))
		}
	}
}

// TestProviderInAnotherAccount: STS only uses OIDC providers in the
// role's own account (STSG104).
func TestProviderInAnotherAccount(t *testing.T) {
	issuer := "oidc.eks.us-east-1.amazonaws.com/id/D79586434ACFF7E7C5EFE5AE3985F57C"
	trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"Federated": "arn:aws:iam::444455556666:oidc-provider/" + issuer},
		"Condition": map[string]any{"StringEquals": map[string]any{issuer + ":sub": "system:serviceaccount:app:api"}}})
	p := miniPlan(t, map[string]map[string]any{
		"aws_iam_role.api": {"name": "api", "arn": "arn:aws:iam::111122223333:role/api", "path": "/", "assume_role_policy": trust},
		"kubernetes_service_account_v1.api": {"metadata": []any{map[string]any{"name": "api", "namespace": "app",
			"annotations": map[string]any{callers.RoleAnnotation: "arn:aws:iam::111122223333:role/api"}}}},
	})
	rep := Analyze(p)
	if got := onlyRules(rep); got != RuleProvider+" "+RuleProvider {
		t.Errorf("findings %q, want STSG104 for the role and for the pair:%s", got, describe(rep))
	}
	if !strings.Contains(describe(rep), "444455556666") {
		t.Errorf("the message should name the other account:%s", describe(rep))
	}
}

// TestUnmappedClaims: conditions on claims AWS never maps are STSG106.
func TestUnmappedClaims(t *testing.T) {
	gh := "token.actions.githubusercontent.com"
	trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"Federated": "arn:aws:iam::111122223333:oidc-provider/" + gh},
		"Condition": map[string]any{"StringEquals": map[string]any{
			gh + ":sub":                   "repo:octo-org/app:ref:refs/heads/main",
			gh + ":repository_owner":      "octo-org",
			"gitlab.com:project_path":     "octo/app",
			gh + ":job_workflow_ref":      "octo-org/app/.github/workflows/deploy.yml@refs/heads/main",
			"aws:SourceIp":                "203.0.113.7",
			gh + ":repository_visibility": "private",
		}}})
	p := miniPlan(t, map[string]map[string]any{
		"aws_iam_role.ci": {"name": "ci", "arn": "arn:aws:iam::111122223333:role/ci", "path": "/", "assume_role_policy": trust},
	})
	rep := Analyze(p)
	var keys []string
	for _, f := range rep.Findings {
		if f.Rule == RuleUnmappedKey {
			keys = append(keys, f.Message[:strings.Index(f.Message, "\" ")+1])
		}
	}
	joined := strings.Join(keys, " ")
	for _, want := range []string{"repository_owner", "gitlab.com:project_path", "repository_visibility"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no STSG106 for %s: %v", want, keys)
		}
	}
	for _, fine := range []string{"job_workflow_ref", "aws:SourceIp", gh + ":sub\""} {
		if strings.Contains(joined, fine) {
			t.Errorf("STSG106 for the mapped key %s: %v", fine, keys)
		}
	}
}

// TestOrganizationSubjectTemplate: a repository that opts in
// (use_default = false without keys) uses the organization's template.
func TestOrganizationSubjectTemplate(t *testing.T) {
	gh := "token.actions.githubusercontent.com"
	trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"Federated": "arn:aws:iam::111122223333:oidc-provider/" + gh},
		"Condition": map[string]any{"StringEquals": map[string]any{gh + ":sub": "repo:octo-org/app:environment:prod"}}})
	p := miniPlan(t, map[string]map[string]any{
		"aws_iam_role.ci": {"name": "ci", "arn": "arn:aws:iam::111122223333:role/ci", "path": "/", "assume_role_policy": trust},
		"github_actions_environment_variable.role": {"repository": "app", "environment": "prod", "variable_name": "ROLE",
			"value": "arn:aws:iam::111122223333:role/ci"},
		"github_actions_repository_oidc_subject_claim_customization_template.app":   {"repository": "app", "use_default": false, "include_claim_keys": []any{}},
		"github_actions_organization_oidc_subject_claim_customization_template.org": {"include_claim_keys": []any{"repository_owner", "context"}},
	})
	rep := Analyze(p)
	if got := onlyRules(rep); got != RuleRefused {
		t.Fatalf("findings %q, want STSG101:%s", got, describe(rep))
	}
	if !strings.Contains(rep.Findings[0].Message, "repository_owner:octo-org:environment:prod") {
		t.Errorf("the organization template's subject is not used: %s", rep.Findings[0].Message)
	}
}

// TestAddonWithoutRole: an add-on whose service_account_role_arn is "" (as
// the eks module writes for coredns, kube-proxy, vpc-cni without IRSA) or
// absent has no role: it is no caller, not a caller naming a missing role.
func TestAddonWithoutRole(t *testing.T) {
	resources := map[string]map[string]any{}
	for _, name := range []string{"coredns", "kube-proxy", "vpc-cni", "eks-pod-identity-agent"} {
		resources["aws_eks_addon."+strings.ReplaceAll(name, "-", "_")] = map[string]any{"addon_name": name, "cluster_name": "main", "service_account_role_arn": ""}
	}
	resources["aws_eks_addon.ebs"] = map[string]any{"addon_name": "aws-ebs-csi-driver", "cluster_name": "main"}
	rep := Analyze(miniPlan(t, resources))
	if rep.Callers != 0 || len(rep.Findings) != 0 {
		t.Errorf("%d callers, findings %v; want none", rep.Callers, rep.Findings)
	}
}

// TestLookalikeKey: a condition key that matches sub only through Unicode
// case folding (U+017F) is never in the request; under IfExists it lets
// every repository in, so it is an error whatever the operator.
func TestLookalikeKey(t *testing.T) {
	for _, op := range []string{"StringEqualsIfExists", "StringLike"} {
		trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
			"Principal": map[string]any{"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
			"Condition": map[string]any{op: map[string]any{"token.actions.githubusercontent.com:\u017fub": "repo:octo-org/app:ref:refs/heads/main"},
				"StringEquals": map[string]any{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}})
		rep := Analyze(miniPlan(t, map[string]map[string]any{"aws_iam_role.ci": {"name": "ci", "arn": "arn:aws:iam::111122223333:role/ci", "assume_role_policy": trust}}))
		found := false
		for _, f := range rep.Findings {
			if f.Rule == RuleUnmappedKey && f.Severity == SeverityError && strings.Contains(f.Message, `looks like "token.actions.githubusercontent.com:sub"`) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: findings %v", op, rep.Findings)
		}
	}
}

// TestServiceAccountWithoutRole: a trust that names a service account the
// plan creates without the role annotation is STSG108; annotated, or with
// a Pod Identity association, it is not.
func TestServiceAccountWithoutRole(t *testing.T) {
	const host = "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789"
	trust := trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"Federated": "arn:aws:iam::111122223333:oidc-provider/" + host},
		"Condition": map[string]any{"StringEquals": map[string]any{host + ":sub": "system:serviceaccount:payments:api", host + ":aud": "sts.amazonaws.com"}}})
	for _, tc := range []struct {
		name        string
		annotations map[string]any
		association bool
		want        bool
	}{
		{"no annotation", map[string]any{}, false, true},
		{"annotated", map[string]any{"eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/api"}, false, false},
		{"pod identity", map[string]any{}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resources := map[string]map[string]any{
				"aws_iam_role.api":                  {"name": "api", "arn": "arn:aws:iam::111122223333:role/api", "assume_role_policy": trust},
				"kubernetes_service_account_v1.api": {"metadata": []any{map[string]any{"namespace": "payments", "name": "api", "annotations": tc.annotations}}},
			}
			if tc.association {
				resources["aws_eks_pod_identity_association.api"] = map[string]any{"cluster_name": "main", "namespace": "payments", "service_account": "api", "role_arn": "arn:aws:iam::111122223333:role/other"}
			}
			rep := Analyze(miniPlan(t, resources))
			got := strings.Contains(onlyRules(rep), RuleUnannotated)
			if got != tc.want {
				t.Errorf("STSG108 = %v, want %v: %v", got, tc.want, rep.Findings)
			}
		})
	}
}

// TestRoleValueWhitespace: a role ARN with surrounding whitespace in a
// GitHub Actions variable or secret is read trimmed, as
// configure-aws-credentials reads it, with a note (before, " arn:..." gave
// no caller at all and "arn:...\n" STSG103). In a service account
// annotation or Helm values it stays STSG103, since the EKS webhook passes
// it on untrimmed and STS refuses it (the caller side notes why).
func TestRoleValueWhitespace(t *testing.T) {
	gh := "token.actions.githubusercontent.com"
	issuer := "oidc.eks.us-east-1.amazonaws.com/id/D79586434ACFF7E7C5EFE5AE3985F57C"
	arn := "arn:aws:iam::111122223333:role/r"
	ghTrust := func(sub string) string {
		return trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
			"Principal": map[string]any{"Federated": "arn:aws:iam::111122223333:oidc-provider/" + gh},
			"Condition": map[string]any{"StringEquals": map[string]any{gh + ":sub": sub, gh + ":aud": "sts.amazonaws.com"}}})
	}
	eksTrust := func(sub string) string {
		return trustJSON(t, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
			"Principal": map[string]any{"Federated": "arn:aws:iam::111122223333:oidc-provider/" + issuer},
			"Condition": map[string]any{"StringEquals": map[string]any{issuer + ":sub": sub, issuer + ":aud": "sts.amazonaws.com"}}})
	}
	callersOf := map[string]func(v string) map[string]map[string]any{
		"github variable": func(v string) map[string]map[string]any {
			return map[string]map[string]any{"github_actions_variable.role": {"repository": "app", "variable_name": "ROLE", "value": v}}
		},
		"github secret": func(v string) map[string]map[string]any {
			return map[string]map[string]any{"github_actions_secret.role": {"repository": "app", "secret_name": "ROLE", "plaintext_value": v}}
		},
		"service account": func(v string) map[string]map[string]any {
			return map[string]map[string]any{"kubernetes_service_account_v1.api": {"metadata": []any{map[string]any{"name": "api", "namespace": "app",
				"annotations": map[string]any{callers.RoleAnnotation: v}}}}}
		},
		"helm values": func(v string) map[string]map[string]any {
			quoted, _ := json.Marshal(v)
			return map[string]map[string]any{"helm_release.api": {"name": "api", "namespace": "app", "chart": "some-chart",
				"values": []any{"serviceAccount:\n  name: api\n  annotations:\n    eks.amazonaws.com/role-arn: " + string(quoted) + "\n"}}}
		},
	}
	for name, caller := range callersOf {
		trusts := map[bool]string{true: ghTrust("repo:octo-org/app:ref:refs/heads/main"), false: ghTrust("repo:octo-org/other:ref:refs/heads/main")}
		if !strings.HasPrefix(name, "github") {
			trusts = map[bool]string{true: eksTrust("system:serviceaccount:app:api"), false: eksTrust("system:serviceaccount:app:other")}
		}
		for _, value := range []string{" " + arn, arn + "\n", "\t" + arn + " \r\n", arn} {
			for _, allowed := range []bool{true, false} {
				resources := caller(value)
				resources["aws_iam_role.r"] = map[string]any{"name": "r", "arn": arn, "path": "/", "assume_role_policy": trusts[allowed]}
				rep := Analyze(miniPlan(t, resources))
				label := fmt.Sprintf("%s %q allowed=%v", name, value, allowed)
				if !strings.HasPrefix(name, "github") && value != arn {
					if got := onlyRules(rep); got != RuleMissingRole || !strings.Contains(strings.Join(rep.Findings[0].Notes, "; "), "does not trim") {
						t.Errorf("%s: findings %q, want STSG103 noting the webhook does not trim:%s", label, got, describe(rep))
					}
					continue
				}
				var pair *Pair
				for i := range rep.Pairs {
					if rep.Pairs[i].Role == "aws_iam_role.r" {
						pair = &rep.Pairs[i]
					}
				}
				if pair == nil {
					t.Errorf("%s: no caller paired with the role: %+v%s", label, rep.Pairs, describe(rep))
					continue
				}
				noted := strings.Contains(strings.Join(pair.Notes, "; "), "surrounding whitespace")
				if noted != (value != arn) {
					t.Errorf("%s: pair notes %q", label, pair.Notes)
				}
				want := ""
				if !allowed {
					want = RuleRefused
				}
				if got := onlyRules(rep); got != want {
					t.Errorf("%s: findings %q, want %q:%s", label, got, want, describe(rep))
					continue
				}
				if !allowed && value != arn && !strings.Contains(strings.Join(rep.Findings[0].Notes, "; "), "surrounding whitespace; ") {
					t.Errorf("%s: the finding does not note the whitespace: %q", label, rep.Findings[0].Notes)
				}
			}
		}
	}
}
