package lint

import (
	"crypto/sha256"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// Analyze lints one plan: it builds the model of its roles, OIDC
// providers and clusters, discovers the callers of the plan's own
// resources, pairs every role with every caller of it, evaluates each pair
// before and after the plan, and judges pairs and roles by the rules.
// Every message and fix is passed through the plan's redactor, so no value
// the plan marks sensitive is ever in the report.
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
	for _, c := range all {
		fs, pair := w.pairFindings(c)
		rep.Findings = append(rep.Findings, fs...)
		if pair != nil {
			w.notePaired(pair.role, c)
			callersOf[pair.role]++
			rep.Pairs = append(rep.Pairs, *pair)
		}
	}
	for _, role := range w.Roles {
		rep.Findings = append(rep.Findings, w.roleFindings(role, callersOf[role])...)
		if callersOf[role] == 0 && model.TrustsWebIdentity(role.Trust[tfplan.After]) {
			rep.Uncalled = append(rep.Uncalled, role.Address())
		}
	}
	redact := p.Redactor()
	show := w.Displayer()
	for i := range rep.Findings {
		f := &rep.Findings[i]
		f.Message, f.Fix, f.Caller = redact(show(f.Message)), redact(show(f.Fix)), redact(f.Caller)
		f.RoleARN = redact(f.RoleARN)
		for j := range f.Notes {
			f.Notes[j] = redact(show(f.Notes[j]))
		}
		if rule, ok := RuleByID(f.Rule); ok && f.Severity == "" {
			f.Severity = rule.Severity
		}
	}
	for i := range rep.Pairs {
		p := &rep.Pairs[i]
		p.Caller, p.Identity = redact(p.Caller), redact(show(p.Identity))
		for j := range p.Notes {
			p.Notes[j] = redact(show(p.Notes[j]))
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
	evalCache   map[[sha256.Size]byte]*evaluate.Result
	broad       broadState
	unannotated []callers.ServiceAccount // nil until first needed
}
