// Package evaluate decides an STS request against a role trust policy the
// way AWS does (aws-reference.md#decision-order): token-level checks first, then, for every
// action the request needs, explicit Deny before Allow before the implicit
// deny. It records a trace of every statement and condition so the explain
// package can say why.
package evaluate

import (
	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// Decision is the outcome of an STS request (the `decision` values of
// docs/guides/explain-json.md).
type Decision string

// Decisions.
const (
	Allow                Decision = "allow"
	ImplicitDeny         Decision = "implicit_deny"
	ExplicitDeny         Decision = "explicit_deny"
	InvalidIdentityToken Decision = "invalid_identity_token"
	ExpiredToken         Decision = "expired_token"
)

// Allowed reports whether the decision lets the caller assume the role.
func (d Decision) Allowed() bool { return d == Allow }

// Result is a decision with its full trace.
type Result struct {
	Decision Decision
	// Error is what STS answers, e.g. "AccessDenied: Not authorized to
	// perform sts:AssumeRoleWithWebIdentity"; "" when allowed.
	Error string
	// DecidedBy is the statement that decided: the matching Deny, or the
	// Allow that granted the primary action. Nil for implicit denies and
	// token errors.
	DecidedBy *StatementRef
	// Decider is the trace of the deciding statement (nil when DecidedBy is).
	Decider *StatementTrace
	// Issuer is the token issuer the checks looked for.
	Issuer string
	// DecidedByRCP is set when the deciding Deny came from a resource
	// control policy (index into Input.RCPs).
	DecidedByRCP *int
	// FailedAction is the action that was refused (implicit or explicit
	// deny), e.g. sts:TagSession when only the session tags fail.
	FailedAction string
	// Checks are the token-level checks that ran, in order.
	Checks []Check
	// Statements is the trace of every statement of the trust policy.
	Statements []StatementTrace
	// RCPStatements is the trace of RCP statements that matched.
	RCPStatements []StatementTrace
	// Request is the resolved request (principal, actions, keys).
	Request *identity.Resolved
	// Assumptions are the UNCONFIRMED rules this decision relied on.
	Assumptions []string
}

// StatementRef names a statement.
type StatementRef struct {
	Index int    `json:"index"`
	Sid   string `json:"sid,omitempty"`
}

// Check is one token-level check (aws-reference.md#token-checks).
type Check struct {
	Name   string `json:"name"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail"`
	Source string `json:"source"`
}

// StatementTrace records how one statement was evaluated.
type StatementTrace struct {
	Index  int
	Sid    string
	Effect policy.Effect
	// Skipped explains why the statement was not counted at all (for
	// example an Allow with Principal "*", which IAM refuses).
	Skipped   string
	Principal PrincipalTrace
	// Actions has one entry per action the request needs, in order.
	Actions []ActionTrace
	// Conditions has one entry per condition, in document order.
	Conditions []ConditionTrace
	// ConditionsMatched is true when every condition is true.
	ConditionsMatched bool
	// Applies is true when the statement applies to the primary action.
	Applies bool
	// Loc is where the statement is in the document.
	Loc policy.Location
	// Assumptions are UNCONFIRMED rules the principal and action
	// comparisons relied on (conditions carry their own).
	Assumptions []string
}

// Matched reports whether the statement applies to action index i.
func (s *StatementTrace) Matched(i int) bool {
	return s.Skipped == "" && s.Principal.Matched && s.Actions[i].Matched && s.ConditionsMatched
}

// PrincipalTrace records the principal comparison.
type PrincipalTrace struct {
	Matched bool
	// Type is the principal type compared (Federated, AWS, Service).
	Type string
	// PolicyValues are the statement's values of that type.
	PolicyValues []string
	// Request is the request's principal.
	Request string
	// MatchedBy says how an AWS principal matched: "arn", "account" or "*".
	MatchedBy string
	Reason    string
}

// ActionTrace records one action comparison.
type ActionTrace struct {
	Action  string
	Matched bool
	Reason  string
}

// ConditionTrace records one condition entry.
type ConditionTrace struct {
	Operator string
	Key      string
	// PolicyValues are the values as written; Expanded after variables.
	PolicyValues  []string
	Expanded      []string
	RequestValues []string
	Present       bool
	Matched       bool
	Reason        string
	Assumptions   []string
	Loc           policy.Location
}

func traceCondition(c *policy.Condition, values []string, o condition.Outcome) ConditionTrace {
	t := ConditionTrace{
		Operator:      c.OperatorName,
		Key:           c.Key,
		PolicyValues:  values,
		RequestValues: o.RequestValues,
		Present:       o.Present,
		Matched:       o.Matched,
		Reason:        o.Reason,
		Assumptions:   o.Assumptions,
		Loc:           c.Loc,
	}
	for _, pv := range o.PolicyValues {
		t.Expanded = append(t.Expanded, pv.Expanded())
	}
	return t
}
