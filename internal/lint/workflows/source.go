package workflows

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rhysd/actionlint"
	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// credentialsAction is the action whose role-to-assume makes a caller.
const credentialsAction = "aws-actions/configure-aws-credentials@"

// unknownClaims are claims AWS maps for GitHub that a workflow file does
// not tell (who runs it, numeric IDs).
var unknownClaims = []string{"actor", "actor_id", "repository_id", "repository_owner_id", "enterprise_id"}

// expression is a value that is a single ${{ vars.NAME }} or
// ${{ secrets.NAME }}.
var expression = regexp.MustCompile(`^\$\{\{\s*(vars|secrets)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$`)

// step is a configure-aws-credentials step that assumes a role with the
// job's OIDC token.
type step struct {
	role, audience *actionlint.String
	cond           *actionlint.String // the step's if:
	pos            *actionlint.Pos
	index          int // among the job's credential steps
}

// run is how a job runs: directly from its workflow's triggers, or as a
// reusable workflow called by a job of another file.
type run struct {
	triggersOf *file // the workflow whose triggers start the run
	caller     *jobRef
	noToken    string
	missing    string
}

// Callers implements callers.Source: one caller per configure-aws-credentials
// step and way its job runs.
func (s *Source) Callers(w *model.World) []*model.Caller {
	s.read = nil
	var out []*model.Caller
	for _, f := range s.files {
		direct, callable := triggers(f.wf, defaultBranch{name: "main"})
		for _, job := range sortedJobs(f.wf) {
			steps := credentialSteps(job)
			if len(steps) == 0 {
				continue
			}
			called := s.calledBy[f]
			if len(direct) > 0 || len(called) == 0 {
				r := run{triggersOf: f, noToken: jobGrant(f.wf, job)}
				if len(direct) == 0 && callable {
					r.noToken = calledJobGrant(f.wf, job, "", "")
					r.missing = "the workflow runs only when another workflow calls it (on: workflow_call) and no workflow in the --workflows directories calls it with uses: ./" + f.repoRel + "; its caller's trigger decides the token"
				}
				out = append(out, s.stepCallers(w, f, job, steps, r)...)
			}
			for i := range called {
				c := called[i]
				why := calledJobGrant(f.wf, job, jobGrant(c.f.wf, c.job), c.f.path+" job "+c.job.ID.Value)
				out = append(out, s.stepCallers(w, f, job, steps, run{triggersOf: c.f, caller: &c, noToken: why})...)
			}
		}
	}
	return out
}

// credentialSteps lists a job's configure-aws-credentials steps that
// assume a role with the OIDC token: role-to-assume without access keys,
// a token file or role chaining (those use other credentials).
func credentialSteps(job *actionlint.Job) []step {
	var out []step
	for _, st := range job.Steps {
		a, ok := st.Exec.(*actionlint.ExecAction)
		if !ok || a.Uses == nil || !strings.HasPrefix(strings.ToLower(a.Uses.Value), credentialsAction) {
			continue
		}
		role := a.Inputs["role-to-assume"]
		if role == nil || role.Value == nil {
			continue
		}
		if a.Inputs["aws-access-key-id"] != nil || a.Inputs["web-identity-token-file"] != nil {
			continue
		}
		if rc := a.Inputs["role-chaining"]; rc != nil && rc.Value != nil && strings.EqualFold(strings.TrimSpace(rc.Value.Value), "true") {
			continue
		}
		sp := step{role: role.Value, pos: st.Pos, index: len(out) + 1, cond: st.If}
		if aud := a.Inputs["audience"]; aud != nil {
			sp.audience = aud.Value
		}
		if role.Value.Pos != nil {
			sp.pos = role.Value.Pos
		}
		out = append(out, sp)
	}
	return out
}

func (s *Source) stepCallers(w *model.World, f *file, job *actionlint.Job, steps []step, r run) []*model.Caller {
	var out []*model.Caller
	for _, sp := range steps {
		object := "job " + job.ID.Value
		if len(steps) > 1 {
			object += fmt.Sprintf(" step %d", sp.index)
		}
		if r.caller != nil {
			object += fmt.Sprintf(" (called by %s job %s)", r.caller.f.path, r.caller.job.ID.Value)
		}
		origin := &model.FileOrigin{Path: f.path, Object: object}
		if sp.pos != nil {
			origin.Line, origin.Column = sp.pos.Line, sp.pos.Col
		}
		c := model.NewFileCaller(origin, model.KindGitHubActions)
		for _, side := range []tfplan.Side{tfplan.Before, tfplan.After} {
			c.Side[side] = s.side(w, side, f, job, sp, r)
		}
		out = append(out, c)
	}
	return out
}

// side is the caller on one side of the plan (the role may come from a
// plan variable, the repository's default branch and subject template
// from the plan).
func (s *Source) side(w *model.World, side tfplan.Side, f *file, job *actionlint.Job, sp step, r run) *model.CallerSide {
	repo := s.repository(w, side)
	// One identity per trigger: each is a run of its own, and every run
	// must be allowed.
	cs := &model.CallerSide{NoToken: r.noToken, EveryIdentity: true, Conditional: eventCondition(job, sp)}
	env, envMissing := jobEnvironment(job)
	role, note, via := roleValue(w.Worlds(), side, repo.name, env, sp.role)
	cs.Role = role
	if note != "" {
		cs.Notes = append(cs.Notes, note)
	}
	if via != nil {
		cs.Via = append(cs.Via, via)
		s.read = append(s.read, via)
	}
	switch {
	case r.missing != "":
		cs.Missing = append(cs.Missing, r.missing)
	case repo.unknown:
		where := "the plan"
		if len(w.Worlds()) > 1 {
			where = "the plans"
		}
		cs.Missing = append(cs.Missing, "the repository the workflows run in is unknown (no --github-repo, no GitHub remote in .git/config, not one github_repository in "+where+"): give --github-repo OWNER/REPO")
	case envMissing != "":
		cs.Missing = append(cs.Missing, envMissing)
	}
	aud, audMissing := audienceValue(w.Worlds(), side, repo.name, env, sp.audience)
	if audMissing != "" {
		cs.Missing = append(cs.Missing, audMissing)
	}
	if len(cs.Missing) > 0 {
		return cs
	}
	if repo.from != "--github-repo" {
		cs.Notes = append(cs.Notes, fmt.Sprintf("the repository %s is read from %s", repo.full, repo.from))
	}
	def := defaultBranch{name: "main"}
	if repo.res != nil {
		if db, ok := repo.res.StringAt(side, "default_branch"); ok && db != "" && !repo.res.UnknownAt(side, "default_branch") {
			def = defaultBranch{name: db, known: true}
		}
	}
	trigs, _ := triggers(r.triggersOf.wf, def)
	if len(trigs) == 0 {
		cs.Missing = append(cs.Missing, fmt.Sprintf("%s has no trigger the linter knows", r.triggersOf.path))
		return cs
	}
	workflowName := r.triggersOf.repoRel
	if wf := r.triggersOf.wf; wf.Name != nil && wf.Name.Value != "" {
		workflowName = wf.Name.Value
	}
	// The sub is built where the repository's subject template is (any
	// plan linted together), else in the repository's plan.
	idWorld := callers.GitHubTemplateWorld(w.Worlds(), repo.name)
	switch {
	case idWorld != nil:
	case repo.world != nil:
		idWorld = repo.world
	default:
		idWorld = w
	}
	seen := map[string]bool{}
	for _, t := range trigs {
		jwr := repo.full + "/" + f.repoRel + "@"
		patterns := map[string]string{"ref": t.refPattern, "job_workflow_ref": condition.EscapeGlob(jwr) + t.refPattern}
		for _, k := range unknownClaims {
			patterns[k] = "*"
		}
		tok := callers.GitHubToken{Repository: repo.full, RepoName: repo.name, RepoRes: repo.res,
			Environment: env, PullRequest: t.pullRequest, Ref: t.ref, Audience: aud,
			Claims:   map[string]string{"job_workflow_ref": jwr + t.ref, "workflow": workflowName},
			Guessed:  append(append([]string(nil), t.guessed...), "the actor and the repository's and owner's numeric IDs are not in the workflow"),
			Patterns: patterns}
		if env == "" {
			tok.ContextPattern = t.contextPattern()
		}
		id, notes, via, err := callers.GitHubIdentity(idWorld, side, tok)
		cs.Via = append(cs.Via, via...)
		if err != nil {
			cs.Missing = append(cs.Missing, fmt.Sprintf("%s: %v", f.path, err))
			return cs
		}
		cs.Notes = append(cs.Notes, notes...)
		cs.Notes = append(cs.Notes, t.notes...)
		if seen[id.Subject] {
			continue
		}
		seen[id.Subject] = true
		cs.Identities = append(cs.Identities, id)
	}
	cs.Notes = model.Dedupe(cs.Notes)
	return cs
}

// eventDependent matches an if: expression that reads the event or the
// ref, so the job or step may be skipped on some triggers.
var eventDependent = regexp.MustCompile(`github\.(event|ref|head_ref|base_ref)`)

// eventCondition says why some runs of the job may not reach the step (a
// job or step if: reading the event or the ref), or "".
func eventCondition(job *actionlint.Job, sp step) string {
	for _, c := range []struct {
		what string
		s    *actionlint.String
	}{{"the job's", job.If}, {"the step's", sp.cond}} {
		if c.s != nil && eventDependent.MatchString(c.s.Value) {
			return fmt.Sprintf("%s if: %q may skip the step on that trigger, which the linter does not evaluate", c.what, strings.TrimSpace(c.s.Value))
		}
	}
	return ""
}

// jobEnvironment returns the job's environment name, or why it is not
// known.
func jobEnvironment(job *actionlint.Job) (string, string) {
	if job.Environment == nil || job.Environment.Name == nil {
		return "", ""
	}
	name := job.Environment.Name
	if name.ContainsExpression() {
		return "", fmt.Sprintf("the job's environment is the expression %q, which the linter does not evaluate", name.Value)
	}
	return name.Value, ""
}

// roleValue reads role-to-assume: a literal, or ${{ vars.X }} /
// ${{ secrets.X }} resolved in the plans linted together (environment
// before repository, callers.GitHubValueOfWorlds). It is read trimmed, as
// configure-aws-credentials reads its inputs.
func roleValue(worlds []*model.World, side tfplan.Side, repo, env string, in *actionlint.String) (tfplan.Value, string, *tfplan.Resource) {
	raw := in.Value
	if !actionlint.ContainsExpression(raw) {
		v, note := callers.TrimmedGitHubRole(tfplan.Value{Known: true, S: raw})
		return v, note, nil
	}
	m := expression.FindStringSubmatch(strings.TrimSpace(raw))
	if m == nil {
		return tfplan.Value{Unresolved: []string{fmt.Sprintf("%q, an expression the linter does not evaluate", raw)}}, "", nil
	}
	v, res, from := callers.GitHubValueOfWorlds(worlds, side, m[1], m[2], repo, env)
	if res == nil {
		kind := "github_actions_variable or github_actions_environment_variable"
		if m[1] == "secrets" {
			kind = "github_actions_secret or github_actions_environment_secret"
		}
		where := "the plan has no"
		if len(worlds) > 1 {
			where = "no plan has a"
		}
		return tfplan.Value{Unresolved: []string{fmt.Sprintf("%s, and %s %s named %s", strings.TrimSpace(raw), where, kind, m[2])}}, "", nil
	}
	v, trimNote := callers.TrimmedGitHubRole(v)
	note := fmt.Sprintf("role-to-assume is %s, read from %s", strings.TrimSpace(raw), from.Addr(res))
	if trimNote != "" {
		note += "; " + trimNote
	}
	return v, note, res
}

// audienceValue reads the audience input ("" for sts.amazonaws.com), or
// says why it is not known.
func audienceValue(worlds []*model.World, side tfplan.Side, repo, env string, in *actionlint.String) (string, string) {
	if in == nil {
		return "", ""
	}
	raw := strings.TrimSpace(in.Value)
	if !actionlint.ContainsExpression(raw) {
		if raw == identity.DefaultAudience {
			return "", ""
		}
		return raw, ""
	}
	if m := expression.FindStringSubmatch(raw); m != nil {
		if v, res, _ := callers.GitHubValueOfWorlds(worlds, side, m[1], m[2], repo, env); res != nil && v.Known {
			return strings.TrimSpace(v.S), ""
		}
	}
	return "", fmt.Sprintf("the audience is %q, which the linter cannot resolve", raw)
}
