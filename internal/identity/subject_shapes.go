package identity

import "github.com/stsguard/terraform-provider-stsguard/internal/condition"

// SubjectShapes returns the languages of the sub claims an issuer can
// mint, for the issuers whose subjects have a documented shape, and a
// note saying what the shapes assume (nil for other issuers):
//
//   - GitHub Actions, default subject template
//     (aws-reference.md#github-actions-subjects):
//     repo:OWNER/REPO:environment:NAME, repo:OWNER/REPO:pull_request,
//     repo:OWNER/REPO:ref:refs/heads/BRANCH, repo:OWNER/REPO:ref:refs/tags/TAG.
//     Owner names take letters, digits and '-', repository names also '.'
//     and '_'; a ':' inside an environment name is written %3A and Git
//     refs cannot contain one.
//   - EKS service accounts (aws-reference.md#eks-service-account-subjects):
//     system:serviceaccount:NAMESPACE:NAME, where Kubernetes namespaces
//     are DNS labels and service account names DNS subdomains (lower-case
//     letters, digits, '-' and, in names, '.').
//
// The classes are supersets of what the issuers allow, so a pattern that
// matches none of the shapes matches no real token.
func SubjectShapes(kind Kind) ([]condition.Language, string) {
	switch kind {
	case KindGitHub:
		head := condition.Language{{Literal: "repo:"}, {Class: githubOwnerRune}, {Literal: "/"}, {Class: githubRepoRune}, {Literal: ":"}}
		with := func(tail ...condition.Part) condition.Language {
			return append(append(condition.Language{}, head...), tail...)
		}
		return []condition.Language{
				with(condition.Part{Literal: "environment:"}, condition.Part{Class: notColon}),
				with(condition.Part{Literal: "pull_request"}),
				with(condition.Part{Literal: "ref:refs/heads/"}, condition.Part{Class: notColon}),
				with(condition.Part{Literal: "ref:refs/tags/"}, condition.Part{Class: notColon}),
			}, "GitHub's default subject template (repo:OWNER/REPO:CONTEXT); a repository or organisation that customises its subject " +
				"claims outside this plan mints other subjects"
	case KindEKS:
		return []condition.Language{{{Literal: "system:serviceaccount:"}, {Class: kubernetesLabelRune}, {Literal: ":"}, {Class: kubernetesNameRune}}},
			"Kubernetes naming rules for namespaces and service accounts"
	}
	return nil, ""
}

func githubOwnerRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-'
}

func githubRepoRune(r rune) bool { return githubOwnerRune(r) || r == '.' || r == '_' }

func notColon(r rune) bool { return r != ':' }

func kubernetesLabelRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-'
}

func kubernetesNameRune(r rune) bool { return kubernetesLabelRune(r) || r == '.' }
