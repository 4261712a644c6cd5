package lint

import (
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
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
	// files, manifests); they run after the plan's own resources.
	Sources []callers.Source
}

// AnalyzeWith is Analyze with callers from further sources.
func AnalyzeWith(p *tfplan.Plan, opts Options) *Report {
	w := &analyzer{World: model.NewWorld(p)}
	all := callers.Collect(w.World, append([]callers.Source{callers.PlanResources}, opts.Sources...)...)
	rep := &Report{Source: p.Source, FormatVersion: p.FormatVersion, TerraformVersion: p.TerraformVersion,
		Roles: len(w.Roles), Callers: len(all)}
	callersOf := map[*model.Role]int{}
	sens := newSensitivity(p)
	show := w.Displayer()
	pairedWith := map[*model.Role][]*model.Caller{}
	for _, c := range all {
		fs, pair := w.pairFindings(c)
		marks := sens.marks()
		sens.caller(marks, c)
		if pair != nil {
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
		if pair != nil {
			w.notePaired(pair.role, c)
			pairedWith[pair.role] = append(pairedWith[pair.role], c)
			callersOf[pair.role]++
			sens.named(marks, pair.Caller, pair.Identity, strings.Join(pair.Notes, "\n"))
			pair.Caller, pair.Identity = sens.text(marks, pair.Caller), sens.text(marks, show(pair.Identity))
			for j := range pair.Notes {
				pair.Notes[j] = sens.text(marks, show(pair.Notes[j]))
			}
			rep.Pairs = append(rep.Pairs, *pair)
		}
	}
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
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if rule, ok := RuleByID(f.Rule); ok && f.Severity == "" {
			f.Severity = rule.Severity
		}
	}
	sortFindings(rep.Findings)
	return rep
}

// analyzer is one lint run: the model, and what pairing and the rules
// remember across pairs (evaluations of equal requests, the callers paired
// with each role, over-breadth analyses by trust digest).
type analyzer struct {
	*model.World
	evalCache   map[string]*evaluate.Result
	broad       broadState
	unannotated []callers.ServiceAccount // nil until first needed
}
