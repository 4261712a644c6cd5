package lint

import (
	"crypto/sha256"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/admits"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// Analyze lints one plan: it builds the model of its roles, OIDC
// providers and clusters, discovers the callers of the plan's own
// resources, pairs every role with every caller of it, evaluates each pair
// before and after the plan, and judges pairs and roles by the rules.
// Every text of a finding or pair is redacted with the sensitive values it
// is built from (sensitive.go), so no value the plan marks sensitive is
// ever in the report, in any form or length.
func Analyze(p *tfplan.Plan) *Report { return AnalyzeWith(p, Options{}) }

// Options are the inputs of a lint run besides the plan.
type Options struct {
	// Sources are caller sources read from outside the plan (workflow
	// files, manifests); they run once, with the world of the first plan,
	// and read every plan through model.World.Worlds (a variable, a
	// repository, a cluster or a release of any plan). The plan callers
	// they supersede (callers.Superseder) may be of any plan.
	Sources []callers.Source
	// RCPs are resource control policies read outside the plans (lint
	// --rcp); each applies to every role, or to the roles of its
	// Accounts.
	RCPs []RCP
	// Orgs are the organisation layers of other plans (model.World.Org):
	// their RCPs apply to this plan's roles by account ID.
	Orgs []*model.Org
}

// AnalyzeWith is Analyze with callers from further sources.
func AnalyzeWith(p *tfplan.Plan, opts Options) *Report {
	return AnalyzeAll([]*tfplan.Plan{p}, opts)
}

// AnalyzeAll lints several plans together (IAM roles in one root module,
// clusters and service accounts in another): each plan's callers are
// read from that plan, references resolve within their plan, and a
// caller that names a role by literal ARN is paired with that role in
// whichever plan declares it (roleof.go). With several plans,
// addresses in findings and pairs are prefixed with the plan's source
// (`iam.json: aws_iam_role.x`) and Finding.Plan / Pair.Plan name it. With
// one plan, AnalyzeAll is AnalyzeWith.
func AnalyzeAll(plans []*tfplan.Plan, opts Options) *Report {
	if len(plans) == 0 {
		return &Report{}
	}
	worlds := model.NewWorlds(plans)
	r := newRun(worlds, opts)
	rep := &Report{}
	if len(plans) == 1 {
		p := plans[0]
		rep.Source, rep.FormatVersion, rep.TerraformVersion = p.Source, p.FormatVersion, p.TerraformVersion
	} else {
		for i, p := range plans {
			if i > 0 {
				rep.Source += ", "
			}
			rep.Source += p.Source
			rep.Sources = append(rep.Sources, PlanSource{Source: p.Source, FormatVersion: p.FormatVersion, TerraformVersion: p.TerraformVersion})
		}
		rep.FormatVersion, rep.TerraformVersion = plans[0].FormatVersion, plans[0].TerraformVersion
	}
	// Sources from outside the plans run first so that the plan callers
	// they supersede (callers.Superseder) are known; they are listed last.
	fromFiles := callers.Collect(worlds[0], opts.Sources...)
	superseded := map[*tfplan.Resource]bool{}
	for _, src := range opts.Sources {
		if sp, ok := src.(callers.Superseder); ok {
			for _, res := range sp.Supersedes() {
				superseded[res] = true
			}
		}
	}
	var all []*model.Caller
	for _, w := range worlds {
		for _, c := range callers.Collect(w, callers.PlanResources) {
			if superseded[c.Res] {
				continue
			}
			r.callerWorld[c] = w
			c.Label = prefixed(w, c.Label)
			all = append(all, c)
		}
		rep.Roles += len(w.Roles)
	}
	all = append(all, fromFiles...)
	rep.Callers = len(all)
	callersOf := map[*model.Role]int{}
	sens := newSensitivity(plans)
	show := worlds[0].Displayer()
	pairedWith := map[*model.Role][]*model.Caller{}
	for _, c := range all {
		w := r.view(r.callerWorld[c])
		fs, pairs := w.pairFindings(c)
		marks := sens.marks()
		sens.caller(marks, c)
		for _, pair := range pairs {
			sens.role(marks, pair.role)
		}
		for i := range fs {
			f := &fs[i]
			fm := sens.marks()
			fm.AddAll(marks)
			sens.role(fm, w.roleAt(f.Role))
			sens.redactFinding(fm, f, show)
		}
		rep.Findings = append(rep.Findings, fs...)
		for _, pair := range pairs {
			w.notePaired(pair.role, c)
			pairedWith[pair.role] = append(pairedWith[pair.role], c)
			callersOf[pair.role]++
			sens.named(marks, pair.Caller, pair.Identity, strings.Join(pair.Notes, "\n"))
			pair.Caller, pair.Identity = sens.text(marks, pair.Caller), sens.text(marks, show(pair.Identity))
			pair.Provider = sens.text(marks, show(pair.Provider))
			for j := range pair.Notes {
				pair.Notes[j] = sens.text(marks, show(pair.Notes[j]))
			}
			rep.Pairs = append(rep.Pairs, *pair)
		}
	}
	for _, src := range opts.Sources {
		if pr, ok := src.(callers.ProblemReporter); ok {
			for _, pb := range pr.Problems() {
				f := Finding{Rule: RuleUnknown, Caller: pb.File, Address: pb.File,
					Message: pb.String(), Fix: pb.Fix, File: pb.File, Line: pb.Line, Column: pb.Column}
				sens.redactFinding(sens.marks(), &f, show)
				rep.Findings = append(rep.Findings, f)
			}
		}
	}
	for _, world := range worlds {
		w := r.view(world)
		for _, role := range w.Roles {
			fs := w.roleFindings(role, callersOf[role])
			if len(fs) > 0 {
				marks := sens.marks()
				sens.role(marks, role)
				for _, c := range pairedWith[role] {
					sens.caller(marks, c)
				}
				for i := range fs {
					fm := sens.marks()
					fm.AddAll(marks)
					sens.redactFinding(fm, &fs[i], show)
				}
			}
			rep.Findings = append(rep.Findings, fs...)
			if callersOf[role] == 0 && model.TrustsWebIdentity(role.Trust[tfplan.After]) {
				rep.Uncalled = append(rep.Uncalled, role.Address())
			}
		}
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if rule, ok := RuleByID(f.Rule); ok && f.Severity == "" {
			f.Severity = rule.Severity
		}
	}
	sortFindings(rep.Findings)
	return rep
}

// prefixed is a caller label or address of a plan as findings show it.
func prefixed(w *model.World, label string) string {
	if w == nil || w.Name == "" {
		return label
	}
	return w.Name + ": " + label
}

// analyzer is one lint run seen from one plan's world (the plan of the
// role being judged, or of the caller being paired): the model, and the
// run's shared state.
type analyzer struct {
	*model.World
	*run
}

// run is what pairing and the rules remember across pairs and plans
// (evaluations of equal requests, the callers paired with each role,
// over-breadth analyses by trust digest).
type run struct {
	worlds []*model.World
	// callerWorld is the world of each plan caller (file callers have none).
	callerWorld map[*model.Caller]*model.World
	// opts are the run's inputs besides the plans; rcpCache holds the
	// RCPs reaching an account, per world and side.
	opts        Options
	rcpCache    map[string]*rcpSet
	evalCache   map[[sha256.Size]byte]*evaluate.Result
	keyBuf      []byte // requestKey's buffer
	pairCache   map[pairKey]*Outcome
	requests    map[string][]builtRequest               // request's memory
	providers   map[providersAt][]identity.OIDCProvider // providersFor's memory
	broad       broadState
	unannotated []unannotated // nil until first needed
}

// newRun is a run over worlds with empty memories.
func newRun(worlds []*model.World, opts Options) *run {
	return &run{worlds: worlds, callerWorld: map[*model.Caller]*model.World{}, opts: opts,
		rcpCache: map[string]*rcpSet{}, evalCache: map[[sha256.Size]byte]*evaluate.Result{}, pairCache: map[pairKey]*Outcome{},
		requests: map[string][]builtRequest{}, providers: map[providersAt][]identity.OIDCProvider{},
		broad: broadState{paired: map[*model.Role][]*model.Caller{}, analyses: map[[sha256.Size]byte]*admits.Analysis{}}}
}

// view is the run seen from a world (the first plan's for callers read
// from files).
func (r *run) view(w *model.World) *analyzer {
	if w == nil {
		w = r.worlds[0]
	}
	return &analyzer{World: w, run: r}
}

// of is the run seen from a role's world.
func (w *analyzer) of(role *model.Role) *analyzer {
	if role == nil || role.World() == nil || role.World() == w.World {
		return w
	}
	return w.view(role.World())
}

// addrOf is a resource's address as findings show it, prefixed with the
// source of the plan that holds it when several plans are linted.
func (w *analyzer) addrOf(r *tfplan.Resource) string {
	if len(w.worlds) == 1 {
		return r.Address
	}
	for _, world := range w.worlds {
		if world.Plan.Lookup(r.Address) == r {
			return world.Addr(r)
		}
	}
	return r.Address
}

// planOf is the source of the plan of a resource when several plans are
// linted ("" for one plan, and for callers read from files).
func (w *analyzer) planOf(r *tfplan.Resource) string {
	if len(w.worlds) == 1 {
		return ""
	}
	for _, world := range w.worlds {
		if world.Plan.Lookup(r.Address) == r {
			return world.Name
		}
	}
	return ""
}
