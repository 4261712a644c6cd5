package plan

import (
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
)

// Analyze pairs every role of the plan with every caller of it, evaluates
// each pair before and after the plan, and returns the findings. Every
// message and fix is passed through the plan's redactor, so no value the
// plan marks sensitive is ever in the report.
func Analyze(p *Plan) *Report {
	w := newWorld(p)
	callers := w.collectCallers()
	rep := &Report{Source: p.Source, FormatVersion: p.FormatVersion, TerraformVersion: p.TerraformVersion,
		Roles: len(w.roles), Callers: len(callers)}
	callersOf := map[*Role]int{}
	for _, c := range callers {
		fs, paired := w.pairFindings(c)
		rep.Findings = append(rep.Findings, fs...)
		for _, role := range paired {
			w.notePaired(role, c)
			callersOf[role]++
			rep.Pairs++
		}
	}
	for _, role := range w.roles {
		rep.Findings = append(rep.Findings, w.roleFindings(role, callersOf[role])...)
	}
	redact := p.Redactor()
	show := w.displayer()
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
	sortFindings(rep.Findings)
	return rep
}

// trustCache and the other caches live on world; declared here to keep
// providers.go about providers.
type worldCaches struct {
	trustCache  map[string]*Trust
	docCache    map[*Resource]*Trust
	attached    [2]map[*Role][]policySource
	policyByARN [2]map[string]*Resource
	nameIndex   [2]map[string]*Role
	repoByName  [2]map[string]*Resource
	evalCache   map[string]*evaluate.Result
	pools       map[*Resource]*identityPool
	broad       broadState
}

// displayer replaces stand-ins in a message with what they stand for;
// notes that explain a stand-in keep it, as they say what it stands for.
func (w *world) displayer() func(string) string {
	if len(w.labels) == 0 {
		return func(s string) string { return s }
	}
	keys := sortedKeys(w.labels)
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, w.labels[k])
	}
	rep := strings.NewReplacer(pairs...)
	return rep.Replace
}

func newWorld(p *Plan) *world {
	w := &world{p: p}
	w.findAccount()
	w.findRegion()
	w.collectClusters()
	w.collectProviders()
	w.collectPools()
	w.collectRoles()
	return w
}
