// Package policy parses IAM role trust policy documents into typed
// statements that remember where in the source each element came from, and
// reports what IAM would refuse at write time as Problems while still
// returning everything that can be evaluated.
package policy

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
)

// Position is a place in the source document. Line and Column are 1-based;
// Column counts Unicode code points. Offset is the 0-based byte offset.
type Position struct {
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Column int `json:"column"`
}

// String formats the position as "line:column".
func (p Position) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// Location names an element by JSON path (for example
// `$.Statement[0].Condition.StringEquals["x:sub"]`) and source position.
type Location struct {
	Path string   `json:"path"`
	Pos  Position `json:"position"`
	// OneLine is set when the document is a single line (jsonencode() or
	// a data source's output): a line number would say nothing there, so
	// messages name the element by path (Place).
	OneLine bool `json:"-"`
}

// String formats the location as "path (line:column)".
func (l Location) String() string { return fmt.Sprintf("%s (%s)", l.Path, l.Pos) }

// Place names the location for a reader: "line 12" in a document of
// several lines, the element's path (`Statement[0].Condition.StringEquals["k"]`)
// in a one-line document, "" when the position is unknown.
func (l Location) Place() string {
	switch {
	case l.OneLine && l.Path != "":
		return DisplayPath("", l.Path)
	case l.Pos.Line > 0:
		return fmt.Sprintf("line %d", l.Pos.Line)
	}
	return ""
}

// VersionCurrent is the policy language version that enables policy variables.
const VersionCurrent = "2012-10-17"

// Document is a parsed policy document.
type Document struct {
	// Version as written; "" when the element is absent.
	Version string
	// ID is the optional Id element.
	ID string
	// Statements in document order. A single statement object is a
	// one-element list.
	Statements []Statement
	// Size is the document length as IAM counts it against the
	// 2,048-character trust policy quota (whitespace outside strings is not
	// counted).
	Size int
}

// VariablesEnabled reports whether ${...} in condition values are policy
// variables (Version 2012-10-17) rather than literal text.
func (d *Document) VariablesEnabled() bool { return d.Version == VersionCurrent }

// Effect is Allow or Deny.
type Effect string

// Effects.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Statement is one statement of a policy.
type Statement struct {
	// Index is the 0-based position in the Statement list.
	Index int
	// Sid is the optional statement id.
	Sid string
	// Effect is Allow or Deny; statements with any other effect are
	// reported as problems and left out of Statements.
	Effect Effect
	// Principal is nil when the statement has no Principal element.
	Principal *Principal
	// NotPrincipal is nil unless the statement uses NotPrincipal (refused in
	// trust policies and reported as a problem).
	NotPrincipal *Principal
	// Actions lists Action values; NotAction is true when they came from a
	// NotAction element.
	Actions   []string
	NotAction bool
	// Resources lists Resource or NotResource values (refused in trust
	// policies; kept for reporting only).
	Resources   []string
	NotResource bool
	// Conditions in document order, one entry per operator and key.
	Conditions []Condition
	// Loc is the location of the statement object.
	Loc Location
}

// Label names the statement for people: its Sid when it has one, else its
// index, e.g. `Statement[1] "DenyPullRequests"` or `Statement[0]`.
func (s *Statement) Label() string {
	if s.Sid != "" {
		return fmt.Sprintf("Statement[%d] %q", s.Index, s.Sid)
	}
	return fmt.Sprintf("Statement[%d]", s.Index)
}

// Principal is a Principal or NotPrincipal element.
type Principal struct {
	// Wildcard is true for `"Principal": "*"`.
	Wildcard bool
	// Values maps the principal type as written ("AWS", "Federated",
	// "Service", "CanonicalUser") to its values.
	Values map[string][]string
	// Loc is the location of the element.
	Loc Location
}

// ValueKind records the JSON type a condition value was written as.
type ValueKind int

// Value kinds.
const (
	KindString ValueKind = iota
	KindBool
	KindNumber
)

// Value is one condition value. Raw is its text: strings as-is, booleans as
// "true"/"false", numbers exactly as written.
type Value struct {
	Raw  string
	Kind ValueKind
}

// Condition is one (operator, key) entry of a Condition element.
type Condition struct {
	// OperatorName is the operator as written; Operator is its parsed
	// form. OperatorValid is false when the name is not a known operator
	// (then the entry is reported as a problem and never matches).
	OperatorName  string
	Operator      condition.Operator
	OperatorValid bool
	// Key is the condition key as written (case preserved for messages).
	Key string
	// Values as written; a scalar is a one-element list.
	Values []Value
	// Loc is the location of the key within the operator block.
	Loc Location
}

// Problem is something IAM would refuse when the document is written, or a
// construct the evaluator cannot honour. Problems never stop evaluation of
// the rest of the document.
type Problem struct {
	// Code is a stable identifier, e.g. "principal-wildcard".
	Code string `json:"code"`
	// Message says what is wrong and what is expected.
	Message string `json:"message"`
	// Path and Position locate the element.
	Path     string   `json:"path"`
	Position Position `json:"position"`
	// Source is where the rule comes from: the AWS documentation URL, or
	// docs/guides/aws-reference.md#ANCHOR for a rule AWS does not document
	// (several separated by " ; ").
	Source string `json:"source"`
	// OneLine is set when the document is a single line: the problem is
	// then named by path alone (String, Where).
	OneLine bool `json:"-"`
}

// String formats the problem as "line:column: path: message", or
// "path: message" in a one-line document.
func (p Problem) String() string {
	if p.OneLine {
		return fmt.Sprintf("%s: %s", DisplayPath("", p.Path), p.Message)
	}
	return fmt.Sprintf("%s: %s: %s", p.Position, p.Path, p.Message)
}

// Where names the problem's place for a reader: "$.Statement[0].Resource at
// 7:7" in a document of several lines, "Statement[0].Resource" in a
// one-line document.
func (p Problem) Where() string {
	if p.OneLine {
		return DisplayPath("", p.Path)
	}
	return fmt.Sprintf("%s at %s", p.Path, p.Position)
}

// SyntaxError is returned for input that cannot be read as a policy at all
// (invalid JSON or UTF-8, wrong top-level type, too deep). It names the place.
type SyntaxError struct {
	Path     string
	Position Position
	Message  string
}

// Error implements error.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.Position, e.Path, e.Message)
}
