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
// positive form of an operator family.
type valueMatcher struct {
	positive func(base Base, request string, policy PolicyValue) bool
}

// matchOne applies the operator to one request value and all policy values:
// positive operators need one policy value to match (OR); negated operators
// need every policy value to differ (spec §4.1, [S4]). Null policy values
// never match, so they count as "different" under negated operators ([S10]).
// An empty list of policy values matches nothing, negated or not: IAM says
// such a condition matches only when the key is missing (ForAllValues:,
// IfExists) or never (ForAnyValue:) (spec §4.4, [S19]).
func (m valueMatcher) matchOne(base Base, request string, policy []PolicyValue) bool {
	if len(policy) == 0 {
		return false
	}
	any := false
	for _, p := range policy {
		if p.Null {
			continue
		}
		if m.positive(base, request, p) {
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
		return valueMatcher{positive: func(_ Base, r string, p PolicyValue) bool {
			return names.Equal(r, p.Text)
		}}
	case FamilyBinary:
		return valueMatcher{positive: matchBinary}
	case FamilyIP:
		return valueMatcher{positive: matchIP}
	case FamilyARN:
		return valueMatcher{positive: matchARN}
	}
	return valueMatcher{positive: func(Base, string, PolicyValue) bool { return false }}
}

// matchString: StringEquals exact and case-sensitive, wildcards literal
// (spec §4.3, [S3]); IgnoreCase folds case; StringLike is an anchored glob.
func matchString(b Base, r string, p PolicyValue) bool {
	switch b {
	case StringEquals, StringNotEquals:
		return r == p.literal()
	case StringEqualsIgnoreCase, StringNotEqualsIgnoreCase:
		return names.Equal(r, p.literal())
	default: // StringLike, StringNotLike
		return p.Pattern.Match(r)
	}
}

// ParseNumber reads an IAM numeric value (integer or decimal).
func ParseNumber(s string) (*big.Float, bool) {
	f, _, err := big.ParseFloat(strings.TrimSpace(s), 10, 128, big.ToNearestEven)
	return f, err == nil
}

func matchNumeric(b Base, r string, p PolicyValue) bool {
	rv, ok1 := ParseNumber(r)
	pv, ok2 := ParseNumber(p.Text)
	if !ok1 || !ok2 {
		return false
	}
	return compareWith(b, rv.Cmp(pv))
}

// ParseDate reads an IAM date: ISO 8601 (date, date-time with or without
// zone) or epoch seconds.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func matchDate(b Base, r string, p PolicyValue) bool {
	rt, ok1 := ParseDate(r)
	pt, ok2 := ParseDate(p.Text)
	if !ok1 || !ok2 {
		return false
	}
	return compareWith(b, rt.Compare(pt))
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

func matchBinary(_ Base, r string, p PolicyValue) bool {
	rb, err1 := base64.StdEncoding.DecodeString(r)
	pb, err2 := base64.StdEncoding.DecodeString(p.Text)
	if err1 != nil || err2 != nil {
		return r == p.Text
	}
	return bytes.Equal(rb, pb)
}

// matchIP: the policy value is a CIDR block or a single address ([S3]).
func matchIP(_ Base, r string, p PolicyValue) bool {
	addr, err := netip.ParseAddr(strings.TrimSpace(r))
	if err != nil {
		return false
	}
	text := strings.TrimSpace(p.Text)
	if strings.Contains(text, "/") {
		prefix, err := netip.ParsePrefix(text)
		if err != nil {
			return false
		}
		return prefix.Masked().Contains(addr.Unmap())
	}
	pa, err := netip.ParseAddr(text)
	return err == nil && pa.Unmap() == addr.Unmap()
}

// matchARN: ArnEquals and ArnLike behave the same; each of the six
// colon-separated components is matched separately with globs, the sixth
// keeping any further colons ([S3]).
func matchARN(_ Base, r string, p PolicyValue) bool {
	rp := strings.SplitN(r, ":", 6)
	if len(rp) != 6 {
		return false
	}
	parts := splitPattern(p.Pattern, 6)
	if len(parts) != 6 {
		return false
	}
	for i := range rp {
		if !parts[i].Match(rp[i]) {
			return false
		}
	}
	return true
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
