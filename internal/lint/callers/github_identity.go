package callers

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// GitHubToken describes one OIDC token a GitHub Actions job of a
// repository is issued, as far as its reader knows it: a plan variable
// (any workflow of the repository) or a workflow job (its trigger and
// environment).
type GitHubToken struct {
	// Repository is OWNER/REPO; RepoName the repository's name as the
	// plan names it (its subject template is looked up by it) and RepoRes
	// the github_repository of the plan, when there is one.
	Repository, RepoName string
	RepoRes              *tfplan.Resource
	// OwnerUnknown is true when the owner in Repository is a stand-in.
	OwnerUnknown bool
	// Environment is the job's deployment environment (it wins over the
	// ref for the sub claim), else PullRequest is true for pull request
	// events; Ref is the ref claim (a full ref, "" when unknown).
	Environment string
	PullRequest bool
	Ref         string
	// ContextPattern is a glob of the contexts (the part of the default
	// sub after the repository) the token may carry; "" means exactly the
	// context built from Environment, PullRequest and Ref.
	ContextPattern string
	// Claims are further claims (job_workflow_ref, workflow); Audience is
	// the aud claim ("" for sts.amazonaws.com).
	Claims   map[string]string
	Audience string
	// Guessed and Patterns are passed to the identity (model.Identity).
	Guessed  []string
	Patterns map[string]string
}

// GitHubIdentity builds the identity of a GitHub Actions token on a side
// of the plan, with the sub claim GitHub builds for it: its default
// subject, or the repository's (or organization's) subject claim template
// when the plan sets one (docs/guides/aws-reference.md#github-actions-subjects).
// It returns the notes to record on the caller side and the template
// resources the sub is read from.
func GitHubIdentity(w *model.World, s tfplan.Side, t GitHubToken) (*model.Identity, []string, []*tfplan.Resource, error) {
	src := &source{World: w}
	var context string
	var err error
	switch {
	case t.Environment != "":
		context, err = identity.GitHubContext(identity.GitHubEnvironment, t.Environment)
	case t.PullRequest:
		context, err = identity.GitHubContext(identity.GitHubPullRequest, "")
	default:
		context, err = identity.GitHubContext(identity.GitHubRef, t.Ref)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	contextPattern := t.ContextPattern
	if contextPattern == "" {
		contextPattern = context
	}
	claims := map[string]string{}
	for k, v := range t.Claims {
		claims[k] = v
	}
	if t.Ref != "" && (t.Environment != "" || t.PullRequest) {
		claims["ref"] = t.Ref
	}
	b := identity.GitHubActions{Repository: t.Repository, Claims: claims, Audience: t.Audience}
	switch {
	case t.Environment != "":
		b.Environment = t.Environment
	case t.PullRequest:
		b.PullRequest = true
	default:
		b.Ref = t.Ref
	}
	patterns := map[string]string{"sub": identity.GitHubDefaultSubject(t.Repository, contextPattern)}
	for k, v := range t.Patterns {
		patterns[k] = v
	}
	guessed := append([]string(nil), t.Guessed...)
	var notes []string
	via := src.templatesFor(t.RepoName)
	if keys, from := src.subjectTemplate(t.RepoName, s); keys != nil {
		sub, pattern, unknown := customSubject(keys, t, context, contextPattern, s)
		patterns["sub"] = pattern
		for _, k := range unknown {
			guessed = append(guessed, fmt.Sprintf("the subject template (%s) includes %q, which the linter does not know", from, k))
		}
		if t.Environment != "" {
			claims["environment"] = t.Environment
		}
		if t.Ref != "" {
			claims["ref"] = t.Ref
		}
		b = identity.GitHubActions{Repository: t.Repository, Subject: sub, Claims: claims, Audience: t.Audience}
		notes = append(notes, fmt.Sprintf("sub built from the subject claim template of %s", from))
	}
	if t.OwnerUnknown {
		for k, p := range patterns {
			patterns[k] = strings.ReplaceAll(p, unknownOwner, "*")
		}
	}
	sub, err := b.SubjectClaim()
	if err != nil {
		return nil, nil, via, err
	}
	return &model.Identity{Kind: model.KindGitHubActions, Subject: sub, Binding: b, Guessed: guessed, Patterns: patterns}, notes, via, nil
}

// customSubject renders a customised sub with identity.GitHubTemplateSubject
// (docs/guides/aws-reference.md#github-actions-subjects): "repo" is
// OWNER/REPO and "context" the default subject's suffix. It returns the
// subject with its best-guess values, the same as a pattern with '*' for
// every unknown value (or the token's own pattern of the claim), and the
// keys whose values are unknown.
func customSubject(keys []string, t GitHubToken, context, contextPattern string, s tfplan.Side) (sub, pattern string, unknown []string) {
	owner, _, _ := strings.Cut(t.Repository, "/")
	values, patterns := map[string]string{}, map[string]string{}
	for _, k := range keys {
		v, known := "", true
		switch k {
		case identity.GitHubTemplateRepo, "repository":
			v = t.Repository
		case identity.GitHubTemplateContext:
			v = context
		case "repository_owner":
			v = owner
		case "environment":
			v, known = t.Environment, t.Environment != ""
		case "ref":
			v, known = t.Ref, t.Ref != ""
		case "repository_id":
			if t.RepoRes != nil {
				if id, ok := tfplan.Get(t.RepoRes.Values(s), "repo_id"); ok && id != nil && !t.RepoRes.UnknownAt(s, "repo_id") {
					v = strings.Trim(tfplan.IndexKey(id), `"`)
				}
			}
			known = v != ""
		default:
			v, known = t.Claims[k]
		}
		if !known {
			v = "unknown"
		}
		values[k] = v
		switch {
		case k == identity.GitHubTemplateContext:
			patterns[k] = contextPattern
		case t.Patterns[k] != "":
			patterns[k] = t.Patterns[k]
		case !known:
			unknown = append(unknown, k)
			patterns[k] = "*"
		default:
			patterns[k] = condition.EscapeGlob(v)
		}
	}
	sub = identity.GitHubTemplateSubject(keys, func(k string) string { return values[k] })
	pattern = identity.GitHubTemplateSubject(keys, func(k string) string { return patterns[k] })
	return sub, pattern, unknown
}
