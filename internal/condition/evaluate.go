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
	// Present reports whether the request carried the key with at least
	// one value (see Evaluate).
	Present bool
	// RequestValues are the key's values in the request (nil when absent).
	RequestValues []string
	// PolicyValues are the policy values after variable expansion.
	PolicyValues []PolicyValue
	// Reason says in a few words why the entry is true or false.
	Reason string
	// Assumptions lists the rules AWS does not document that the outcome
	// relied on (see the Assume constants).
	Assumptions []string
}

// Evaluate decides one condition entry: operator op on key with the policy
// values as written. variables says whether ${...} is expanded (policy
// Version 2012-10-17).
//
// One notion of presence serves every operator: a key is in the request
// when the context carries it with at least one value. A key given with an
// empty list is absent (AssumeEmptyValueList); a key whose values are all
// empty strings is present (Null says so, IfExists does not apply), and for
// the set qualifiers its values form a null data set: ForAllValues: is true
// and ForAnyValue: false, as documented.
func Evaluate(op Operator, key string, values []string, ctx Context, variables bool) Outcome {
	reqVals, found := ctx.Lookup(key)
	present := found && len(reqVals) > 0
	out := Outcome{Present: present}
	var n notes
	if found && !present && emptyListMatters(op) {
		n |= noteEmptyValueList
	}
	if present {
		out.RequestValues = reqVals
	}
	if op.Base == Null {
		out = evaluateNull(values, out)
		out.Assumptions = n.appendTo(out.Assumptions)
		return out
	}
	enabled := variables && op.Base.AllowsVariables()
	out.PolicyValues = make([]PolicyValue, len(values))
	needPattern := op.Base == StringLike || op.Base == StringNotLike || op.Base.Family() == FamilyARN
	for i, v := range values {
		out.PolicyValues[i] = expandValue(v, enabled, ctx, needPattern)
		n |= out.PolicyValues[i].notes
	}
	emptyStrings := present && nullDataSet(reqVals)
	if emptyStrings && (op.Set == NoSet || op.Set == ForAnyValue && op.IfExists) {
		// The outcome rests on "" being a value: IfExists does not apply,
		// and a plain operator compares it. (ForAllValues: is true for
		// either reading.)
		out.Assumptions = append(out.Assumptions, AssumeNullEmptyString)
	}
	if op.Set != NoSet && op.Negated() {
		out.Assumptions = append(out.Assumptions, AssumeNegatedUnderSet)
	}
	out.Matched, out.Reason = decide(op, present, emptyStrings, reqVals, values, ctx, key, &out, &n)
	out.Assumptions = n.appendTo(out.Assumptions)
	out.Assumptions = appendFoldAssumption(out.Assumptions, op.Base, reqVals, out.PolicyValues)
	return out
}

// emptyListMatters reports whether reading a key given with an empty list
// of values as absent, rather than as present with no value, can change the
// operator's outcome: it does for Null, IfExists and plain negated
// operators; ForAllValues: is true and ForAnyValue: and plain positive
// operators false either way.
func emptyListMatters(op Operator) bool {
	switch {
	case op.Base == Null:
		return true
	case op.Set == NoSet:
		return op.IfExists || op.Negated()
	case op.Set == ForAnyValue:
		return op.IfExists
	}
	return false
}

// decide applies the operator once presence is known; it returns the
// entry's truth value and reason, adding assumptions to out and n.
func decide(op Operator, present, emptyStrings bool, reqVals, values []string, ctx Context, key string, out *Outcome, n *notes) (bool, string) {
	m := matcherFor(op.Base)
	switch op.Set {
	case ForAllValues:
		if !present {
			return true, "ForAllValues: the request has no value for the key, so the condition is true"
		}
		if emptyStrings {
			return true, "ForAllValues: the key's values are only empty strings (a null data set), so the condition is true"
		}
		for _, v := range reqVals {
			if !m.matchOne(op.Base, v, out.PolicyValues, n) {
				return false, "ForAllValues: request value " + quote(v) + " matches no policy value"
			}
		}
		return true, "ForAllValues: every request value matches a policy value"
	case ForAnyValue:
		if !present {
			if op.IfExists {
				out.Assumptions = append(out.Assumptions, AssumeForAnyValueIfExists)
				return true, "the key is not in the request and the operator ends in IfExists, so the condition is true"
			}
			return false, "ForAnyValue: the request has no value for the key, so the condition is false"
		}
		if emptyStrings {
			reason := "ForAnyValue: the key is in the request but its values are only empty strings (a null data set), so the condition is false"
			if op.IfExists {
				reason += "; IfExists applies only to a key that is not in the request"
			}
			return false, reason
		}
		for _, v := range reqVals {
			if m.matchOne(op.Base, v, out.PolicyValues, n) {
				return true, "ForAnyValue: request value " + quote(v) + " matches"
			}
		}
		return false, "ForAnyValue: no request value matches any policy value"
	}

	if !present {
		switch {
		case op.IfExists:
			return true, "the key is not in the request and the operator ends in IfExists, so the condition is true"
		case op.Negated():
			return true, "the key is not in the request; a negated operator is true for a missing key"
		default:
			return false, "the key is not in the request; a missing key never matches"
		}
	}
	if multivalued(ctx, key, reqVals) {
		out.Assumptions = append(out.Assumptions, AssumeMultiValueNoSet)
	}
	if len(values) == 0 {
		if op.Negated() && !op.IfExists {
			out.Assumptions = append(out.Assumptions, AssumeEmptyPolicyList)
		}
		return false, "the condition lists no policy values, so no request value matches it"
	}
	for _, v := range reqVals {
		if m.matchOne(op.Base, v, out.PolicyValues, n) {
			if op.Negated() {
				return true, "request value " + quote(v) + " differs from every policy value"
			}
			return true, "request value " + quote(v) + " matches"
		}
	}
	if op.Negated() {
		return false, "the request value matches a policy value, so the negated operator is false"
	}
	return false, "the request value matches no policy value"
}

// HoldsForValue reports whether a condition entry (operator op with the
// policy values as written) holds for a request whose key carries exactly
// the one value v, with policy variables taken literally: the algorithm of
// aws-reference.md#conditions, e.g. whether a token whose audience is a provider's client ID
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
// string", aws-reference.md#set-operators).
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
		if v != "true" && v != "false" && !contains(out.Assumptions, AssumeNullValueNotBoolean) {
			out.Assumptions = append(out.Assumptions, AssumeNullValueNotBoolean)
		}
		want := names.Equal(v, "true")
		if want == !out.Present {
			out.Matched = true
		}
	}
	if out.Present && nullDataSet(out.RequestValues) {
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
