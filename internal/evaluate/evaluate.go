package evaluate

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
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
	// skips the registration and audience checks (aws-reference.md#token-checks).
	OIDCProviders []identity.OIDCProvider
	// RCPs are resource control policies applying to the role's account;
	// only their Deny statements can refuse a request (aws-reference.md#resource-control-policies).
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

// Evaluate runs the decision pipeline of aws-reference.md#decision-order: token checks (aws-reference.md#token-checks), then
// authorisation of every required action (aws-reference.md#actions, aws-reference.md#policy-types-and-precedence): explicit Deny in the
// trust policy or an RCP, then Allow in the trust policy, else implicit
// deny.
func Evaluate(in Input) *Result {
	r := &Result{Request: in.Request}
	r.Assumptions = append(r.Assumptions, in.Request.Assumptions...)
	if d, msg := runTokenChecks(in, r); d != "" {
		r.Decision, r.Error = d, msg
		sort.Strings(r.Assumptions)
		return r
	}
	req := in.Request
	if in.Policy == nil {
		in.Policy = &policy.Document{}
	}
	r.Statements = traceDocument(in.Policy, req, false)
	var rcpTraces [][]StatementTrace
	for _, rcp := range in.RCPs {
		rcpTraces = append(rcpTraces, traceDocument(rcp, req, true))
	}
	for ai := range req.Actions {
		if i := firstMatch(r.Statements, ai, policy.Deny); i >= 0 {
			r.refuse(ExplicitDeny, ai)
			r.DecidedBy, r.Decider = ref(&r.Statements[i]), &r.Statements[i]
			r.finishAssumptions(r.Decider, nil)
			return r
		}
		for pi, tr := range rcpTraces {
			if i := firstMatch(tr, ai, policy.Deny); i >= 0 {
				pi := pi
				r.refuse(ExplicitDeny, ai)
				r.DecidedBy, r.Decider, r.DecidedByRCP = ref(&tr[i]), &tr[i], &pi
				r.RCPStatements = append(r.RCPStatements, tr[i])
				r.finishAssumptions(r.Decider, nil)
				return r
			}
		}
	}
	for ai := range req.Actions {
		if firstMatch(r.Statements, ai, policy.Allow) < 0 {
			r.refuse(ImplicitDeny, ai)
			r.finishAssumptions(nil, nil)
			return r
		}
	}
	r.Decision = Allow
	i := firstMatch(r.Statements, 0, policy.Allow)
	r.DecidedBy, r.Decider = ref(&r.Statements[i]), &r.Statements[i]
	r.finishAssumptions(r.Decider, rcpTraces)
	return r
}

// AssumeExtraActionError records that STS's error for a refused
// sts:TagSession or sts:SetSourceIdentity is UNCONFIRMED (aws-reference.md#error-for-a-refused-extra-action).
const AssumeExtraActionError = "extra-action-error: when only sts:TagSession or sts:SetSourceIdentity is refused, STS is taken to answer AccessDenied for sts:AssumeRoleWithWebIdentity (docs/guides/aws-reference.md#extra-action-error)"

// refuse records an access denial for the required action with index ai.
// STS names the primary action in its AccessDenied message.
func (r *Result) refuse(d Decision, ai int) {
	actions := r.Request.Actions
	r.Decision, r.Error, r.FailedAction = d, AccessDenied(actions[0]), actions[ai]
	if ai > 0 {
		r.Assumptions = append(r.Assumptions, AssumeExtraActionError)
	}
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

// finishAssumptions collects the assumptions the decision relied on:
//   - explicit deny: those of the deciding Deny;
//   - allow: those of the deciding Allow and of every Deny (trust policy or
//     RCP) that did not apply, since the allow depends on their not applying;
//   - implicit deny (decider nil): those of every Allow that did not apply.
//
// Condition-level assumptions count only for statements whose principal and
// an action matched; principal- and action-level ones always count.
func (r *Result) finishAssumptions(decider *StatementTrace, rcpTraces [][]StatementTrace) {
	add := func(as ...string) {
		for _, a := range as {
			if a != "" && !slices.Contains(r.Assumptions, a) {
				r.Assumptions = append(r.Assumptions, a)
			}
		}
	}
	consider := func(t *StatementTrace) {
		add(t.Assumptions...)
		if t.Skipped != "" || !t.Principal.Matched || !anyActionMatched(t) {
			return
		}
		for _, c := range t.Conditions {
			add(c.Assumptions...)
			if k, ok := r.Request.KeyInfo(c.Key); ok {
				add(k.Assumption)
			}
		}
	}
	switch {
	case decider != nil && decider.Effect == policy.Deny:
		consider(decider)
	case decider != nil:
		consider(decider)
		for i := range r.Statements {
			if r.Statements[i].Effect == policy.Deny {
				consider(&r.Statements[i])
			}
		}
		for _, tr := range rcpTraces {
			for i := range tr {
				if tr[i].Effect == policy.Deny {
					consider(&tr[i])
				}
			}
		}
	default:
		for i := range r.Statements {
			if r.Statements[i].Effect == policy.Allow {
				consider(&r.Statements[i])
			}
		}
	}
	sort.Strings(r.Assumptions)
}

func anyActionMatched(t *StatementTrace) bool {
	for _, a := range t.Actions {
		if a.Matched {
			return true
		}
	}
	return false
}

// traceDocument evaluates every statement of doc against the request.
func traceDocument(doc *policy.Document, req *identity.Resolved, isRCP bool) []StatementTrace {
	out := make([]StatementTrace, len(doc.Statements))
	for i := range doc.Statements {
		s := &doc.Statements[i]
		t := &out[i]
		t.Index, t.Sid, t.Effect, t.Loc = s.Index, s.Sid, s.Effect, s.Loc
		t.Principal = matchPrincipal(s, req, isRCP)
		t.Assumptions = principalAssumptions(s, req, t.Principal)
		if s.NotPrincipal != nil {
			t.Skipped = "the statement uses NotPrincipal, which IAM refuses in a role trust policy, so it is not counted"
		} else if s.Principal != nil && s.Principal.Wildcard && s.Effect == policy.Allow && !isRCP {
			t.Skipped = `the statement allows Principal "*", which IAM refuses in a role trust policy, so it is not counted`
		}
		t.Actions = make([]ActionTrace, len(req.Actions))
		for ai, a := range req.Actions {
			t.Actions[ai] = matchAction(s, a)
		}
		t.Assumptions = append(t.Assumptions, actionAssumptions(s, isRCP)...)
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
				if condition.CaseVariant(c.OperatorName) != "" {
					t.Conditions[ci].Assumptions = []string{condition.AssumeOperatorCaseExact}
				}
			} else {
				o := condition.Evaluate(c.Operator, c.Key, vals, req, doc.VariablesEnabled())
				t.Conditions[ci] = traceCondition(c, vals, o)
				t.Conditions[ci].Assumptions = append(t.Conditions[ci].Assumptions, presenceAssumptions(c.Key, o, req)...)
			}
			t.ConditionsMatched = t.ConditionsMatched && t.Conditions[ci].Matched
		}
		t.Applies = t.Matched(0)
	}
	return out
}

// Assumptions about the Action element (aws-reference.md#actions).
const (
	AssumeNotActionAccepted = "not-action-accepted: IAM is taken to accept NotAction in a role trust policy, with its documented meaning (every action except those listed) (docs/guides/aws-reference.md#not-action-accepted)"
	AssumeActionQuestion    = "action-question-mark: ? in an Action matches exactly one character, as in IAM's other globs (docs/guides/aws-reference.md#action-question-mark)"
)

// actionAssumptions lists the UNCONFIRMED rules the statement's action
// comparison relies on: NotAction in a trust policy, and ? in an action.
func actionAssumptions(s *policy.Statement, isRCP bool) []string {
	var out []string
	if s.NotAction && !isRCP {
		out = append(out, AssumeNotActionAccepted)
	}
	for _, a := range s.Actions {
		if strings.ContainsRune(a, '?') {
			out = append(out, AssumeActionQuestion)
			break
		}
	}
	return out
}

// presenceAssumptions names AssumeKeyPresence when the outcome depended on
// a key of unconfirmed presence being absent: the condition's own key, or
// a variable in its values (aws-reference.md#policy-variables, aws-reference.md#request-keys).
func presenceAssumptions(key string, o condition.Outcome, req *identity.Resolved) []string {
	if !o.Present {
		if a := identity.PresenceAssumption(key); a != "" {
			return []string{a}
		}
	}
	for _, pv := range o.PolicyValues {
		for _, v := range pv.Variables {
			if _, ok := req.Lookup(v); !ok {
				if a := identity.PresenceAssumption(v); a != "" {
					return []string{a}
				}
			}
		}
	}
	return nil
}

// matchAction compares one action with the statement's Action or
// NotAction: case-insensitive globs.
func matchAction(s *policy.Statement, action string) ActionTrace {
	hit := ""
	for _, a := range s.Actions {
		if ActionCovers(a, action) {
			hit = a
			break
		}
	}
	t := ActionTrace{Action: action}
	switch {
	case s.NotAction && hit == "":
		t.Matched, t.Reason = true, "NotAction does not list "+action+", so the statement covers it"
	case s.NotAction:
		t.Reason = "NotAction " + quote(hit) + " excludes " + action
	case hit != "":
		t.Matched, t.Reason = true, "Action "+quote(hit)+" covers "+action
	case len(s.Actions) == 0:
		t.Reason = "the statement has no Action"
	default:
		t.Reason = "Action " + quoteList(s.Actions) + " does not cover " + action
	}
	return t
}

// ActionCovers reports whether an Action (or NotAction) pattern of a
// statement covers action: the prefix and name are case-insensitive in
// ASCII only (names.Equal: "\u017fts:AssumeRoleWithWebIdentity" is another
// action), * and ? are wildcards (aws-reference.md#actions).
func ActionCovers(pattern, action string) bool {
	if !strings.ContainsAny(pattern, "*?") {
		return names.Equal(pattern, action)
	}
	return condition.MatchGlob(names.Fold(pattern), names.Fold(action))
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = quote(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// quote is strconv.Quote with a fast path for printable ASCII without
// quotes or backslashes, the common case on the evaluation hot path.
func quote(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return strconv.Quote(s)
		}
	}
	return `"` + s + `"`
}
