package condition

import "strings"

// Assumptions name the rules AWS does not document that a condition's
// outcome relied on. Each text starts with a stable id (lower-case words
// joined by hyphens) and a colon: callers and tests match on the id, the
// text after it may be reworded. AssumptionID extracts the id.
const (
	AssumeMultiValueNoSet     = "multivalued-key-without-set-operator: a multivalued key (such as amr or aws:TagKeys) under an operator without ForAnyValue: or ForAllValues: is evaluated as ForAnyValue: the condition is true when any one of the key's values satisfies the operator (docs/guides/aws-reference.md#multivalued-key-without-set-operator)"
	AssumeNegatedUnderSet     = "negated-operator-under-set-qualifier: a negated operator under ForAnyValue: or ForAllValues: is applied to each request value (a value satisfies it when it equals none of the policy values), then the qualifier is applied (docs/guides/aws-reference.md#negated-operator-under-set-qualifier)"
	AssumeNullEmptyString     = "empty-string-value-is-present: a key whose only value is the empty string is in the request: Null says it is present, and IfExists does not make the condition true (docs/guides/aws-reference.md#empty-string-value-is-present)"
	AssumeOperatorCaseExact   = "operator-name-case-exact: operator names are matched with their exact canonical spelling; another letter case is an unknown operator, which is never true (docs/guides/aws-reference.md#operator-name-case-exact)"
	AssumeEmptyPolicyList     = "empty-policy-value-list: a condition with an empty list of policy values matches no request value, under negated operators too (docs/guides/aws-reference.md#empty-policy-value-list)"
	AssumeForAnyValueIfExists = "for-any-value-if-exists-absent-key: ForAnyValue: with an ...IfExists operator is true when the key is not in the request (IfExists wins over ForAnyValue's false for a missing key) (docs/guides/aws-reference.md#for-any-value-if-exists-absent-key)"
	AssumeUnparsableValue     = "unparsable-value: a value that cannot be read for the operator's type (a number, date, IP address, ARN or base64 text) satisfies no positive operator, and a negated operator counts it as different (docs/guides/aws-reference.md#unparsable-value)"
	AssumeNullValueNotBoolean = "null-value-not-boolean: a Null value is read case-insensitively, and a value other than true or false means false (the key must be present) (docs/guides/aws-reference.md#null-value-not-boolean)"
	AssumeVariableSyntax      = "policy-variable-syntax: a policy variable written other than ${key} or ${key, 'default'} (no space after the comma, spaces around the name, a default without quotes) is read as if written that way, and a ${ without its closing } is literal text (docs/guides/aws-reference.md#policy-variable-syntax)"
	AssumeMultiValueVariable  = "multivalued-key-as-variable: a policy variable naming a multivalued key has no value (its default is used, if any, otherwise the policy value is null), even when the key has a single value (docs/guides/aws-reference.md#multivalued-key-as-variable)"
	AssumeIPv4MappedIPv6      = "ipv4-mapped-ipv6-address: an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is compared as the IPv4 address a.b.c.d, in the request and in the policy (docs/guides/aws-reference.md#ipv4-mapped-ipv6-address)"
	AssumeIPPrefixHostBits    = "ip-prefix-host-bits: a CIDR block written with host bits set (203.0.113.9/24) stands for the block that contains it (203.0.113.0/24) (docs/guides/aws-reference.md#ip-prefix-host-bits)"
	AssumeEmptyValueList      = "empty-value-list-is-absent: a key given with an empty list of values is not in the request (for Null, IfExists, the set qualifiers and negated operators alike) (docs/guides/aws-reference.md#empty-value-list-is-absent)"
	AssumeNumericFormat       = "numeric-value-format: numbers are read as decimal text with an optional sign, fraction and e exponent, ignoring surrounding spaces; hexadecimal, binary exponents, Inf and NaN are not numbers (docs/guides/aws-reference.md#numeric-value-format)"
	AssumeDateFormat          = "date-value-format: a date without a time zone is read as UTC, a date without a time as midnight UTC, and surrounding spaces are ignored (docs/guides/aws-reference.md#date-value-format)"
	AssumeBoolFormat          = "bool-value-format: Bool compares its values ignoring letter case, and compares a value other than true or false as text (docs/guides/aws-reference.md#bool-value-format)"
)

// AssumptionID returns the stable id an assumption text starts with ("" when
// it has none).
func AssumptionID(assumption string) string {
	id, _, ok := strings.Cut(assumption, ": ")
	if !ok || strings.ContainsAny(id, " §") {
		return ""
	}
	return id
}

// notes is a set of assumptions found while comparing values, kept as bits
// so the evaluation hot path does not allocate.
type notes uint32

const (
	noteUnparsable notes = 1 << iota
	noteNumericFormat
	noteDateFormat
	noteBoolFormat
	noteIPMapped
	noteIPHostBits
	noteVariableSyntax
	noteMultiValueVariable
	noteEmptyValueList
)

// noteTexts maps each bit to its assumption, in a fixed order.
var noteTexts = []struct {
	bit  notes
	text string
}{
	{noteUnparsable, AssumeUnparsableValue},
	{noteNumericFormat, AssumeNumericFormat},
	{noteDateFormat, AssumeDateFormat},
	{noteBoolFormat, AssumeBoolFormat},
	{noteIPMapped, AssumeIPv4MappedIPv6},
	{noteIPHostBits, AssumeIPPrefixHostBits},
	{noteVariableSyntax, AssumeVariableSyntax},
	{noteMultiValueVariable, AssumeMultiValueVariable},
	{noteEmptyValueList, AssumeEmptyValueList},
}

// appendTo adds the assumptions of n to list, without duplicates.
func (n notes) appendTo(list []string) []string {
	for _, t := range noteTexts {
		if n&t.bit != 0 && !contains(list, t.text) {
			list = append(list, t.text)
		}
	}
	return list
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// MultivaluedContext is implemented by contexts that know which keys are
// multivalued by type (amr, aws:TagKeys, ...), whatever number of values
// the request gives them: AWS classifies keys by type, not by count. A
// context without it counts a key as multivalued when it has more than one
// value.
type MultivaluedContext interface {
	Multivalued(key string) bool
}

// multivalued reports whether key, with the request values vals, is a
// multivalued key.
func multivalued(ctx Context, key string, vals []string) bool {
	if len(vals) > 1 {
		return true
	}
	mc, ok := ctx.(MultivaluedContext)
	return ok && mc.Multivalued(key)
}
