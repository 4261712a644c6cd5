package condition

import "testing"

// TestHoldsForValue covers deciding a condition entry for a key with one
// known value, e.g. a provider's client ID as the token audience (spec
// §4.3, §4.4, §4.5a).
func TestHoldsForValue(t *testing.T) {
	cases := []struct {
		name, op string
		values   []string
		v        string
		want     bool
	}{
		{"§4.3 StringEquals exact [S3]", "StringEquals", vals("sts.amazonaws.com"), "sts.amazonaws.com", true},
		{"§4.3 StringEquals is case-sensitive [S3]", "StringEquals", vals("STS.amazonaws.com"), "sts.amazonaws.com", false},
		{"§4.3 StringEquals takes wildcards literally [S3]", "StringEquals", vals("sts.*"), "sts.amazonaws.com", false},
		{"§4.3 StringEqualsIgnoreCase folds case [S3]", "StringEqualsIgnoreCase", vals("STS.amazonaws.com"), "sts.amazonaws.com", true},
		{"§4.3 StringLike glob [S3]", "StringLike", vals("sts.*"), "sts.amazonaws.com", true},
		{"§4.3 StringLike is case-sensitive [S3]", "StringLike", vals("STS.*"), "sts.amazonaws.com", false},
		{"§4.1 several policy values are OR [S4]", "StringEquals", vals("a", "sts.amazonaws.com"), "sts.amazonaws.com", true},
		{"§4.3 StringNotEquals differs from every value [S3]", "StringNotEquals", vals("a"), "sts.amazonaws.com", true},
		{"§4.4 ForAllValues on one value [S4]", "ForAllValues:StringEquals", vals("sts.amazonaws.com"), "sts.amazonaws.com", true},
		{"§4.4 ForAnyValue on one value [S4]", "ForAnyValue:StringLike", vals("other"), "sts.amazonaws.com", false},
		{"§4.4 empty policy array matches nothing [S19]", "StringEquals", vals(), "sts.amazonaws.com", false},
		{"§4.5 variables are taken literally [S10]", "StringEquals", vals("${aws:username}"), "${aws:username}", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			op, err := ParseOperator(tc.op)
			if err != nil {
				t.Fatal(err)
			}
			if got := HoldsForValue(op, tc.values, tc.v); got != tc.want {
				t.Errorf("HoldsForValue(%s, %q, %q) = %v, want %v", tc.op, tc.values, tc.v, got, tc.want)
			}
		})
	}
}
