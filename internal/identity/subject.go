package identity

import (
	"fmt"
	"strings"
)

// EKSSubject returns the sub claim of an EKS service-account token:
// system:serviceaccount:NAMESPACE:NAME (aws-reference.md#eks-service-account-subjects).
func EKSSubject(namespace, serviceAccount string) (string, error) {
	if err := checkKubernetesName("namespace", namespace); err != nil {
		return "", err
	}
	if err := checkKubernetesName("service account", serviceAccount); err != nil {
		return "", err
	}
	return "system:serviceaccount:" + namespace + ":" + serviceAccount, nil
}

func checkKubernetesName(what, v string) error {
	if v == "" {
		return fmt.Errorf("%s must not be empty", what)
	}
	if strings.ContainsAny(v, ": ") {
		return fmt.Errorf("%s %q must not contain ':' or spaces; Kubernetes names are DNS labels such as \"payments\"", what, v)
	}
	return nil
}

// GitHub subject kinds accepted by GitHubSubject.
const (
	GitHubBranch      = "branch"
	GitHubTag         = "tag"
	GitHubEnvironment = "environment"
	GitHubPullRequest = "pull_request"
	GitHubRef         = "ref"
)

// GitHubSubject returns the default sub claim GitHub Actions issues
// (aws-reference.md#github-actions-subjects): repo:OWNER/REPO:environment:ENV,
// repo:OWNER/REPO:pull_request, repo:OWNER/REPO:ref:refs/heads/BRANCH or
// repo:OWNER/REPO:ref:refs/tags/TAG. A ':' inside a value is written %3A.
// kind "ref" takes a full ref (refs/heads/x, refs/tags/x or a bare branch).
func GitHubSubject(repository, kind, value string) (string, error) {
	if err := checkRepository(repository); err != nil {
		return "", err
	}
	context, err := GitHubContext(kind, value)
	if err != nil {
		return "", err
	}
	return GitHubDefaultSubject(repository, context), nil
}

// GitHubContext returns the part of GitHub's default sub claim after the
// repository, the "context" of a subject template (aws-reference.md#github-actions-subjects):
// environment:ENV, pull_request, ref:refs/heads/BRANCH or
// ref:refs/tags/TAG, with a ':' inside a value written %3A. kind is one of
// the GitHub* kinds; the value must not be empty except for pull_request.
func GitHubContext(kind, value string) (string, error) {
	switch kind {
	case GitHubPullRequest:
		return "pull_request", nil
	case GitHubEnvironment:
		if value == "" {
			return "", fmt.Errorf("environment name must not be empty")
		}
		return "environment:" + encodeColons(value), nil
	case GitHubBranch:
		if value == "" {
			return "", fmt.Errorf("branch name must not be empty")
		}
		return "ref:refs/heads/" + encodeColons(strings.TrimPrefix(value, "refs/heads/")), nil
	case GitHubTag:
		if value == "" {
			return "", fmt.Errorf("tag name must not be empty")
		}
		return "ref:refs/tags/" + encodeColons(strings.TrimPrefix(value, "refs/tags/")), nil
	case GitHubRef:
		return "ref:" + encodeColons(FullRef(value)), nil
	}
	return "", fmt.Errorf("kind %q is not one of branch, tag, environment, pull_request", kind)
}

// Keys of a GitHub subject template with a meaning of their own: "repo"
// renders repo:OWNER/REPO, "context" the default subject's suffix
// (aws-reference.md#github-actions-subjects). Any other key renders KEY:VALUE.
const (
	GitHubTemplateRepo    = "repo"
	GitHubTemplateContext = "context"
)

// GitHubDefaultSubject returns the default sub for a repository (OWNER/REPO)
// and a context (see GitHubContext, used as given): the template
// ["repo", "context"] (aws-reference.md#github-actions-subjects).
func GitHubDefaultSubject(repository, context string) string {
	return GitHubTemplateSubject([]string{GitHubTemplateRepo, GitHubTemplateContext}, func(key string) string {
		if key == GitHubTemplateRepo {
			return repository
		}
		return context
	})
}

// GitHubTemplateSubject returns the sub claim of a customised subject
// template (include_claim_keys, aws-reference.md#github-actions-subjects): for each key in
// template order KEY:VALUE, with a ':' inside the value written %3A, joined
// by ':'. value gives each key's claim value: OWNER/REPO for "repo", and
// for "context" the default subject's suffix (GitHubContext), which is
// written as given. It does not check the values.
func GitHubTemplateSubject(keys []string, value func(key string) string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		v := value(k)
		if k == GitHubTemplateContext {
			parts[i] = v
			continue
		}
		parts[i] = k + ":" + encodeColons(v)
	}
	return strings.Join(parts, ":")
}

// FullRef turns a bare branch name into refs/heads/NAME; full refs are kept.
func FullRef(ref string) string {
	if strings.HasPrefix(ref, "refs/") {
		return ref
	}
	return "refs/heads/" + ref
}

func encodeColons(v string) string { return strings.ReplaceAll(v, ":", "%3A") }

// EncodeColons writes a value the way GitHub writes it inside a subject
// claim (':' as %3A); redaction uses it to find a sensitive value inside
// a subject.
func EncodeColons(v string) string { return encodeColons(v) }

func checkRepository(repo string) error {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") || strings.ContainsAny(repo, ": ") {
		return fmt.Errorf("repository %q must have the form OWNER/REPO, for example \"octo-org/octo-repo\"", repo)
	}
	return nil
}
