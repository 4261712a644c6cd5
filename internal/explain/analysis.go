// Package explain turns an evaluation result into what a person needs: the
// reasons for the decision, the smallest change that would make the
// request pass, and stable text and JSON renderings.
package explain

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// Element names of a Cause.
const (
	ElementToken     = "token"
	ElementPrincipal = "principal"
	ElementAction    = "action"
	ElementCondition = "condition"
	ElementStatement = "statement"
)

// Cause is one element behind a decision: a failing element of the
// closest Allow (implicit deny), a true condition of the deciding Deny
// (explicit deny), or the failing token check. It carries both values and
// the change that would flip it.
type Cause struct {
	// Element is what the cause is about: token, principal, action,
	// condition or statement.
	Element string `json:"element"`
	// Check is the failing token check (provider, audience, expiry).
	Check string `json:"check,omitempty"`
	// Operator and Key name a condition.
	Operator string `json:"operator,omitempty"`
	Key      string `json:"key,omitempty"`
	// Action is the action a principal or action cause is about.
	Action string `json:"action,omitempty"`
	// PolicyValues are the statement's values for the element.
	PolicyValues []string `json:"policy_values"`
	// RequestValues are the request's values for the element.
	RequestValues []string `json:"request_values"`
	// KeyPresent says whether the request carries the condition key
	// (conditions only).
	KeyPresent *bool `json:"key_present,omitempty"`
	// Nearest is the policy value closest to the request's value.
	Nearest string `json:"nearest,omitempty"`
	// Reason says why the element decides the outcome.
	Reason string `json:"reason"`
	// Change is the smallest edit that flips this element.
	Change string `json:"change"`
	// Path and Position locate the element in the policy (when known).
	Path     string           `json:"path,omitempty"`
	Position *policy.Position `json:"position,omitempty"`
	// outside is true when Change is not an edit of the statement (for
	// example "sign the user in").
	outside bool
	// oneLine is set when the policy is a single line (jsonencode() or a
	// data source): the cause is then named by Path, not by line.
	oneLine bool
}

// Analysis is the explanation of one result.
type Analysis struct {
	// Summary is one sentence under the verdict.
	Summary string
	// Statement is the deciding statement, or the closest Allow for an
	// implicit deny (nil when there is none).
	Statement *evaluate.StatementTrace
	// Closest is true when Statement is the closest Allow rather than the
	// statement that decided.
	Closest bool
	// Causes are the elements behind the decision, in document order.
	Causes []Cause
	// Fix is the smallest change that would make the request allowed (or
	// the deny go away); "" when allowed.
	Fix string
}

// Analyze explains a result: why it was decided, and what to change.
func Analyze(r *evaluate.Result) Analysis { return AnalyzeNamed(r, nil) }

// AnalyzeNamed is Analyze with names for the resource control policies
// the result was evaluated with (rcpNames[i] names Input.RCPs[i], e.g. a
// file or an aws_organizations_policy address); without a name an RCP is
// named by its index.
func AnalyzeNamed(r *evaluate.Result, rcpNames []string) Analysis {
	switch r.Decision {
	case evaluate.Allow:
		s := r.Decider
		if s == nil {
			return Analysis{Summary: "An Allow statement matches this request."}
		}
		return Analysis{Statement: s, Summary: fmt.Sprintf("%s allows %s: the principal matches, the action is covered and %s.",
			labelAt(s), strings.Join(r.Request.Actions, " and "), conditionsHold(len(s.Conditions)))}
	case evaluate.InvalidIdentityToken, evaluate.ExpiredToken:
		return tokenAnalysis(r)
	case evaluate.ExplicitDeny:
		return denyAnalysis(r, rcpNames)
	}
	return allowGapAnalysis(r)
}

// Fix returns the smallest change that would make the request allowed (or
// make the deny go away), and the reasons behind the decision, most
// important first. Allowed results have no fix.
func Fix(r *evaluate.Result) (fix string, reasons []string) { return FixNamed(r, nil) }

// FixNamed is Fix with names for the resource control policies (see
// AnalyzeNamed).
func FixNamed(r *evaluate.Result, rcpNames []string) (fix string, reasons []string) {
	a := AnalyzeNamed(r, rcpNames)
	return a.Fix, a.Reasons()
}

// Reasons is the summary followed by one line per cause, with both values.
func (a Analysis) Reasons() []string {
	reasons := []string{a.Summary}
	for _, c := range a.Causes {
		reasons = append(reasons, c.Describe())
	}
	return reasons
}

// Describe states the cause on one line with both values, e.g.
// `condition StringEquals x:sub: policy "a", request "b": the namespace differs`.
func (c Cause) Describe() string {
	switch c.Element {
	case ElementCondition:
		req := "(absent)"
		if c.KeyPresent == nil || *c.KeyPresent {
			req = quoteAll(c.RequestValues)
		}
		return fmt.Sprintf("condition %s %s: policy %s, request %s: %s", c.Operator, c.Key, quoteAll(c.PolicyValues), req, c.Reason)
	case ElementPrincipal:
		return fmt.Sprintf("principal: policy %s, request %s: %s", quoteAll(c.PolicyValues), quoteAll(c.RequestValues), c.Reason)
	}
	return c.Reason
}

func conditionsHold(n int) string {
	switch n {
	case 0:
		return "it has no conditions"
	case 1:
		return "its condition holds"
	case 2:
		return "both conditions hold"
	}
	return fmt.Sprintf("all %d conditions hold", n)
}

func label(s *evaluate.StatementTrace) string { return statementName(s.Index, s.Sid) }

// labelAt names a statement with its line, e.g. `Statement[0] "Deploy" (line 4)`;
// in a one-line policy (jsonencode(), a data source) the line says nothing
// and the label is enough.
func labelAt(s *evaluate.StatementTrace) string {
	if s.Loc.Pos.Line > 0 && !s.Loc.OneLine {
		return fmt.Sprintf("%s (line %d)", label(s), s.Loc.Pos.Line)
	}
	return label(s)
}

// place names where a cause is in the policy: its path in a one-line
// policy (`Statement[0].Condition.StringEquals["k"]`), "line N" otherwise,
// "" when unknown.
func (c Cause) place() string {
	switch {
	case c.oneLine && c.Path != "":
		return policy.DisplayPath("", c.Path)
	case c.Position != nil:
		return fmt.Sprintf("line %d", c.Position.Line)
	}
	return ""
}

func statementName(index int, sid string) string {
	if sid != "" {
		return fmt.Sprintf("Statement[%d] %q", index, sid)
	}
	return fmt.Sprintf("Statement[%d]", index)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func boolPtr(b bool) *bool { return &b }

func positionPtr(p policy.Position) *policy.Position {
	if p.Line == 0 {
		return nil
	}
	return &p
}

// joinChanges joins several changes: "(1) a; (2) b".
func joinChanges(changes []string) string {
	if len(changes) == 1 {
		return changes[0]
	}
	parts := make([]string, len(changes))
	for i, c := range changes {
		parts[i] = fmt.Sprintf("(%d) %s", i+1, c)
	}
	return strings.Join(parts, "; ")
}

// sentence capitalises the first letter and ends s with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
