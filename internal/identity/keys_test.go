package identity

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// keyCase resolves a request and checks which condition keys it carries.
type keyCase struct {
	name    string
	req     Request
	present map[string][]string
	absent  []string
	// assumptions maps a key to the UNCONFIRMED rule its value relies on.
	assumptions map[string]string
}

func runKeyCases(t *testing.T, cases []keyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.req.Resolve()
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			for k, want := range tc.present {
				got, ok := res.Lookup(k)
				if !ok || !slices.Equal(got, want) {
					t.Errorf("key %s = %q (present %v), want %q", k, got, ok, want)
				}
				info, _ := res.KeyInfo(k)
				if a := tc.assumptions[k]; info.Assumption != a {
					t.Errorf("key %s assumption = %q, want %q", k, info.Assumption, a)
				}
			}
			for _, k := range tc.absent {
				if got, ok := res.Lookup(k); ok {
					t.Errorf("key %s is present (%q); AWS does not map it", k, got)
				}
			}
		})
	}
}

const (
	roleARN = "arn:aws:iam::111122223333:role/R"
	gh      = "token.actions.githubusercontent.com"
)

func claims(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// TestGenericAndEKSKeys covers generic IAM OIDC providers and EKS IRSA
// (spec §5, [S11][S29]).
func TestGenericAndEKSKeys(t *testing.T) {
	const eks = "oidc.eks.us-east-1.amazonaws.com/id/EX"
	runKeyCases(t, []keyCase{
		{name: "§5 generic OIDC maps aud, sub, amr [S11]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://auth.example.com", "aud", "client-1", "sub", "u-1", "amr", []any{"pwd", "mfa"}, "groups", []any{"admins"}, "scope", "openid")},
			present:     map[string][]string{"auth.example.com:aud": {"client-1"}, "auth.example.com:sub": {"u-1"}, "auth.example.com:amr": {"pwd", "mfa"}},
			absent:      []string{"auth.example.com:groups", "auth.example.com:scope", "auth.example.com:iss", "auth.example.com:oaud"},
			assumptions: map[string]string{"auth.example.com:amr": AssumeAmrMulti}},
		{name: "§1.4 generic OIDC with azp: :aud is azp (UNCONFIRMED) [S38f]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://auth.example.com", "aud", "api", "azp", "spa-client", "sub", "u-1")},
			present:     map[string][]string{"auth.example.com:aud": {"spa-client"}, "auth.example.com:azp": {"spa-client"}},
			assumptions: map[string]string{"auth.example.com:aud": AssumeAzpAsAudience}},
		{name: "§1.4 generic OIDC aud array: one value per element (UNCONFIRMED) [S22]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://auth.example.com", "aud", []any{"a", "b"}, "sub", "u-1")},
			present:     map[string][]string{"auth.example.com:aud": {"a", "b"}},
			assumptions: map[string]string{"auth.example.com:aud": AssumeAudArray}},
		{name: "§5 generic OIDC :email is mapped (OBS) [S38o]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://auth.example.com", "aud", "c", "email", "a@example.com")},
			present:     map[string][]string{"auth.example.com:aud": {"c"}, "auth.example.com:email": {"a@example.com"}},
			assumptions: map[string]string{"auth.example.com:email": AssumeEmailKey}},
		{name: "§1.2 trailing-slash provider: keys use the prefix with the slash [S38g]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://auth.example.com/", "aud", "c", "sub", "u")},
			present: map[string][]string{"auth.example.com/:aud": {"c"}, "auth.example.com/:sub": {"u"}},
			absent:  []string{"auth.example.com:aud"}},
		{name: "§5 EKS IRSA maps aud and sub [S29]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+eks, "aud", "sts.amazonaws.com", "sub", "system:serviceaccount:default:my-sa",
			"kubernetes.io", map[string]any{"namespace": "default"})},
			present: map[string][]string{eks + ":aud": {"sts.amazonaws.com"}, eks + ":sub": {"system:serviceaccount:default:my-sa"}},
			absent:  []string{eks + ":kubernetes.io", eks + ":namespace", "oidc.eks.us-east-1.amazonaws.com:sub"}},
	})
}

// TestGitHubKeys covers GitHub Actions, including the 2026 keys and the
// enterprise and GHE.com prefixes (spec §5, §8.1; [S24][S27][S28][S36]).
func TestGitHubKeys(t *testing.T) {
	full := claims("iss", "https://"+gh, "aud", "sts.amazonaws.com", "sub", "repo:octo-org/octo-repo:environment:prod",
		"actor", "octocat", "actor_id", "1", "enterprise_id", "123", "environment", "prod",
		"job_workflow_ref", "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
		"ref", "refs/heads/main", "repository", "octo-org/octo-repo", "repository_id", json.Number("456789"),
		"repository_owner_id", "123", "workflow", "deploy",
		"repository_visibility", "private", "event_name", "push", "repository_owner", "octo-org", "run_id", "7",
		"sha", "abc", "repo_property_team", "x", "runner_environment", "github-hosted")
	present := map[string][]string{}
	for _, k := range []string{"aud", "sub", "actor", "actor_id", "enterprise_id", "environment", "job_workflow_ref", "ref", "repository", "repository_owner_id", "workflow"} {
		v, _ := claimStrings(full, k)
		present[gh+":"+k] = v
	}
	present[gh+":repository_id"] = []string{"456789"}
	absent := []string{}
	for _, k := range []string{"repository_visibility", "event_name", "repository_owner", "run_id", "sha", "iss", "repo_property_team", "runner_environment"} {
		absent = append(absent, gh+":"+k)
	}
	withIss := func(iss string) map[string]any {
		c := claims("iss", iss, "aud", "sts.amazonaws.com", "sub", "repo:o/r:ref:refs/heads/main", "repository", "o/r", "visibility", "x")
		return c
	}
	runKeyCases(t, []keyCase{
		{name: "§5 GitHub aud, sub and the 2026 keys; unsupported claims absent [S24][S28][S36]", req: Request{RoleARN: roleARN, Claims: full}, present: present, absent: absent},
		{name: "§5 GitHub numeric claim written as a JSON number keeps its digits [S27]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh, "repository_id", json.Number("12345678901234567890"))},
			present: map[string][]string{gh + ":repository_id": {"12345678901234567890"}}},
		{name: "§5 GitHub enterprise slug prefix [S24][S27]", req: Request{RoleARN: roleARN, Claims: withIss("https://" + gh + "/octo-ent")},
			present: map[string][]string{gh + "/octo-ent:repository": {"o/r"}, gh + "/octo-ent:sub": {"repo:o/r:ref:refs/heads/main"}},
			absent:  []string{gh + ":repository", gh + "/octo-ent:visibility"}},
		{name: "§5 GitHub github.com/enterprises prefix [S24]", req: Request{RoleARN: roleARN, Claims: withIss("https://github.com/enterprises/octo")},
			present: map[string][]string{"github.com/enterprises/octo:repository": {"o/r"}}},
		{name: "§5 GHE.com prefix [S24][S27]", req: Request{RoleARN: roleARN, Claims: withIss("https://token.actions.octo.ghe.com")},
			present: map[string][]string{"token.actions.octo.ghe.com:repository": {"o/r"}}},
	})
}

// TestCIProviderKeys covers GitLab, Buildkite, CircleCI and OCI (spec §5,
// [S24][S36]).
func TestCIProviderKeys(t *testing.T) {
	const circle = "oidc.circleci.com/org/ORG-1"
	const oci = "idcs-abc123.identity.oraclecloud.com"
	gitlab := []string{"namespace_id", "pipeline_source", "project_id", "ref_protected", "runner_environment", "user_access_level", "user_email", "user_id", "user_login"}
	glClaims := claims("iss", "https://gitlab.com", "aud", "sts.amazonaws.com", "sub", "project_path:g/p:ref_type:branch:ref:main", "project_path", "g/p", "ref", "main")
	glPresent := map[string][]string{"gitlab.com:aud": {"sts.amazonaws.com"}, "gitlab.com:sub": {"project_path:g/p:ref_type:branch:ref:main"}}
	for _, k := range gitlab {
		glClaims[k] = "v-" + k
		glPresent["gitlab.com:"+k] = []string{"v-" + k}
	}
	bk := []string{"build_branch", "cluster_id", "cluster_name", "organization_id", "organization_slug", "pipeline_id", "pipeline_slug"}
	bkClaims := claims("iss", "https://agent.buildkite.com", "aud", "sts.amazonaws.com", "sub", "organization:o:pipeline:p", "build_number", "9", "build_commit", "abc")
	bkPresent := map[string][]string{}
	for _, k := range bk {
		bkClaims[k] = "v-" + k
		bkPresent["agent.buildkite.com:"+k] = []string{"v-" + k}
	}
	runKeyCases(t, []keyCase{
		{name: "§5 GitLab keys (2026) [S24]", req: Request{RoleARN: roleARN, Claims: glClaims}, present: glPresent, absent: []string{"gitlab.com:project_path", "gitlab.com:ref"}},
		{name: "§5 Buildkite keys (2026) [S24]", req: Request{RoleARN: roleARN, Claims: bkClaims}, present: bkPresent, absent: []string{"agent.buildkite.com:build_number", "agent.buildkite.com:build_commit"}},
		{name: "§5 CircleCI project-id key (2026) [S24][S36]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+circle, "aud", "ORG-1", "sub", "org/ORG-1/project/P/user/U",
			"oidc.circleci.com/project-id", "P", "oidc.circleci.com/context-ids", []any{"C"})},
			present: map[string][]string{circle + ":oidc.circleci.com/project-id": {"P"}, circle + ":aud": {"ORG-1"}},
			absent:  []string{circle + ":oidc.circleci.com/context-ids"}},
		{name: "§5 OCI rpst_id key (2026) [S24]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+oci, "aud", "x", "rpst_id", "ocid1.rpst", "tenant", "t")},
			present: map[string][]string{oci + ":rpst_id": {"ocid1.rpst"}}, absent: []string{oci + ":tenant"}},
	})
}

// TestBuiltInProviderKeys covers Cognito, Google, Facebook and Login with
// Amazon (spec §5, §8.4; [S11][S24][S33]).
func TestBuiltInProviderKeys(t *testing.T) {
	const cog, goog = "cognito-identity.amazonaws.com", "accounts.google.com"
	runKeyCases(t, []keyCase{
		{name: "§5 Cognito aud, sub and multivalued amr [S11][S33]", req: Request{Principal: cog, Claims: claims("iss", "https://"+cog, "aud", "us-east-1:pool-A", "sub", "us-east-1:id-1",
			"amr", []any{"authenticated", "accounts.google.com", "accounts.google.com:123"}, "email", "a@example.com")},
			present: map[string][]string{cog + ":aud": {"us-east-1:pool-A"}, cog + ":sub": {"us-east-1:id-1"}, cog + ":amr": {"authenticated", "accounts.google.com", "accounts.google.com:123"}},
			absent:  []string{cog + ":email", cog + ":azp"}},
		{name: "§5 Cognito unauthenticated amr [S33]", req: Request{Principal: cog, Claims: claims("aud", "us-east-1:pool-A", "amr", []any{"unauthenticated"})},
			present: map[string][]string{cog + ":amr": {"unauthenticated"}}},
		{name: "§5 Google with azp: :aud is azp, :oaud is aud [S11]", req: Request{Principal: goog, Claims: claims("iss", "https://accounts.google.com", "aud", "AUD-X", "azp", "AZP-Y", "sub", "1234", "email", "a@example.com")},
			present: map[string][]string{goog + ":aud": {"AZP-Y"}, goog + ":oaud": {"AUD-X"}, goog + ":sub": {"1234"}},
			absent:  []string{goog + ":azp", goog + ":email"}},
		{name: "§5 Google without azp: :aud is aud [S11]", req: Request{Principal: goog, Claims: claims("iss", "accounts.google.com", "aud", "AUD-X", "sub", "1234")},
			present: map[string][]string{goog + ":aud": {"AUD-X"}, goog + ":oaud": {"AUD-X"}}},
		{name: "§5 Google organization number from the google claim (2026) [S24]", req: Request{Principal: goog, Claims: claims("aud", "A", "google", map[string]any{"organization_number": json.Number("123456789012")})},
			present: map[string][]string{goog + ":google/organization_number": {"123456789012"}}},
		{name: "§5 Facebook app_id and id [S11]", req: Request{Principal: "graph.facebook.com", Claims: claims("app_id", "111222333444555", "id", "u-9", "aud", "ignored", "email", "x")},
			present: map[string][]string{"graph.facebook.com:app_id": {"111222333444555"}, "graph.facebook.com:id": {"u-9"}},
			absent:  []string{"graph.facebook.com:aud", "graph.facebook.com:sub", "graph.facebook.com:email"}},
		{name: "§5 Login with Amazon app_id and user_id [S11]", req: Request{Principal: "www.amazon.com", Claims: claims("app_id", "amzn1.application.1", "user_id", "amzn1.account.2", "sub", "s")},
			present: map[string][]string{"www.amazon.com:app_id": {"amzn1.application.1"}, "www.amazon.com:user_id": {"amzn1.account.2"}},
			absent:  []string{"www.amazon.com:sub", "www.amazon.com:aud"}},
	})
}

// TestSessionKeys covers session tags and source identity (spec §3, §4.6;
// [S16][S17][S24]).
func TestSessionKeys(t *testing.T) {
	tags := map[string]any{"principal_tags": map[string]any{"team": []any{"platform"}, "Cost": []any{"42"}}, "transitive_tag_keys": []any{"team"}}
	runKeyCases(t, []keyCase{
		{name: "§4.6 session tags become aws:RequestTag, aws:TagKeys and sts:TransitiveTagKeys [S16][S24]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh, TagsClaim, tags)},
			present: map[string][]string{"aws:RequestTag/team": {"platform"}, "aws:requesttag/cost": {"42"}, "aws:TagKeys": {"Cost", "team"}, "sts:TransitiveTagKeys": {"team"}},
			absent:  []string{gh + ":https://aws.amazon.com/tags", "sts:SourceIdentity"}},
		{name: "§4.6 source identity becomes sts:SourceIdentity [S17][S24]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh, SourceIdentityClaim, "alice")},
			present: map[string][]string{"sts:SourceIdentity": {"alice"}}, absent: []string{"aws:TagKeys"}},
		{name: "§4.6 context keys are passed through, lists stay lists [S21][S24]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh),
			Context: map[string]StringList{"sts:RoleSessionName": {"gha-42"}, "aws:SourceIp": {"203.0.113.7"}, "x:list": {"a", "b"}}},
			present: map[string][]string{"sts:rolesessionname": {"gha-42"}, "aws:SourceIp": {"203.0.113.7"}, "x:list": {"a", "b"}},
			absent:  []string{"aws:SourceVpce", "aws:FederatedProvider", "aws:PrincipalTag/team"}},
	})
}

// TestProviderKeySources: every key mapped from a claim names it as its
// source, "claim NAME" (claimSources holds these texts made once).
func TestProviderKeySources(t *testing.T) {
	for kind, claims := range claimKeys {
		values := map[string]any{"google": map[string]any{"organization_number": "1"}}
		for _, c := range claims {
			values[c] = "v"
		}
		keys := providerKeys(Provider{Kind: kind, KeyPrefix: "p"}, values)
		if len(keys) == 0 {
			t.Fatalf("%s: no keys", kind)
		}
		for _, k := range keys {
			if want := "claim " + strings.TrimPrefix(k.Name, "p:"); k.Source != want {
				t.Errorf("%s: key %s has source %q, want %q", kind, k.Name, k.Source, want)
			}
		}
	}
}
