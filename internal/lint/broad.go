package lint

// STSG201 and STSG202: a trust that admits more than its callers. For
// every role whose planned trust names a Federated principal, the exact
// analysis of
// internal/admits computes what the trust admits and compares it with the
// web identity callers the linter paired with the role after the plan that
// the trust allows (inferred callers and stsguard_role_trust bindings with
// expect = "allow"; those it refuses have their own finding):
//
//   - when there are such callers and every caller's identity is known, a
//     trust that admits more is reported once per role, with a concrete
//     identity the trust allows and no caller is (the witness, confirmed
//     by the evaluator), what the admitting statement admits, the risky
//     shapes, and whether the plan introduces it;
//   - otherwise (no web identity caller allowed, a caller whose identity is
//     known only after apply) there is nothing reliable to compare with,
//     and each dangerous shape the analysis finds is reported on its own,
//     with an example identity.
//
// A caller the plan knows only in part (a repository-level GitHub variable
// is used by every branch) stands for every identity its patterns match.
// A witness that differs from a caller only in letter case (class
// case-variant, IgnoreCase operators) is reported at info level: the
// issuer usually controls the case of its values. Bindings declared
// expect = "deny" that the trust lets in are reported per binding by
// pairFindings; shapes whose example is such a binding are not repeated.
//
// A finding whose trust is open to any tenant of a shared issuer (an
// any-tenant shape, admits.Shape.AnyTenant, or a witness of class
// any-tenant) is STSG202, an error; other over-breadth stays STSG201, a
// warning.
//
// Resource control policies (rcp.go): the identities a trust admits are
// those the trust allows and no RCP reaching the role's account refuses.
// When the finding's example identity is refused by such an RCP, the
// finding says that only the RCP keeps the trust narrow and is one
// severity lower (error to warning, warning to info): other identities the
// trust admits are not searched against the RCPs, so it is not dropped.

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/admits"
	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// broadState is what STSG201 keeps on the world.
type broadState struct {
	// paired lists, per role, the callers paired with it after the plan.
	paired map[*model.Role][]*model.Caller
	// analyses caches admits.Analyze by a digest of the trust text, role
	// ARN and callers (many roles of a plan share a trust shape and
	// callers); a digest, not the text, so the cache holds little.
	analyses map[[sha256.Size]byte]*admits.Analysis
}

// narrowFast enables admits.ProvablyNarrow before the analysis (tests
// turn it off to compare the findings with and without it); narrowSkips
// counts the analyses it saved, for those tests.
var (
	narrowFast  = true
	narrowSkips atomic.Int64
)

// broadMsg is one STSG201 or STSG202 finding of a role; severity "" means
// the rule's.
type broadMsg struct {
	rule, msg, fix, severity string
	notes                    []string
}

// notePaired records that a caller was paired with a role after the plan.
func (w *analyzer) notePaired(role *model.Role, c *model.Caller) {
	if w.broad.paired == nil {
		w.broad.paired = map[*model.Role][]*model.Caller{}
	}
	w.broad.paired[role] = append(w.broad.paired[role], c)
}

// broadFindings analyses a role's planned trust against its callers.
func (w *analyzer) broadFindings(role *model.Role) []broadMsg {
	t := role.Trust[tfplan.After]
	if !t.Conclusive() || len(model.FederatedPrincipals(t.Doc)) == 0 {
		return nil // a trust known only in part is reported as STSG900
	}
	roleARN := role.ARN[tfplan.After]
	if a, ok := identity.ParseARN(roleARN); !ok || a.Service != "iam" {
		roleARN = ""
	}
	callers := w.webCallersOf(role, roleARN)
	comparable := len(callers.requests) > 0 && len(callers.gaps) == 0
	// Callers known only as patterns (a repository-level variable is read
	// by every workflow of the repository) cover whatever the trust
	// admits within them, pull requests included: the dangerous shapes are
	// still reported, since nothing says those workflows need the role.
	guessed := slices.ContainsFunc(callers.patterns, func(p map[string]string) bool { return p != nil })
	if comparable && narrowFast && (!guessed && admits.ProvablyNarrow(t.Doc, callers.resolved) || guessed && admits.ProvablyQuiet(t.Doc, callers.resolved)) {
		// The analysis would find nothing beyond the callers (Broader
		// false) and nothing is reported then; with callers known as
		// patterns, the shapes would be reported, and there is none:
		// skip it.
		narrowSkips.Add(1)
		return nil
	}
	an := w.analyzeTrust(t, roleARN, callers)
	if an == nil || an.Skipped {
		return nil // skipped: longer than any trust IAM accepts (STSG301 says so, with the note)
	}
	var notes []string
	if !an.Exact {
		notes = append(notes, an.Notes...)
	}
	if comparable && !an.Broader && !guessed {
		return nil // the trust admits its callers and nobody else
	}
	if comparable && an.Witness != nil && !callers.known(an.Witness) {
		return []broadMsg{w.rcpNarrowed(role, w.broaderMsg(role, an, callers, notes), an.Witness)}
	}
	if len(callers.gaps) > 0 {
		notes = append(notes, "the trust is not compared with its callers: "+strings.Join(dedupe(callers.gaps), "; "))
	}
	var out []broadMsg
	for i := range an.Shapes {
		s := &an.Shapes[i]
		switch {
		case s.Example != nil && callers.knownExactly(s.Example):
			continue // the example is a caller, or a binding declared expect = "deny" (reported per binding)
		case s.Example != nil && callers.known(s.Example) && !guessed:
			continue
		case s.Example == nil && comparable:
			continue // the witness search found nothing beyond the callers
		}
		msgNotes := notes
		if guessed && s.Example != nil && callers.known(s.Example) {
			msgNotes = append(append([]string{}, notes...), "the callers' subjects are known only as patterns (a repository-level variable or secret is read by every workflow of the repository), and they admit this example too")
		}
		out = append(out, w.rcpNarrowed(role, w.shapeMsg(role, s, msgNotes), s.Example))
	}
	return out
}

// analyzeTrust runs the over-breadth analysis, cached.
func (w *analyzer) analyzeTrust(t *model.Trust, roleARN string, callers webCallers) *admits.Analysis {
	reqs, _ := json.Marshal(callers.requests)
	buf := make([]byte, 0, 2*binary.MaxVarintLen64+len(reqs)+len(roleARN)+len(t.Text))
	buf = binary.AppendUvarint(buf, uint64(len(reqs)))
	buf = binary.AppendUvarint(buf, uint64(len(roleARN)))
	buf = append(append(append(buf, reqs...), roleARN...), t.Text...)
	key := sha256.Sum256(buf)
	if an, ok := w.broad.analyses[key]; ok {
		return an
	}
	// The callers were resolved when collected: not again.
	an, err := admits.AnalyzeResolved(t.Doc, roleARN, callers.resolved)
	if err != nil {
		an = nil // not reachable with resolved callers and a checked ARN
	}
	if w.broad.analyses == nil {
		w.broad.analyses = map[[sha256.Size]byte]*admits.Analysis{}
	}
	w.broad.analyses[key] = an
	return an
}

// webCallers are the web identity callers of a role after the plan.
type webCallers struct {
	// requests are those of the callers the trust allows; patterns are,
	// per request, globs of the claims with parts the plan does not know
	// (Identity.Patterns; nil when every part is known).
	requests []*identity.Request
	patterns []map[string]string
	// resolved are the requests resolved (Request.Resolve), in order.
	resolved []*identity.Resolved
	// names describe the allowed callers for the fix: "subject (label)".
	names []string
	// denied are the requests of bindings declared expect = "deny".
	denied []*identity.Request
	// gaps say why the callers cannot be compared with the trust (an
	// identity known only after apply, a decision that depends on it);
	// empty when they can.
	gaps []string
}

// webCallersOf collects the web identity callers paired with the role
// after the plan. Callers meant to be allowed that the trust refuses are
// left out: they have their own finding (STSG101-105), and a trust that
// admits none of its callers is not compared with them.
func (w *analyzer) webCallersOf(role *model.Role, roleARN string) webCallers {
	var out webCallers
	t := role.Trust[tfplan.After]
	for _, c := range w.broad.paired[role] {
		cs := c.Side[tfplan.After]
		if cs == nil {
			continue
		}
		deny := c.Declared && c.Expect == check.ExpectDeny
		if len(cs.Missing) > 0 {
			if !deny && cs.OverLong {
				out.gaps = append(out.gaps, fmt.Sprintf("the identity of %s has a value longer than its issuer allows", c.Label))
			} else if !deny {
				out.gaps = append(out.gaps, fmt.Sprintf("the identity of %s is known only after apply", c.Label))
			}
			continue
		}
		var reqs []*identity.Request
		var pats []map[string]string
		var resolved []*identity.Resolved
		gaps := 0
		for _, id := range cs.Identities {
			rs, res, gap := w.identityRequests(t, id, roleARN)
			if gap != "" && !deny {
				gaps++
				out.gaps = append(out.gaps, fmt.Sprintf("%s: %s", c.Label, gap))
			}
			for _, r := range rs {
				reqs, pats = append(reqs, r), append(pats, id.Patterns)
			}
			resolved = append(resolved, res...)
		}
		if deny {
			out.denied = append(out.denied, reqs...)
			continue
		}
		if len(reqs) == 0 || gaps > 0 {
			continue // not a web identity (role chaining, Pod Identity), or a gap noted above
		}
		if o := w.evaluatePair(role, cs, tfplan.After); !o.Allowed() {
			if !o.Conclusive {
				out.gaps = append(out.gaps, fmt.Sprintf("whether %s is allowed cannot be decided before apply", c.Label))
			}
			continue
		}
		out.requests = append(out.requests, reqs...)
		out.patterns = append(out.patterns, pats...)
		out.resolved = append(out.resolved, resolved...)
		name := c.Label
		if sub := cs.Subject(); sub != "" {
			name = fmt.Sprintf("%s (%s)", sub, c.Label)
		}
		out.names = append(out.names, name)
	}
	return out
}

// identityRequests builds the web identity requests of one identity for
// the role after the plan (none for role chaining and Pod Identity), with
// each resolved; gap says why an identity that is a web identity could
// not be built.
func (w *analyzer) identityRequests(t *model.Trust, id *model.Identity, roleARN string) (reqs []*identity.Request, resolved []*identity.Resolved, gap string) {
	switch {
	case id.Chain != nil:
		return nil, nil, ""
	case id.Token != nil:
		r := check.Run(check.Input{Policy: t.Doc, RoleARN: roleARN, Bindings: []check.Binding{{Label: "token", Caller: id.Token}}})[0]
		if r.Err != nil || r.Request == nil {
			return nil, nil, "the declared token cannot be read"
		}
		reqs = append(reqs, r.Request)
	case id.EKS != nil:
		for _, iss := range w.eksIssuers(id.EKS, t, tfplan.After) {
			r, err := iss.binding(id.EKS).Request(roleARN)
			if err != nil {
				return nil, nil, err.Error()
			}
			reqs = append(reqs, r)
		}
		if len(reqs) == 0 {
			return nil, nil, "the cluster of the service account is not known"
		}
	case id.Binding != nil:
		r, err := id.Binding.Request(roleARN)
		if err != nil {
			return nil, nil, err.Error()
		}
		if r.PrincipalType != "" && r.PrincipalType != "Federated" {
			return nil, nil, ""
		}
		reqs = append(reqs, r)
	}
	for _, r := range reqs {
		r.RoleARN, r.OIDCProviders = roleARN, nil
		res, err := r.Resolve()
		if err != nil {
			return nil, nil, err.Error()
		}
		resolved = append(resolved, res)
	}
	return reqs, resolved, ""
}

// known reports whether an identity the trust admits is one the plan
// already accounts for: an allowed caller (when the plan knows some of its
// claims only as patterns, as for a repository-level variable used by
// every branch, any identity its patterns match) or a binding declared
// expect = "deny".
func (c *webCallers) known(wt *admits.Witness) bool {
	if len(wt.Context) > 0 {
		return false // callers carry no request context
	}
	for i, req := range c.requests {
		if sameIdentity(wt, req, c.patterns[i]) {
			return true
		}
	}
	for _, req := range c.denied {
		if sameIdentity(wt, req, nil) {
			return true
		}
	}
	return false
}

// knownExactly is known without the callers' patterns: the identity is
// one a caller presents exactly, or a binding declared expect = "deny".
func (c *webCallers) knownExactly(wt *admits.Witness) bool {
	if len(wt.Context) > 0 {
		return false
	}
	for _, req := range append(append([]*identity.Request{}, c.requests...), c.denied...) {
		if sameIdentity(wt, req, nil) {
			return true
		}
	}
	return false
}

// sameIdentity reports whether every claim of the witness matches the
// caller's: its pattern when it has one, else the same value.
func sameIdentity(wt *admits.Witness, req *identity.Request, patterns map[string]string) bool {
	for claim, v := range wt.Claims {
		got := claimString(v)
		if p, ok := patterns[claim]; ok {
			if !condition.ParseGlob(p).Match(got) {
				return false
			}
			continue
		}
		want, ok := req.Claims[claim]
		if !ok || claimString(want) != got {
			return false
		}
	}
	return true
}

func claimString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

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
		stmt, role.Address(), strings.Join(dedupe(callers.names), ", "))
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
