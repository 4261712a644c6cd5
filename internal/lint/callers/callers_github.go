package callers

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// githubValueTypes lists the integrations/github resources whose value can
// hand a role ARN to a workflow, with the attribute holding the value and
// whether they belong to a deployment environment, the attribute naming
// them and the workflow context they are read from (${{ vars.NAME }},
// ${{ secrets.NAME }}).
var githubValueTypes = []struct {
	typ, attr   string
	environment bool
	nameAttr    string
	context     string
}{
	{"github_actions_variable", "value", false, "variable_name", "vars"},
	{"github_actions_secret", "plaintext_value", false, "secret_name", "secrets"},
	{"github_actions_environment_variable", "value", true, "variable_name", "vars"},
	{"github_actions_environment_secret", "plaintext_value", true, "secret_name", "secrets"},
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
	t := GitHubToken{Repository: fullName, RepoName: repoName, RepoRes: repoRes, Guessed: guessed, OwnerUnknown: ownerUnknown}
	if inEnvironment {
		env := w.Plan.Value(r, s, "environment")
		if !env.Known {
			cs.Missing = append(cs.Missing, fmt.Sprintf("the environment of %s is known only after apply (%s)", r.Address, env.Show()))
			return cs
		}
		t.Environment = env.S
	} else {
		branch := "main"
		if repoRes != nil {
			if db, ok := repoRes.StringAt(s, "default_branch"); ok && db != "" && !repoRes.UnknownAt(s, "default_branch") {
				branch = db
			}
		}
		t.Guessed = append(t.Guessed, fmt.Sprintf("a repository-level value is assumed to be used by workflows on the default branch %q", branch))
		t.Ref = "refs/heads/" + branch
		// The variable is visible to every workflow of the repository:
		// any branch, tag, pull request or environment.
		t.ContextPattern = "*"
		t.Patterns = map[string]string{"ref": "*", "environment": "*"}
	}
	id, notes, via, err := GitHubIdentity(w.World, s, t)
	cs.Via = append(cs.Via, via...)
	if err != nil {
		cs.Missing = append(cs.Missing, fmt.Sprintf("%s: %v", r.Address, err))
		return cs
	}
	cs.Notes = append(cs.Notes, notes...)
	cs.Identities = []*model.Identity{id}
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
			return keys, w.Addr(r)
		}
		for _, org := range w.Plan.OfType(orgTemplateType) {
			if org.Exists(s) {
				if keys := org.StringsAt(s, "include_claim_keys"); len(keys) > 0 {
					return keys, w.Addr(org) + " (through " + w.Addr(r) + ")"
				}
			}
		}
		return nil, ""
	}
	return nil, ""
}

// GitHubValue finds the value a workflow reads as ${{ CONTEXT.NAME }}
// (CONTEXT "vars" or "secrets") in a job of repository repo (its name, or
// OWNER/NAME) running in environment env ("" for none): the environment's
// variable or secret wins over the repository's, as GitHub resolves them.
// Names compare without letter case, as GitHub's do. It returns the value
// on the side and the resource holding it, or nil when the plan has none.
func GitHubValue(w *model.World, s tfplan.Side, context, name, repo, env string) (tfplan.Value, *tfplan.Resource) {
	var repoLevel *tfplan.Resource
	for _, gt := range githubValueTypes {
		if gt.context != context {
			continue
		}
		for _, r := range w.Plan.OfType(gt.typ) {
			if !r.Exists(s) {
				continue
			}
			if n, ok := r.StringAt(s, gt.nameAttr); !ok || !strings.EqualFold(n, name) {
				continue
			}
			if !sameRepository(w, r, s, repo) {
				continue
			}
			if !gt.environment {
				if repoLevel == nil {
					repoLevel = r
				}
				continue
			}
			if e, ok := r.StringAt(s, "environment"); ok && env != "" && e == env {
				return w.Plan.Value(r, s, gt.attr), r
			}
		}
	}
	if repoLevel != nil {
		for _, gt := range githubValueTypes {
			if gt.typ == repoLevel.Type {
				return w.Plan.Value(repoLevel, s, gt.attr), repoLevel
			}
		}
	}
	return tfplan.Value{Absent: true}, nil
}

// GitHubValueOfWorlds is GitHubValue over the plans linted together (a
// workflow file may read a variable that another root module manages):
// an environment's variable or secret in any plan wins over a
// repository's, and among equals the first plan's. It also returns the
// world of the resource found (nil when none has it).
func GitHubValueOfWorlds(worlds []*model.World, s tfplan.Side, context, name, repo, env string) (tfplan.Value, *tfplan.Resource, *model.World) {
	var (
		repoV     tfplan.Value
		repoRes   *tfplan.Resource
		repoWorld *model.World
	)
	for _, w := range worlds {
		v, r := GitHubValue(w, s, context, name, repo, env)
		if r == nil {
			continue
		}
		if strings.Contains(r.Type, "_environment_") {
			return v, r, w
		}
		if repoRes == nil {
			repoV, repoRes, repoWorld = v, r, w
		}
	}
	if repoRes == nil {
		return tfplan.Value{Absent: true}, nil, nil
	}
	return repoV, repoRes, repoWorld
}

// GitHubTemplateWorld returns the world, among those linted together,
// whose subject claim customisation decides the sub of a repository's
// tokens (GitHubIdentity reads it there): the first plan with the
// repository's own template, else the first with an organisation
// template, else nil (no plan customises it).
func GitHubTemplateWorld(worlds []*model.World, repo string) *model.World {
	for _, w := range worlds {
		for _, r := range w.Plan.OfType(repoTemplateType) {
			for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
				if name, _ := r.StringAt(s, "repository"); name == repo && r.Exists(s) {
					return w
				}
			}
		}
	}
	for _, w := range worlds {
		if len(w.Plan.OfType(orgTemplateType)) > 0 {
			return w
		}
	}
	return nil
}

// sameRepository reports whether a GitHub resource's repository argument
// names repo (NAME or OWNER/NAME; the owner is compared when both are
// known; any repository when repo is "").
func sameRepository(w *model.World, r *tfplan.Resource, s tfplan.Side, repo string) bool {
	if repo == "" {
		return true // the repository is unknown: any value of that name
	}
	name, fullName, _ := w.GitHubRepository(w.Plan.Value(r, s, "repository"), s)
	wantOwner, wantName, hasOwner := strings.Cut(repo, "/")
	if !hasOwner {
		wantName = repo
	}
	if !strings.EqualFold(name, wantName) {
		return false
	}
	if hasOwner && fullName != "" {
		owner, _, _ := strings.Cut(fullName, "/")
		return strings.EqualFold(owner, wantOwner)
	}
	return true
}

// TrimmedGitHubRole returns a role value read trimmed, as
// configure-aws-credentials reads its role-to-assume input, with the note
// saying so when there was whitespace to trim.
func TrimmedGitHubRole(v tfplan.Value) (tfplan.Value, string) { return trimmedRole(v) }
