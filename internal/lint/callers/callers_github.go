package callers

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// githubValueTypes lists the integrations/github resources whose value can
// hand a role ARN to a workflow, with the attribute holding the value and
// whether they belong to a deployment environment.
var githubValueTypes = []struct {
	typ, attr   string
	environment bool
}{
	{"github_actions_variable", "value", false},
	{"github_actions_secret", "plaintext_value", false},
	{"github_actions_environment_variable", "value", true},
	{"github_actions_environment_secret", "plaintext_value", true},
}

// unknownOwner stands for a repository owner the plan does not name.
const unknownOwner = "unknown-owner"

// Template names of the subject claim customization resources.
const (
	repoTemplateType = "github_actions_repository_oidc_subject_claim_customization_template"
	orgTemplateType  = "github_actions_organization_oidc_subject_claim_customization_template"
)

// githubCallers reads Actions variables and secrets whose value is a role
// ARN (or refers to a role): a workflow of that repository (in that
// environment) assumes the role with its OIDC token. Repository-level
// values are taken to be used on the repository's default branch.
func (w *source) githubCallers() []*model.Caller {
	var out []*model.Caller
	for _, gt := range githubValueTypes {
		for _, r := range w.Plan.OfType(gt.typ) {
			gt := gt
			c := &model.Caller{Res: r, Label: r.Address, Kind: model.KindGitHubActions}
			c.Side = sides(r, func(s tfplan.Side) *model.CallerSide {
				role, note := trimmedRole(w.Plan.Value(r, s, gt.attr))
				if role.Absent || !w.NamesRole(role) {
					return nil
				}
				return addNote(w.githubSide(r, s, role, gt.environment), note)
			})
			if c.HasSide() {
				out = append(out, c)
			}
		}
	}
	return out
}

func (w *source) githubSide(r *tfplan.Resource, s tfplan.Side, role tfplan.Value, inEnvironment bool) *model.CallerSide {
	cs := &model.CallerSide{Role: role, Via: []*tfplan.Resource{r}}
	repoV := w.Plan.Value(r, s, "repository")
	repoName, fullName, repoRes := w.GitHubRepository(repoV, s)
	if repoRes != nil {
		cs.Via = append(cs.Via, repoRes)
	}
	if repoName == "" {
		cs.Missing = append(cs.Missing, fmt.Sprintf("the repository of %s is known only after apply (%s)", r.Address, repoV.Show()))
		return cs
	}
	var guessed []string
	ownerUnknown := false
	if fullName == "" {
		owner := w.GitHubOwner(r)
		if owner == "" {
			owner, ownerUnknown = unknownOwner, true
			guessed = append(guessed, "the repository owner is not in the plan (set owner in the github provider block)")
		}
		fullName = owner + "/" + repoName
	}
	b := identity.GitHubActions{Repository: fullName}
	var context, contextPattern string
	var err error
	if inEnvironment {
		env := w.Plan.Value(r, s, "environment")
		if !env.Known {
			cs.Missing = append(cs.Missing, fmt.Sprintf("the environment of %s is known only after apply (%s)", r.Address, env.Show()))
			return cs
		}
		b.Environment = env.S
		context, err = identity.GitHubContext(identity.GitHubEnvironment, env.S)
		contextPattern = context
	} else {
		branch := "main"
		if repoRes != nil {
			if db, ok := repoRes.StringAt(s, "default_branch"); ok && db != "" && !repoRes.UnknownAt(s, "default_branch") {
				branch = db
			}
		}
		guessed = append(guessed, fmt.Sprintf("a repository-level value is assumed to be used by workflows on the default branch %q", branch))
		b.Ref = "refs/heads/" + branch
		context, err = identity.GitHubContext(identity.GitHubBranch, branch)
		// The variable is visible to every workflow of the repository:
		// any branch, tag, pull request or environment.
		contextPattern = "*"
	}
	if err != nil {
		cs.Missing = append(cs.Missing, fmt.Sprintf("%s: %v", r.Address, err))
		return cs
	}
	patterns := map[string]string{"sub": identity.GitHubDefaultSubject(fullName, contextPattern)}
	if !inEnvironment {
		patterns["ref"], patterns["environment"] = "*", "*"
	}
	cs.Via = append(cs.Via, w.templatesFor(repoName)...)
	if keys, from := w.subjectTemplate(repoName, s); keys != nil {
		sub, pattern, unknown := customSubject(keys, fullName, context, contextPattern, b, repoRes, s)
		patterns["sub"] = pattern
		for _, k := range unknown {
			guessed = append(guessed, fmt.Sprintf("the subject template (%s) includes %q, which the plan does not know", from, k))
		}
		claims := map[string]string{}
		if b.Environment != "" {
			claims["environment"] = b.Environment
		}
		if b.Ref != "" {
			claims["ref"] = b.Ref
		}
		b = identity.GitHubActions{Repository: fullName, Subject: sub, Claims: claims}
		cs.Notes = append(cs.Notes, fmt.Sprintf("sub built from the subject claim template of %s", from))
	}
	if ownerUnknown {
		for k, p := range patterns {
			patterns[k] = strings.ReplaceAll(p, unknownOwner, "*")
		}
	}
	req, err := b.Request("arn:aws:iam::000000000000:role/x")
	if err != nil {
		cs.Missing = append(cs.Missing, fmt.Sprintf("%s: %v", r.Address, err))
		return cs
	}
	sub, _ := req.Claims["sub"].(string)
	cs.Identities = []*model.Identity{{Kind: model.KindGitHubActions, Subject: sub, Binding: b, Guessed: guessed, Patterns: patterns}}
	return cs
}

// templatesFor lists the subject template resources that apply to a
// repository (on either side).
func (w *source) templatesFor(repo string) []*tfplan.Resource {
	var out []*tfplan.Resource
	for _, r := range w.Plan.OfType(repoTemplateType) {
		for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
			if name, _ := r.StringAt(s, "repository"); name == repo && r.Exists(s) {
				out = append(out, r)
				break
			}
		}
	}
	return append(out, w.Plan.OfType(orgTemplateType)...)
}

// subjectTemplate returns the claim keys of the customised subject used by
// a repository's workflows (nil for GitHub's default subject): the
// repository's own template; use_default = false without keys means the
// organization's template (GitHub: repositories opt in to it).
func (w *source) subjectTemplate(repo string, s tfplan.Side) ([]string, string) {
	for _, r := range w.Plan.OfType(repoTemplateType) {
		if !r.Exists(s) {
			continue
		}
		if name, _ := r.StringAt(s, "repository"); name != repo {
			continue
		}
		if r.BoolAt(s, false, "use_default") {
			return nil, ""
		}
		if keys := r.StringsAt(s, "include_claim_keys"); len(keys) > 0 {
			return keys, r.Address
		}
		for _, org := range w.Plan.OfType(orgTemplateType) {
			if org.Exists(s) {
				if keys := org.StringsAt(s, "include_claim_keys"); len(keys) > 0 {
					return keys, org.Address + " (through " + r.Address + ")"
				}
			}
		}
		return nil, ""
	}
	return nil, ""
}

// customSubject renders a customised sub with identity.GitHubTemplateSubject
// (docs/guides/aws-reference.md#github-actions-subjects): "repo" is OWNER/REPO and "context" the default subject's
// suffix. It returns the subject with its best-guess values, the same as a
// pattern with '*' for every unknown value, and the keys whose values are
// unknown.
func customSubject(keys []string, fullName, context, contextPattern string, b identity.GitHubActions, repo *tfplan.Resource, s tfplan.Side) (sub, pattern string, unknown []string) {
	owner, _, _ := strings.Cut(fullName, "/")
	values, patterns := map[string]string{}, map[string]string{}
	for _, k := range keys {
		v, known := "", true
		switch k {
		case identity.GitHubTemplateRepo, "repository":
			v = fullName
		case identity.GitHubTemplateContext:
			v = context
		case "repository_owner":
			v = owner
		case "environment":
			v, known = b.Environment, b.Environment != ""
		case "ref":
			v = b.Ref
		case "repository_id":
			if repo != nil {
				if id, ok := tfplan.Get(repo.Values(s), "repo_id"); ok && id != nil && !repo.UnknownAt(s, "repo_id") {
					v = strings.Trim(tfplan.IndexKey(id), `"`)
				}
			}
			if v == "" {
				v, known = "unknown", false
			}
		default:
			v, known = "unknown", false
		}
		values[k] = v
		switch {
		case k == identity.GitHubTemplateContext:
			patterns[k] = contextPattern
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
