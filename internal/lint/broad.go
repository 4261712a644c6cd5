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
		notes = append(notes, "the trust is not compared with its callers: "+strings.Join(model.Dedupe(callers.gaps), "; "))
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
			r, err := w.request(bindingRef{id: id, host: iss.host, providerARN: iss.providerARN}, roleARN)
			if err != nil {
				return nil, nil, err.Error()
			}
			reqs = append(reqs, r)
		}
		if len(reqs) == 0 {
			return nil, nil, "the cluster of the service account is not known"
		}
	case id.Binding != nil:
		r, err := w.request(bindingRef{id: id}, roleARN)
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
