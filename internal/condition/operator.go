// Package condition implements IAM condition operators: parsing an operator
// name such as "ForAnyValue:StringLikeIfExists", and deciding one condition
// entry (operator, key, policy values) against a request context, exactly as
// aws-reference.md#conditions describes.
//
// Files: operator.go parses operator names; evaluate.go decides one entry
// (presence, set qualifiers, IfExists, Null); match.go compares one request
// value with one policy value per operator family; variables.go expands
// policy variables; glob.go is the StringLike/ARN glob; assumptions.go
// lists the undocumented rules an outcome can rely on, each with a stable
// id.
package condition

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// Base is the operator family without set qualifier or IfExists suffix.
type Base int

// Base operators, in the order of the IAM documentation (aws-reference.md#missing-keys).
const (
	BaseInvalid Base = iota
	StringEquals
	StringNotEquals
	StringEqualsIgnoreCase
	StringNotEqualsIgnoreCase
	StringLike
	StringNotLike
	NumericEquals
	NumericNotEquals
	NumericLessThan
	NumericLessThanEquals
	NumericGreaterThan
	NumericGreaterThanEquals
	DateEquals
	DateNotEquals
	DateLessThan
	DateLessThanEquals
	DateGreaterThan
	DateGreaterThanEquals
	Bool
	BinaryEquals
	IPAddress
	NotIPAddress
	ArnEquals
	ArnLike
	ArnNotEquals
	ArnNotLike
	Null
)

var baseNames = map[Base]string{
	StringEquals:              "StringEquals",
	StringNotEquals:           "StringNotEquals",
	StringEqualsIgnoreCase:    "StringEqualsIgnoreCase",
	StringNotEqualsIgnoreCase: "StringNotEqualsIgnoreCase",
	StringLike:                "StringLike",
	StringNotLike:             "StringNotLike",
	NumericEquals:             "NumericEquals",
	NumericNotEquals:          "NumericNotEquals",
	NumericLessThan:           "NumericLessThan",
	NumericLessThanEquals:     "NumericLessThanEquals",
	NumericGreaterThan:        "NumericGreaterThan",
	NumericGreaterThanEquals:  "NumericGreaterThanEquals",
	DateEquals:                "DateEquals",
	DateNotEquals:             "DateNotEquals",
	DateLessThan:              "DateLessThan",
	DateLessThanEquals:        "DateLessThanEquals",
	DateGreaterThan:           "DateGreaterThan",
	DateGreaterThanEquals:     "DateGreaterThanEquals",
	Bool:                      "Bool",
	BinaryEquals:              "BinaryEquals",
	IPAddress:                 "IpAddress",
	NotIPAddress:              "NotIpAddress",
	ArnEquals:                 "ArnEquals",
	ArnLike:                   "ArnLike",
	ArnNotEquals:              "ArnNotEquals",
	ArnNotLike:                "ArnNotLike",
	Null:                      "Null",
}

var basesByName = func() map[string]Base {
	m := make(map[string]Base, len(baseNames))
	for b, n := range baseNames {
		m[n] = b
	}
	return m
}()

// String returns the canonical IAM spelling of the base operator.
func (b Base) String() string {
	if n, ok := baseNames[b]; ok {
		return n
	}
	return "Invalid"
}

// Negated reports whether the operator matches when the request value
// matches none of the policy values ("Not" operators). Negated operators
// evaluate to true when the key is absent (aws-reference.md#missing-keys).
func (b Base) Negated() bool {
	switch b {
	case StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike,
		NumericNotEquals, DateNotEquals, NotIPAddress, ArnNotEquals, ArnNotLike:
		return true
	}
	return false
}

// Family groups base operators that share a value syntax.
type Family int

// Operator families.
const (
	FamilyString Family = iota
	FamilyNumeric
	FamilyDate
	FamilyBool
	FamilyBinary
	FamilyIP
	FamilyARN
	FamilyNull
)

// Family returns the value family of the base operator.
func (b Base) Family() Family {
	switch {
	case b >= StringEquals && b <= StringNotLike:
		return FamilyString
	case b >= NumericEquals && b <= NumericGreaterThanEquals:
		return FamilyNumeric
	case b >= DateEquals && b <= DateGreaterThanEquals:
		return FamilyDate
	case b == Bool:
		return FamilyBool
	case b == BinaryEquals:
		return FamilyBinary
	case b == IPAddress || b == NotIPAddress:
		return FamilyIP
	case b >= ArnEquals && b <= ArnNotLike:
		return FamilyARN
	}
	return FamilyNull
}

// AllowsVariables reports whether policy variables (${...}) are expanded in
// this operator's values: string and ARN operators only.
func (b Base) AllowsVariables() bool {
	f := b.Family()
	return f == FamilyString || f == FamilyARN
}

// SetQualifier is the optional ForAllValues:/ForAnyValue: prefix.
type SetQualifier int

// Set qualifiers (aws-reference.md#set-operators).
const (
	NoSet SetQualifier = iota
	ForAllValues
	ForAnyValue
)

// String returns the prefix as written in a policy, without the colon.
func (s SetQualifier) String() string {
	switch s {
	case ForAllValues:
		return "ForAllValues"
	case ForAnyValue:
		return "ForAnyValue"
	}
	return ""
}

// Operator is a parsed condition operator.
type Operator struct {
	Set      SetQualifier
	Base     Base
	IfExists bool
}

// String returns the canonical spelling, e.g. "ForAnyValue:StringLikeIfExists".
func (o Operator) String() string {
	var b strings.Builder
	if o.Set != NoSet {
		b.WriteString(o.Set.String())
		b.WriteByte(':')
	}
	b.WriteString(o.Base.String())
	if o.IfExists {
		b.WriteString("IfExists")
	}
	return b.String()
}

// Negated reports whether the base operator is a negated one.
func (o Operator) Negated() bool { return o.Base.Negated() }

// ParseOperator parses an operator name as IAM spells it. Names are
// case-sensitive and must use the canonical spelling: IAM refuses unknown
// spellings such as "ForAllValuesStringEquals" with "Invalid Condition type"
// (aws-reference.md#operator-names; case sensitivity UNCONFIRMED, recommendation followed).
func ParseOperator(name string) (Operator, error) {
	var op Operator
	rest := name
	switch {
	case strings.HasPrefix(rest, "ForAllValues:"):
		op.Set, rest = ForAllValues, rest[len("ForAllValues:"):]
	case strings.HasPrefix(rest, "ForAnyValue:"):
		op.Set, rest = ForAnyValue, rest[len("ForAnyValue:"):]
	}
	if b, ok := basesByName[rest]; ok {
		op.Base = b
	} else if trimmed, found := strings.CutSuffix(rest, "IfExists"); found {
		b, ok := basesByName[trimmed]
		if !ok || b == Null {
			return Operator{}, invalidOperator(name)
		}
		op.Base, op.IfExists = b, true
	} else {
		return Operator{}, invalidOperator(name)
	}
	if op.Base == Null && op.Set != NoSet {
		return Operator{}, fmt.Errorf("invalid condition operator %q: Null cannot take a set qualifier", name)
	}
	return op, nil
}

// CaseVariant returns the canonical operator name that differs from name
// only in letter case, or "" when there is none. Such a name is refused on
// the UNCONFIRMED assumption that operator names are case-sensitive
// (aws-reference.md#operator-names), so decisions that depend on it record AssumeOperatorCaseExact.
func CaseVariant(name string) string {
	set, rest := "", name
	if i := strings.IndexByte(name, ':'); i >= 0 {
		set, rest = name[:i+1], name[i+1:]
		switch {
		case names.Equal(set, "ForAllValues:"):
			set = "ForAllValues:"
		case names.Equal(set, "ForAnyValue:"):
			set = "ForAnyValue:"
		default:
			return ""
		}
	}
	suffix := ""
	if len(rest) > len("IfExists") && names.Equal(rest[len(rest)-len("IfExists"):], "IfExists") {
		if _, exact := basesByName[rest]; !exact {
			suffix, rest = "IfExists", rest[:len(rest)-len("IfExists")]
		}
	}
	for b, n := range baseNames {
		if names.Equal(n, rest) {
			cand := set + baseNames[b] + suffix
			if _, err := ParseOperator(cand); err == nil && cand != name {
				return cand
			}
		}
	}
	return ""
}

func invalidOperator(name string) error {
	hint := ""
	if s := nearestOperatorName(name); s != "" {
		hint = fmt.Sprintf("; did you mean %q?", s)
	}
	return fmt.Errorf("invalid condition operator %q: IAM would refuse it (Invalid Condition type)%s", name, hint)
}

// nearestOperatorName suggests a canonical spelling for a misspelt operator,
// for example a missing colon after ForAllValues or a case difference.
func nearestOperatorName(name string) string {
	fold := names.Fold(strings.ReplaceAll(name, ":", ""))
	for _, set := range []string{"", "ForAllValues:", "ForAnyValue:"} {
		for _, base := range baseNames {
			for _, suffix := range []string{"", "IfExists"} {
				cand := set + base + suffix
				if names.Fold(strings.ReplaceAll(cand, ":", "")) == fold {
					return cand
				}
			}
		}
	}
	return ""
}
