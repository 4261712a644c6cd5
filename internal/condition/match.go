package condition

import (
	"bytes"
	"encoding/base64"
	"math/big"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// valueMatcher compares one request value with one policy value for the
// positive form of an operator family. It also reports, as notes, the
// undocumented rules the comparison relied on (an unreadable value, a
// number or date in an unusual format, ...).
type valueMatcher struct {
	positive func(base Base, request string, policy PolicyValue) (bool, notes)
}

// matchOne applies the operator to one request value and all policy values:
// positive operators need one policy value to match (OR); negated operators
// need every policy value to differ (aws-reference.md#condition-structure). Null policy values
// never match, so they count as "different" under negated operators.
// An empty list of policy values matches nothing, negated or not: IAM says
// such a condition matches only when the key is missing (ForAllValues:,
// IfExists) or never (ForAnyValue:) (aws-reference.md#set-operators).
func (m valueMatcher) matchOne(base Base, request string, policy []PolicyValue, n *notes) bool {
	if len(policy) == 0 {
		return false
	}
	any := false
	for _, p := range policy {
		if p.Null {
			continue
		}
		ok, note := m.positive(base, request, p)
		*n |= note
		if ok {
			any = true
			break
		}
	}
	if base.Negated() {
		return !any
	}
	return any
}

func matcherFor(b Base) valueMatcher {
	switch b.Family() {
	case FamilyString:
		return valueMatcher{positive: matchString}
	case FamilyNumeric:
		return valueMatcher{positive: matchNumeric}
	case FamilyDate:
		return valueMatcher{positive: matchDate}
	case FamilyBool:
		return valueMatcher{positive: matchBool}
	case FamilyBinary:
		return valueMatcher{positive: matchBinary}
	case FamilyIP:
		return valueMatcher{positive: matchIP}
	case FamilyARN:
		return valueMatcher{positive: matchARN}
	}
	return valueMatcher{positive: func(Base, string, PolicyValue) (bool, notes) { return false, 0 }}
}

// matchString: StringEquals exact and case-sensitive, wildcards literal
// (aws-reference.md#missing-keys); IgnoreCase folds case; StringLike is an anchored glob.
func matchString(b Base, r string, p PolicyValue) (bool, notes) {
	switch b {
	case StringEquals, StringNotEquals:
		return r == p.literal(), 0
	case StringEqualsIgnoreCase, StringNotEqualsIgnoreCase:
		return names.Equal(r, p.literal()), 0
	default: // StringLike, StringNotLike
		return p.Pattern.Match(r), 0
	}
}

// matchBool: "true" or "false"; letter case is ignored and other values
// are compared as text (AssumeBoolFormat).
func matchBool(_ Base, r string, p PolicyValue) (bool, notes) {
	var n notes
	for _, v := range [2]string{r, p.Text} {
		if v != "true" && v != "false" {
			n |= noteBoolFormat
		}
	}
	return names.Equal(r, p.Text), n
}

// ParseNumber reads an IAM numeric value: decimal text with an optional
// sign, fraction and e exponent, surrounding spaces ignored
// (AssumeNumericFormat). Hexadecimal, binary exponents, Inf and NaN are not
// numbers.
func ParseNumber(s string) (*big.Float, bool) {
	f, _, ok := parseNumber(s)
	return f, ok
}

// parseNumber is ParseNumber; unusual is true for a number that is not
// plain "-123" or "-123.45" (an exponent, a leading + or dot, spaces).
func parseNumber(s string) (f *big.Float, unusual, ok bool) {
	t := strings.TrimSpace(s)
	unusual = t != s
	digits, dot, exp := 0, false, false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case (c == '+' || c == '-') && (i == 0 || t[i-1] == 'e' || t[i-1] == 'E'):
			if c == '+' || i > 0 {
				unusual = true
			}
		case c == '.' && !dot && !exp:
			dot = true
			if i == 0 || i == len(t)-1 || t[i-1] < '0' || t[i-1] > '9' {
				unusual = true
			}
		case (c == 'e' || c == 'E') && !exp && digits > 0:
			exp, unusual = true, true
		default:
			return nil, false, false
		}
	}
	if digits == 0 {
		return nil, false, false
	}
	f, _, err := big.ParseFloat(t, 10, 128, big.ToNearestEven)
	if err != nil || f.IsInf() {
		return nil, false, false
	}
	return f, unusual, true
}

func matchNumeric(b Base, r string, p PolicyValue) (bool, notes) {
	rv, u1, ok1 := parseNumber(r)
	pv, u2, ok2 := parseNumber(p.Text)
	if !ok1 || !ok2 {
		return false, noteUnparsable
	}
	var n notes
	if u1 || u2 {
		n = noteNumericFormat
	}
	return compareWith(b, rv.Cmp(pv)), n
}

// ParseDate reads an IAM date: ISO 8601 (date, date-time with or without
// zone) or epoch seconds. A date without a zone is UTC (AssumeDateFormat).
func ParseDate(s string) (time.Time, bool) {
	t, _, ok := parseDate(s)
	return t, ok
}

// dateLayouts are the ISO 8601 forms read, the documented ones first:
// RFC 3339 with a zone; the others are unusual.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02"}

// parseDate is ParseDate; unusual is true for a date in another form than
// RFC 3339 with a zone or epoch seconds, or with surrounding spaces.
func parseDate(s string) (time.Time, bool, bool) {
	t := strings.TrimSpace(s)
	unusual := t != s
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), unusual, true
	}
	for i, layout := range dateLayouts {
		if d, err := time.Parse(layout, t); err == nil {
			return d, unusual || i > 0, true
		}
	}
	return time.Time{}, false, false
}

func matchDate(b Base, r string, p PolicyValue) (bool, notes) {
	rt, u1, ok1 := parseDate(r)
	pt, u2, ok2 := parseDate(p.Text)
	if !ok1 || !ok2 {
		return false, noteUnparsable
	}
	var n notes
	if u1 || u2 {
		n = noteDateFormat
	}
	return compareWith(b, rt.Compare(pt)), n
}

// compareWith maps a comparison result (request vs policy) to the operator.
// Negated operators are handled by matchOne, so NotEquals compares equality.
func compareWith(b Base, c int) bool {
	switch b {
	case NumericEquals, NumericNotEquals, DateEquals, DateNotEquals:
		return c == 0
	case NumericLessThan, DateLessThan:
		return c < 0
	case NumericLessThanEquals, DateLessThanEquals:
		return c <= 0
	case NumericGreaterThan, DateGreaterThan:
		return c > 0
	case NumericGreaterThanEquals, DateGreaterThanEquals:
		return c >= 0
	}
	return false
}

// matchBinary compares base64 values by their bytes; text that is not
// base64 is compared as text (AssumeUnparsableValue).
func matchBinary(_ Base, r string, p PolicyValue) (bool, notes) {
	rb, err1 := base64.StdEncoding.DecodeString(r)
	pb, err2 := base64.StdEncoding.DecodeString(p.Text)
	if err1 != nil || err2 != nil {
		return r == p.Text, noteUnparsable
	}
	return bytes.Equal(rb, pb), 0
}

// matchIP: the policy value is a CIDR block or a single address.
// IPv4-mapped IPv6 addresses compare as IPv4 on both sides
// (AssumeIPv4MappedIPv6); a block with host bits set stands for its block
// (AssumeIPPrefixHostBits).
func matchIP(_ Base, r string, p PolicyValue) (bool, notes) {
	var n notes
	addr, err := netip.ParseAddr(strings.TrimSpace(r))
	if err != nil {
		return false, noteUnparsable
	}
	if addr.Is4In6() {
		n |= noteIPMapped
		addr = addr.Unmap()
	}
	text := strings.TrimSpace(p.Text)
	if strings.Contains(text, "/") {
		prefix, err := netip.ParsePrefix(text)
		if err != nil {
			return false, n | noteUnparsable
		}
		if pa := prefix.Addr(); pa.Is4In6() {
			n |= noteIPMapped
			if prefix.Bits() < 96 {
				// A block wider than the mapped range also holds
				// non-mapped IPv6 addresses: compare in IPv6.
				return prefix.Masked().Contains(netip.AddrFrom16(addr.As16())), n
			}
			prefix = netip.PrefixFrom(pa.Unmap(), prefix.Bits()-96)
		}
		if prefix.Masked() != prefix {
			n |= noteIPHostBits
		}
		return prefix.Masked().Contains(addr), n
	}
	pa, err := netip.ParseAddr(text)
	if err != nil {
		return false, n | noteUnparsable
	}
	if pa.Is4In6() {
		n |= noteIPMapped
	}
	return pa.Unmap() == addr, n
}

// matchARN: ArnEquals and ArnLike behave the same; each of the six
// colon-separated components is matched separately with globs, the sixth
// keeping any further colons.
func matchARN(_ Base, r string, p PolicyValue) (bool, notes) {
	rp := strings.SplitN(r, ":", 6)
	if len(rp) != 6 {
		return false, noteUnparsable
	}
	parts := splitPattern(p.Pattern, 6)
	if len(parts) != 6 {
		return false, noteUnparsable
	}
	for i := range rp {
		if !parts[i].Match(rp[i]) {
			return false, 0
		}
	}
	return true, 0
}

func splitPattern(p Pattern, n int) []Pattern {
	var out []Pattern
	start := 0
	for i, pr := range p {
		if len(out) == n-1 {
			break
		}
		if pr.r == ':' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return append(out, p[start:])
}
