package condition

import (
	"strconv"

	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// Outcome is the result of one condition entry, with everything an
// explanation needs.
type Outcome struct {
	// Matched is the entry's truth value.
	Matched bool
	// Present reports whether the request carried the key.
	Present bool
	// RequestValues are the key's values in the request (nil when absent).
	RequestValues []string
	// PolicyValues are the policy values after variable expansion.
	PolicyValues []PolicyValue
	// Reason says in a few words why the entry is true or false.
	Reason string
	// Assumptions lists UNCONFIRMED rules the outcome relied on.
	Assumptions []string
}

// Assumption texts for UNCONFIRMED rules (spec §10), so callers can report
// which ones a decision relied on.
const (
	AssumeMultiValueNoSet   = "spec §4.4 UNCONFIRMED: a multivalued key under an operator without ForAnyValue:/ForAllValues: is evaluated as ForAnyValue (any value matches)"
	AssumeNegatedUnderSet   = "spec §4.4 UNCONFIRMED: a negated operator under a set qualifier is applied per value (a value matches when it equals none of the policy values), then the qualifier"
	AssumeNullEmptyString   = "spec §4.5a UNCONFIRMED: Null treats a key whose value is the empty string as present"
	AssumeOperatorCaseExact = "spec §4.2 UNCONFIRMED: operator names are matched with their exact canonical spelling"
	AssumeEmptyPolicyList   = "spec §4.4 UNCONFIRMED: a condition with an empty list of policy values matches no request value, under negated operators too (documented only for ForAllValues:, ForAnyValue: and IfExists)"
)

// Evaluate decides one condition entry: operator op on key with the policy
// values as written. variables says whether ${...} is expanded (policy
// Version 2012-10-17). The algorithm is spec §4.5a.
func Evaluate(op Operator, key string, values []string, ctx Context, variables bool) Outcome {
	reqVals, present := ctx.Lookup(key)
	out := Outcome{Present: present}
	if present {
		out.RequestValues = reqVals
	}
	if op.Base == Null {
		return evaluateNull(values, out)
	}
	enabled := variables && op.Base.AllowsVariables()
	out.PolicyValues = make([]PolicyValue, len(values))
	needPattern := op.Base == StringLike || op.Base == StringNotLike || op.Base.Family() == FamilyARN
	for i, v := range values {
		out.PolicyValues[i] = expandValue(v, enabled, ctx, needPattern)
	}
	m := matcherFor(op.Base)
	out.Assumptions = appendFoldAssumption(out.Assumptions, op.Base, reqVals, out.PolicyValues)

	switch op.Set {
	case ForAllValues:
		if op.Negated() {
			out.Assumptions = append(out.Assumptions, AssumeNegatedUnderSet)
		}
		if !present || nullDataSet(reqVals) {
			out.Matched, out.Reason = true, "ForAllValues: the request has no value for the key, so the condition is true"
			return out
		}
		for _, v := range reqVals {
			if !m.matchOne(op.Base, v, out.PolicyValues) {
				out.Reason = "ForAllValues: request value " + quote(v) + " matches no policy value"
				return out
			}
		}
		out.Matched, out.Reason = true, "ForAllValues: every request value matches a policy value"
		return out
	case ForAnyValue:
		if op.Negated() {
			out.Assumptions = append(out.Assumptions, AssumeNegatedUnderSet)
		}
		if !present || nullDataSet(reqVals) {
			if op.IfExists {
				out.Matched, out.Reason = true, "the key is not in the request and the operator ends in IfExists, so the condition is true"
				return out
			}
			out.Reason = "ForAnyValue: the request has no value for the key, so the condition is false"
			return out
		}
		for _, v := range reqVals {
			if m.matchOne(op.Base, v, out.PolicyValues) {
				out.Matched, out.Reason = true, "ForAnyValue: request value "+quote(v)+" matches"
				return out
			}
		}
		out.Reason = "ForAnyValue: no request value matches any policy value"
		return out
	}

	if !present || len(reqVals) == 0 {
		switch {
		case op.IfExists:
			out.Matched, out.Reason = true, "the key is not in the request and the operator ends in IfExists, so the condition is true"
		case op.Negated():
			out.Matched, out.Reason = true, "the key is not in the request; a negated operator is true for a missing key"
		default:
			out.Reason = "the key is not in the request; a missing key never matches"
		}
		return out
	}
	if len(reqVals) > 1 {
		out.Assumptions = append(out.Assumptions, AssumeMultiValueNoSet)
	}
	if len(values) == 0 {
		if op.Negated() && !op.IfExists {
			out.Assumptions = append(out.Assumptions, AssumeEmptyPolicyList)
		}
		out.Reason = "the condition lists no policy values, so no request value matches it"
		return out
	}
	for _, v := range reqVals {
		if m.matchOne(op.Base, v, out.PolicyValues) {
			out.Matched = true
			if op.Negated() {
				out.Reason = "request value " + quote(v) + " differs from every policy value"
			} else {
				out.Reason = "request value " + quote(v) + " matches"
			}
			return out
		}
	}
	if op.Negated() {
		out.Reason = "the request value matches a policy value, so the negated operator is false"
	} else {
		out.Reason = "the request value matches no policy value"
	}
	return out
}

// HoldsForValue reports whether a condition entry (operator op with the
// policy values as written) holds for a request whose key carries exactly
// the one value v, with policy variables taken literally: the algorithm of
// spec §4.5a, e.g. whether a token whose audience is a provider's client ID
// can satisfy a condition on the :aud key.
func HoldsForValue(op Operator, values []string, v string) bool {
	return Evaluate(op, "", values, singleValue(v), false).Matched
}

// singleValue is a Context in which every key has the one value.
type singleValue string

func (v singleValue) Lookup(string) ([]string, bool) { return []string{string(v)}, true }

// nullDataSet reports whether the request's values for a key form a null
// data set for the set qualifiers: no values, or only empty strings
// ("if the key values resolve to a null data set, such as an empty
// string", spec §4.4, [S4]).
func nullDataSet(vals []string) bool {
	for _, v := range vals {
		if v != "" {
			return false
		}
	}
	return true
}

func evaluateNull(values []string, out Outcome) Outcome {
	for _, v := range values {
		want := names.Equal(v, "true")
		if want == !out.Present {
			out.Matched = true
		}
	}
	if out.Present && len(out.RequestValues) == 1 && out.RequestValues[0] == "" {
		out.Assumptions = append(out.Assumptions, AssumeNullEmptyString)
	}
	switch {
	case out.Matched && out.Present:
		out.Reason = "Null: the key is present, as the condition requires"
	case out.Matched:
		out.Reason = "Null: the key is absent, as the condition requires"
	case out.Present:
		out.Reason = "Null: the condition requires the key to be absent, but the request carries it"
	default:
		out.Reason = "Null: the condition requires the key to be present, but the request does not carry it"
	}
	return out
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
