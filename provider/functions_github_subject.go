package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

var _ function.Function = (*GitHubSubjectFunction)(nil)

// GitHubSubjectFunction is provider::stsguard::github_subject(repository,
// kind, value): the default sub claim of a GitHub Actions token.
type GitHubSubjectFunction struct{}

// NewGitHubSubjectFunction returns the github_subject function.
func NewGitHubSubjectFunction() function.Function {
	return &GitHubSubjectFunction{}
}

// Metadata names the function.
func (f *GitHubSubjectFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "github_subject"
}

// Definition declares the parameters and the string result.
func (f *GitHubSubjectFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The sub claim of a GitHub Actions OIDC token",
		Description: "Returns the default sub claim GitHub Actions puts in a workflow's OIDC token: " +
			"repo:OWNER/REPO:ref:refs/heads/BRANCH for a branch, repo:OWNER/REPO:ref:refs/tags/TAG for a tag, " +
			"repo:OWNER/REPO:environment:NAME for a job that uses an environment (it takes precedence over the branch), " +
			"and repo:OWNER/REPO:pull_request for a pull_request event. A ':' inside a value is written %3A, as GitHub does.",
		MarkdownDescription: "Returns the default `sub` claim GitHub Actions puts in a workflow's OIDC token:\n\n" +
			"| kind | sub |\n|---|---|\n" +
			"| `branch` | `repo:OWNER/REPO:ref:refs/heads/BRANCH` |\n" +
			"| `tag` | `repo:OWNER/REPO:ref:refs/tags/TAG` |\n" +
			"| `environment` | `repo:OWNER/REPO:environment:NAME` (takes precedence over the branch when the job uses an environment) |\n" +
			"| `pull_request` | `repo:OWNER/REPO:pull_request` |\n\n" +
			"A `:` inside a value is written `%3A`, as GitHub does. Repositories with a customized subject template are not covered.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "repository",
				Description:         "The repository as OWNER/REPO, for example octo-org/octo-repo.",
				MarkdownDescription: "The repository as `OWNER/REPO`, for example `octo-org/octo-repo`.",
			},
			function.StringParameter{
				Name:                "kind",
				Description:         "What the workflow runs for: branch, tag, environment or pull_request.",
				MarkdownDescription: "What the workflow runs for: `branch`, `tag`, `environment` or `pull_request`.",
			},
			function.StringParameter{
				Name: "value",
				Description: "The branch name (main or refs/heads/main), tag name, or environment name. " +
					"Ignored for pull_request; pass \"\".",
				MarkdownDescription: "The branch name (`main` or `refs/heads/main`), tag name, or environment name. " +
					"Ignored for `pull_request`; pass `\"\"`.",
			},
		},
		Return: function.StringReturn{},
	}
}

// Run builds the subject with identity.GitHubSubject.
func (f *GitHubSubjectFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	defer func() { resp.Error = safeFuncError(resp.Error) }()
	var repository, kind, value string
	if resp.Error = req.Arguments.Get(ctx, &repository, &kind, &value); resp.Error != nil {
		return
	}
	subject, err := identity.GitHubSubject(repository, kind, value)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(githubSubjectFaultyArgument(repository, kind), err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, subject)
}

// githubSubjectFaultyArgument returns the position of the argument the
// engine refused, by asking it again with the later arguments replaced by
// values it always accepts: the repository when even a pull_request subject
// is refused, the kind when any value is refused, else the value.
func githubSubjectFaultyArgument(repository, kind string) int64 {
	if _, err := identity.GitHubSubject(repository, identity.GitHubPullRequest, ""); err != nil {
		return 0
	}
	if _, err := identity.GitHubSubject(repository, kind, "main"); err != nil {
		return 1
	}
	return 2
}
