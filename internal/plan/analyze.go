package plan

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
