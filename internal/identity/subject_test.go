package identity

import (
	"strings"
	"testing"
)

// TestGitHubContext covers the suffix of GitHub's default sub, which is
// also the "context" of a subject template (spec §8.1, [S27]).
func TestGitHubContext(t *testing.T) {
	cases := []struct {
		name, kind, value, want, err string
	}{
		{"§8.1 branch [S27]", GitHubBranch, "main", "ref:refs/heads/main", ""},
		{"§8.1 branch given as a full ref [S27]", GitHubBranch, "refs/heads/main", "ref:refs/heads/main", ""},
		{"§8.1 tag [S27]", GitHubTag, "v1", "ref:refs/tags/v1", ""},
		{"§8.1 environment [S27]", GitHubEnvironment, "prod", "environment:prod", ""},
		{"§8.1 ':' in a value is written %3A [S27]", GitHubEnvironment, "Production:V1", "environment:Production%3AV1", ""},
		{"§8.1 pull request [S27]", GitHubPullRequest, "", "pull_request", ""},
		{"§8.1 bare ref is a branch [S27]", GitHubRef, "main", "ref:refs/heads/main", ""},
		{"§8.1 empty environment is refused [S27]", GitHubEnvironment, "", "", "must not be empty"},
		{"§8.1 unknown kind is refused [S27]", "workflow", "x", "", "is not one of"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := GitHubContext(tc.kind, tc.value)
			switch {
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("GitHubContext(%q, %q) error = %v, want one containing %q", tc.kind, tc.value, err, tc.err)
			case tc.err == "" && (err != nil || got != tc.want):
				t.Errorf("GitHubContext(%q, %q) = %q, %v; want %q", tc.kind, tc.value, got, err, tc.want)
			}
		})
	}
}

// TestGitHubTemplateSubject covers customised subjects: KEY:VALUE pairs in
// template order, "repo" in its short form and "context" as the default
// suffix (spec §8.1, [S27]).
func TestGitHubTemplateSubject(t *testing.T) {
	values := map[string]string{
		"repo":             "octo-org/octo-repo",
		"context":          "environment:prod",
		"job_workflow_ref": "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
		"repository_owner": "monalisa",
		"environment":      "Production:V1",
	}
	cases := []struct {
		name string
		keys []string
		want string
	}{
		{"§8.1 default template is repo then context [S27]", []string{"repo", "context"}, "repo:octo-org/octo-repo:environment:prod"},
		{"§8.1 documented customised example [S27]", []string{"repo", "context", "job_workflow_ref"},
			"repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main"},
		{"§8.1 keys in template order [S27]", []string{"repository_owner", "repo"}, "repository_owner:monalisa:repo:octo-org/octo-repo"},
		{"§8.1 ':' in a claim value is written %3A [S27]", []string{"environment"}, "environment:Production%3AV1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := GitHubTemplateSubject(tc.keys, func(k string) string { return values[k] }); got != tc.want {
				t.Errorf("GitHubTemplateSubject(%q) = %q, want %q", tc.keys, got, tc.want)
			}
		})
	}
	if got, want := GitHubDefaultSubject("octo-org/octo-repo", "pull_request"), "repo:octo-org/octo-repo:pull_request"; got != want {
		t.Errorf("GitHubDefaultSubject = %q, want %q", got, want)
	}
	for _, kind := range []string{GitHubBranch, GitHubTag, GitHubEnvironment, GitHubPullRequest} {
		sub, _ := GitHubSubject("octo-org/octo-repo", kind, "a:b")
		ctx, _ := GitHubContext(kind, "a:b")
		if want := GitHubDefaultSubject("octo-org/octo-repo", ctx); sub != want {
			t.Errorf("GitHubSubject(%s) = %q, want the default template %q", kind, sub, want)
		}
	}
}

// TestGitHubSubjectClaim: SubjectClaim is the sub of Request's claims, and
// fails when and as Request does.
func TestGitHubSubjectClaim(t *testing.T) {
	for _, b := range []GitHubActions{
		{Repository: "octo/app", Ref: "main"},
		{Repository: "octo/app", Ref: "refs/tags/v1"},
		{Repository: "octo/app", Environment: "prod"},
		{Repository: "octo/app", PullRequest: true},
		{Repository: "octo/app", Subject: "repo:octo/app:custom"},
		{Repository: "octo/app", Ref: "main", Claims: map[string]string{"sub": "replaced", "workflow": "ci"}},
		{Repository: "octo/app", Environment: "prod", Claims: map[string]string{"environment": "other"}},
		{Repository: "not a repository", Ref: "main"},
		{Repository: "not a repository", Subject: "repo:x:y"},
		{Repository: "not a repository", Ref: "main", Claims: map[string]string{"sub": "replaced"}},
		{Repository: "octo/app"},
		{Repository: "octo/app", Ref: "main", Environment: "prod"},
		{Repository: "octo/app", Environment: "bad:name"},
	} {
		sub, err := b.SubjectClaim()
		req, rerr := b.Request("arn:aws:iam::111122223333:role/x")
		if (err == nil) != (rerr == nil) || err != nil && err.Error() != rerr.Error() {
			t.Errorf("%+v: SubjectClaim error %v, Request error %v", b, err, rerr)
			continue
		}
		if rerr == nil && sub != req.Claims["sub"] {
			t.Errorf("%+v: SubjectClaim = %q, Request's sub %q", b, sub, req.Claims["sub"])
		}
	}
}
