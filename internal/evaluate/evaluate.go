package evaluate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// Input is everything a decision needs.
type Input struct {
	// Policy is the role trust policy.
	Policy *policy.Document
	// Request is the resolved request.
	Request *identity.Resolved
	// Claims are the token claims (for token-level checks).
	Claims map[string]any
	// OIDCProviders are the IAM OIDC providers of the role's account; nil
	// skips the registration and audience checks (spec §1).
	OIDCProviders []identity.OIDCProvider
	// RCPs are resource control policies applying to the role's account;
	// only their Deny statements can refuse a request (spec §6.6, [S35]).
	RCPs []*policy.Document
}

// Request decodes, resolves and evaluates in one step.
func Request(doc *policy.Document, req *identity.Request, rcps ...*policy.Document) (*Result, error) {
	res, err := req.Resolve()
	if err != nil {
		return nil, err
	}
	return Evaluate(Input{Policy: doc, Request: res, Claims: req.Claims, OIDCProviders: req.OIDCProviders, RCPs: rcps}), nil
}

// AccessDenied formats the AccessDenied error STS returns for an action.
func AccessDenied(action string) string {
	return "AccessDenied: Not authorized to perform " + action
}

// Evaluate runs the decision pipeline of spec §0: token checks (§1), then
// authorisation of every required action (§3, §6): explicit Deny in the
// trust policy or an RCP, then Allow in the trust policy, else implicit
// deny.
func Evaluate(in Input) *Result {
	r := &Result{Request: in.Request}
	r.Assumptions = append(r.Assumptions, in.Request.Assumptions...)
	if d, msg := runTokenChecks(in, r); d != "" {
		r.Decision, r.Error = d, msg
		r.finishAssumptions(nil)
		return r
	}
	req := in.Request
	r.Statements = traceDocument(in.Policy, req, false)
	var rcpTraces [][]StatementTrace
	for _, rcp := range in.RCPs {
		rcpTraces = append(rcpTraces, traceDocument(rcp, req, true))
	}
	for ai, action := range req.Actions {
		if i := firstMatch(r.Statements, ai, policy.Deny); i >= 0 {
			r.Decision, r.Error, r.FailedAction = ExplicitDeny, AccessDenied(req.Actions[0]), action
			r.DecidedBy, r.Decider = ref(&r.Statements[i]), &r.Statements[i]
			r.finishAssumptions(&r.Statements[i])
			return r
		}
		for pi, tr := range rcpTraces {
			if i := firstMatch(tr, ai, policy.Deny); i >= 0 {
				pi := pi
				r.Decision, r.Error, r.FailedAction = ExplicitDeny, AccessDenied(req.Actions[0]), action
				r.DecidedBy, r.Decider, r.DecidedByRCP = ref(&tr[i]), &tr[i], &pi
				r.RCPStatements = append(r.RCPStatements, tr[i])
				r.finishAssumptions(&tr[i])
				return r
			}
		}
	}
	for ai, action := range req.Actions {
		if firstMatch(r.Statements, ai, policy.Allow) < 0 {
			r.Decision, r.Error, r.FailedAction = ImplicitDeny, AccessDenied(req.Actions[0]), action
			r.finishAssumptions(nil)
			return r
		}
	}
	r.Decision = Allow
	i := firstMatch(r.Statements, 0, policy.Allow)
	r.DecidedBy, r.Decider = ref(&r.Statements[i]), &r.Statements[i]
	r.finishAssumptions(&r.Statements[i])
	return r
}

func ref(t *StatementTrace) *StatementRef { return &StatementRef{Index: t.Index, Sid: t.Sid} }

func firstMatch(ts []StatementTrace, action int, effect policy.Effect) int {
	for i := range ts {
		if ts[i].Effect == effect && ts[i].Matched(action) {
			return i
		}
	}
	return -1
}

// finishAssumptions collects the assumptions the decision relied on: those
// of the deciding statement, or for a deny without one, of every statement
// whose principal and action matched.
func (r *Result) finishAssumptions(decider *StatementTrace) {
	seen := map[string]bool{}
	for _, a := range r.Assumptions {
		seen[a] = true
	}
	add := func(as []string) {
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				r.Assumptions = append(r.Assumptions, a)
			}
		}
	}
	consider := func(t *StatementTrace) {
		for _, c := range t.Conditions {
			add(c.Assumptions)
			if k, ok := r.Request.KeyInfo(c.Key); ok && k.Assumption != "" {
				add([]string{k.Assumption})
			}
		}
	}
	if decider != nil {
		consider(decider)
	} else {
		for i := range r.Statements {
			if r.Statements[i].Principal.Matched {
				consider(&r.Statements[i])
			}
		}
	}
	sort.Strings(r.Assumptions)
}

// traceDocument evaluates every statement of doc against the request.
func traceDocument(doc *policy.Document, req *identity.Resolved, isRCP bool) []StatementTrace {
	out := make([]StatementTrace, len(doc.Statements))
	for i := range doc.Statements {
		s := &doc.Statements[i]
		t := &out[i]
		t.Index, t.Sid, t.Effect, t.Loc = s.Index, s.Sid, s.Effect, s.Loc
		t.Principal = matchPrincipal(s, req, isRCP)
		if s.NotPrincipal != nil {
			t.Skipped = "the statement uses NotPrincipal, which IAM refuses in a role trust policy, so it is not counted"
		} else if s.Principal != nil && s.Principal.Wildcard && s.Effect == policy.Allow && !isRCP {
			t.Skipped = `the statement allows Principal "*", which IAM refuses in a role trust policy, so it is not counted`
		}
		t.Actions = make([]ActionTrace, len(req.Actions))
		for ai, a := range req.Actions {
			t.Actions[ai] = matchAction(s, a)
		}
		t.ConditionsMatched = true
		t.Conditions = make([]ConditionTrace, len(s.Conditions))
		for ci := range s.Conditions {
			c := &s.Conditions[ci]
			vals := make([]string, len(c.Values))
			for vi, v := range c.Values {
				vals[vi] = v.Raw
			}
			if !c.OperatorValid {
				t.Conditions[ci] = ConditionTrace{Operator: c.OperatorName, Key: c.Key, PolicyValues: vals, Loc: c.Loc,
					Reason: fmt.Sprintf("%q is not a condition operator IAM knows, so the condition can never be true", c.OperatorName)}
			} else {
				o := condition.Evaluate(c.Operator, c.Key, vals, req, doc.VariablesEnabled())
				t.Conditions[ci] = traceCondition(c, vals, o)
			}
			t.ConditionsMatched = t.ConditionsMatched && t.Conditions[ci].Matched
		}
		t.Applies = t.Matched(0)
	}
	return out
}

// matchAction compares one action with the statement's Action or
// NotAction: case-insensitive globs ([S8][S9]).
func matchAction(s *policy.Statement, action string) ActionTrace {
	hit := ""
	for _, a := range s.Actions {
		if condition.MatchGlob(strings.ToLower(a), strings.ToLower(action)) {
			hit = a
			break
		}
	}
	t := ActionTrace{Action: action}
	switch {
	case s.NotAction && hit == "":
		t.Matched, t.Reason = true, fmt.Sprintf("NotAction does not list %s, so the statement covers it", action)
	case s.NotAction:
		t.Reason = fmt.Sprintf("NotAction %q excludes %s", hit, action)
	case hit != "":
		t.Matched, t.Reason = true, fmt.Sprintf("Action %q covers %s", hit, action)
	case len(s.Actions) == 0:
		t.Reason = "the statement has no Action"
	default:
		t.Reason = fmt.Sprintf("Action %s does not cover %s", quoteList(s.Actions), action)
	}
	return t
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
