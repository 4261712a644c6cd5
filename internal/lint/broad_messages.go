package lint

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/admits"
	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// broaderMsg reports a trust that admits more than its callers.
func (w *analyzer) broaderMsg(role *model.Role, an *admits.Analysis, callers webCallers, notes []string) broadMsg {
	wt := an.Witness
	t := role.Trust[tfplan.After]
	who := "its caller"
	if len(callers.names) > 1 {
		who = fmt.Sprintf("its %d callers", len(callers.names))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the planned trust of %s admits identities beyond %s: for example, %s", role.Address(), who, explain.WitnessLine(wt))
	change := w.trustChange(role, wt.Request)
	switch change {
	case changeNew:
		fmt.Fprintf(&b, ". The plan changes the trust (%s): it now admits this identity, which was not admitted before", t.From)
	case changeOld:
		fmt.Fprintf(&b, ". The plan changes the trust (%s), but this identity was admitted before too", t.From)
	}
	var lines []admits.Admitted
	for _, a := range an.Admits {
		if a.Statement == wt.Statement && a.Principal == wt.Principal {
			lines = append(lines, a)
		}
	}
	if l := explain.AdmitsLines(&admits.Analysis{Admits: lines}); len(l) > 0 {
		fmt.Fprintf(&b, ". What it admits: %s", strings.Join(l, " | "))
	}
	for _, s := range an.Shapes {
		fmt.Fprintf(&b, ". Risky shape [%s]: %s", s.Code, strings.TrimSuffix(s.Message, "."))
	}
	stmt := fmt.Sprintf("Statement[%d]", wt.Statement)
	if wt.Statement >= 0 && wt.Statement < len(t.Doc.Statements) {
		stmt = t.Doc.Statements[wt.Statement].Label()
	}
	fix := fmt.Sprintf("narrow %s of %s so that it admits only its callers: %s; or, if identities like the example are meant to assume the role, declare them as callers (a binding with expect = \"allow\" in a stsguard_role_trust data source)",
		stmt, role.Address(), strings.Join(model.Dedupe(callers.names), ", "))
	if change == changeNew {
		fix = "restore the previous trust, or " + fix
	}
	m := broadMsg{rule: RuleOverBroad, msg: b.String(), fix: fix, notes: notes}
	anyTenant := wt.Class == admits.ClassAnyTenant
	for i := range an.Shapes {
		anyTenant = anyTenant || an.Shapes[i].AnyTenant()
	}
	switch {
	case anyTenant:
		m.rule = RuleAnyTenant
	case wt.Class == admits.ClassCaseVariant:
		m.severity = SeverityInfo
	}
	return m
}

// shapeMsg reports one dangerous shape of a trust, with its example
// unless the shape's message already names the example's subject.
func (w *analyzer) shapeMsg(role *model.Role, s *admits.Shape, notes []string) broadMsg {
	msg := fmt.Sprintf("the planned trust of %s has a risky shape [%s]: %s", role.Address(), s.Code, strings.TrimSuffix(s.Message, "."))
	if ex := s.Example; ex != nil {
		if sub, ok := ex.Claims["sub"].(string); !ok || !strings.Contains(s.Message, sub) {
			msg += "; for example, " + explain.WitnessLine(ex)
		}
		switch w.trustChange(role, ex.Request) {
		case changeNew:
			msg += fmt.Sprintf(". The plan changes the trust (%s): this was not admitted before", role.Trust[tfplan.After].From)
		case changeOld:
			msg += fmt.Sprintf(". The plan changes the trust (%s), but this was admitted before too", role.Trust[tfplan.After].From)
		}
	}
	rule := RuleOverBroad
	if s.AnyTenant() {
		rule = RuleAnyTenant
	}
	return broadMsg{rule: rule, msg: msg, fix: s.Fix, notes: notes}
}

// Answers of trustChange.
const (
	changeNone = iota // the plan does not change the trust (or the role is new)
	changeNew         // the identity is admitted after the plan, not before
	changeOld         // the identity was admitted before the plan too
)

// trustChange says whether the plan changes the role's trust and, if so,
// whether the prior trust admitted the identity.
func (w *analyzer) trustChange(role *model.Role, req *identity.Request) int {
	tb, ta := role.Trust[tfplan.Before], role.Trust[tfplan.After]
	if req == nil || !role.Res.Exists(tfplan.Before) || !tb.Conclusive() || tb.Text == ta.Text {
		return changeNone
	}
	prior := *req
	prior.RoleARN = role.ARN[tfplan.Before]
	res, err := evaluate.Request(tb.Doc, &prior)
	if err == nil && res.Decision.Allowed() {
		return changeOld
	}
	return changeNew
}

// rcpNarrowed rewrites a finding whose example identity an RCP reaching
// the role's account refuses: the trust alone admits it, only the RCP
// keeps it out, and the finding is one severity lower.
func (w *analyzer) rcpNarrowed(role *model.Role, m broadMsg, ex *admits.Witness) broadMsg {
	if ex == nil || ex.Request == nil {
		return m
	}
	rs := w.rcpsFor(role, tfplan.After)
	if rs == nil || len(rs.apply) == 0 {
		return m
	}
	t := role.Trust[tfplan.After]
	refusal := check.RCPRefusal(check.Input{Policy: t.Doc, RoleARN: role.ARN[tfplan.After], RCPs: rs.checkRCPs()}, ex.Request)
	if refusal == "" {
		return m
	}
	who := "identities like the example"
	if ex.Class == admits.ClassAnyTenant || m.rule == RuleAnyTenant {
		who = "anyone on the issuer"
		if res, err := ex.Request.Resolve(); err == nil && res.Provider.Kind == identity.KindGitHub {
			who = "any repository of GitHub"
		}
	}
	m.msg += fmt.Sprintf(". Only a resource control policy keeps the trust narrow: %s refuses the example; remove the RCP and %s can assume this role", refusal, who)
	m.fix = "narrow the trust itself, so that it does not depend on the RCP: " + m.fix
	m.notes = append(m.notes, "other identities the trust admits were not checked against the resource control policies, so the finding is kept one severity lower")
	sev := m.severity
	if sev == "" {
		if r, ok := RuleByID(m.rule); ok {
			sev = r.Severity
		}
	}
	switch sev {
	case SeverityError:
		m.severity = SeverityWarning
	default:
		m.severity = SeverityInfo
	}
	return m
}
