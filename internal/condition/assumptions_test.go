package condition

import (
	"slices"
	"strings"
	"testing"
)

// typedContext is a request context that also knows which keys are
// multivalued by type, as identity.Resolved does.
type typedContext struct {
	mapContext
	multi []string
}

func (c typedContext) Multivalued(key string) bool {
	return slices.ContainsFunc(c.multi, func(k string) bool { return strings.EqualFold(k, key) })
}

// assumeCase is one condition entry with its expected truth value and the
// exact set of assumption ids the outcome must name.
type assumeCase struct {
	name   string
	op     string
	key    string
	values []string
	ctx    Context
	want   bool
	ids    []string
}

func runAssumeCases(t *testing.T, cases []assumeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			op, err := ParseOperator(tc.op)
			if err != nil {
				t.Fatalf("ParseOperator(%q): %v", tc.op, err)
			}
			ctx := tc.ctx
			if ctx == nil {
				ctx = mapContext{}
			}
			out := Evaluate(op, tc.key, tc.values, ctx, true)
			if out.Matched != tc.want {
				t.Errorf("%s %s %q = %v, want %v (reason: %s)", tc.op, tc.key, tc.values, out.Matched, tc.want, out.Reason)
			}
			var ids []string
			for _, a := range out.Assumptions {
				id := AssumptionID(a)
				if id == "" {
					t.Errorf("assumption without an id: %q", a)
				}
				ids = append(ids, id)
			}
			slices.Sort(ids)
			want := slices.Clone(tc.ids)
			slices.Sort(want)
			if !slices.Equal(ids, want) {
				t.Errorf("assumption ids = %q, want %q (reason: %s)", ids, want, out.Reason)
			}
		})
	}
}

// Assumption ids, as the tests name them.
const (
	idMulti       = "multivalued-key-without-set-operator"
	idNegSet      = "negated-operator-under-set-qualifier"
	idEmptyString = "empty-string-value-is-present"
	idAnyIfExists = "for-any-value-if-exists-absent-key"
	idUnparsable  = "unparsable-value"
	idNullValue   = "null-value-not-boolean"
	idVarSyntax   = "policy-variable-syntax"
	idMultiVar    = "multivalued-key-as-variable"
	idMapped      = "ipv4-mapped-ipv6-address"
	idHostBits    = "ip-prefix-host-bits"
	idEmptyList   = "empty-value-list-is-absent"
	idNumFormat   = "numeric-value-format"
	idDateFormat  = "date-value-format"
	idBoolFormat  = "bool-value-format"
	idUnicodeFold = "ignore-case-ascii-only"
)

// TestAssumptionIDs: every assumption text starts with a distinct id.
func TestAssumptionIDs(t *testing.T) {
	all := []string{AssumeMultiValueNoSet, AssumeNegatedUnderSet, AssumeNullEmptyString, AssumeOperatorCaseExact,
		AssumeEmptyPolicyList, AssumeForAnyValueIfExists, AssumeUnparsableValue, AssumeNullValueNotBoolean,
		AssumeVariableSyntax, AssumeMultiValueVariable, AssumeIPv4MappedIPv6, AssumeIPPrefixHostBits,
		AssumeEmptyValueList, AssumeNumericFormat, AssumeDateFormat, AssumeBoolFormat, AssumeIgnoreCaseASCII}
	seen := map[string]bool{}
	for _, a := range all {
		id := AssumptionID(a)
		if id == "" || seen[id] || strings.Contains(a, "§") {
			t.Errorf("assumption %q: id %q missing, repeated, or the text cites the spec", a, id)
		}
		seen[id] = true
	}
	if AssumptionID("spec §4.4 UNCONFIRMED: x") != "" {
		t.Errorf("a text without an id must have none")
	}
}

// TestUndocumentedRules: each decision that rests on a rule AWS does not
// document names it (spec §4.3–§4.5, §10.7).
func TestUndocumentedRules(t *testing.T) {
	cognito := func(vals ...string) Context {
		return typedContext{mapContext: mapContext{amr: vals, "x:v": {"authenticated"}}, multi: []string{amr, "aws:TagKeys"}}
	}
	tagKeys := func(vals ...string) Context {
		return typedContext{mapContext: mapContext{"aws:TagKeys": vals}, multi: []string{"aws:TagKeys"}}
	}
	src := func(ip string) mapContext { return mapContext{"aws:SourceIp": {ip}} }
	runAssumeCases(t, []assumeCase{
		// (a) a multivalued key without a set qualifier.
		{name: "§4.4 amr with one value under StringEquals is still multivalued", op: "StringEquals", key: amr, values: vals("authenticated"), ctx: cognito("authenticated"), want: true, ids: []string{idMulti}},
		{name: "§4.4 aws:TagKeys with one tag under StringEquals", op: "StringEquals", key: "aws:TagKeys", values: vals("team"), ctx: tagKeys("team"), want: true, ids: []string{idMulti}},
		{name: "§4.4 StringNotEquals on amr: one value differing is enough", op: "StringNotEquals", key: amr, values: vals("authenticated"), ctx: cognito("authenticated", "graph.facebook.com"), want: true, ids: []string{idMulti}},
		{name: "§4.4 two values of an untyped key count as multivalued", op: "StringLike", key: "x:k", values: vals("b*"), ctx: mapContext{"x:k": {"a", "b"}}, want: true, ids: []string{idMulti}},
		{name: "§4.4 absent multivalued key: the documented missing-key rule decides", op: "StringEquals", key: amr, values: vals("authenticated"), ctx: typedContext{mapContext: mapContext{}, multi: []string{amr}}, want: false},
		{name: "§4.4 ForAnyValue on a multivalued key needs no assumption", op: "ForAnyValue:StringEquals", key: amr, values: vals("authenticated"), ctx: cognito("authenticated"), want: true},
		// (b) ForAnyValue with IfExists.
		{name: "§4.4 ForAnyValue:StringEqualsIfExists on a missing key is true", op: "ForAnyValue:StringEqualsIfExists", key: "aws:TagKeys", values: vals("team"), want: true, ids: []string{idAnyIfExists}},
		{name: "§4.4 ForAnyValue:StringNotEqualsIfExists on a missing key is true", op: "ForAnyValue:StringNotEqualsIfExists", key: "aws:TagKeys", values: vals("team"), want: true, ids: []string{idAnyIfExists, idNegSet}},
		{name: "§4.4 ForAnyValue:StringLikeIfExists on a present key compares", op: "ForAnyValue:StringLikeIfExists", key: "aws:TagKeys", values: vals("env*"), ctx: tagKeys("team"), want: false},
		// (c) unreadable values, negated operators first.
		{name: "§4.3 NumericNotEquals with a policy value that is not a number", op: "NumericNotEquals", key: "x:n", values: vals("abc"), ctx: mapContext{"x:n": {"5"}}, want: true, ids: []string{idUnparsable}},
		{name: "§4.3 NumericNotEquals with a request value that is not a number", op: "NumericNotEquals", key: "x:n", values: vals("10"), ctx: mapContext{"x:n": {"ten"}}, want: true, ids: []string{idUnparsable}},
		{name: "§4.3 DateNotEquals with a garbage policy date", op: "DateNotEquals", key: "aws:CurrentTime", values: vals("not-a-date"), ctx: mapContext{"aws:CurrentTime": {"2026-11-28T12:00:00Z"}}, want: true, ids: []string{idUnparsable}},
		{name: "§4.3 NotIpAddress with a policy block that is not an IP block", op: "NotIpAddress", key: "aws:SourceIp", values: vals("300.1.1.1/8"), ctx: src("203.0.113.7"), want: true, ids: []string{idUnparsable}},
		{name: "§4.3 ArnNotLike with a request value that is not an ARN", op: "ArnNotLike", key: "aws:SourceArn", values: vals("arn:aws:iam::*:role/*"), ctx: mapContext{"aws:SourceArn": {"not-an-arn"}}, want: true, ids: []string{idUnparsable}},
		{name: "§4.3 NumericEquals with a policy value that is not a number", op: "NumericEquals", key: "x:n", values: vals("abc"), ctx: mapContext{"x:n": {"5"}}, want: false, ids: []string{idUnparsable}},
		{name: "§4.3 NumericNotEquals with readable values needs no assumption", op: "NumericNotEquals", key: "x:n", values: vals("4"), ctx: mapContext{"x:n": {"5"}}, want: true},
		{name: "§4.3 Inf is not a number", op: "NumericLessThan", key: "x:n", values: vals("Inf"), ctx: mapContext{"x:n": {"5"}}, want: false, ids: []string{idUnparsable}},
		{name: "§4.3 a binary exponent is not a decimal number", op: "NumericEquals", key: "x:n", values: vals("1p3"), ctx: mapContext{"x:n": {"8"}}, want: false, ids: []string{idUnparsable}},
		{name: "§4.3 hexadecimal is not a number", op: "NumericEquals", key: "x:n", values: vals("0x10"), ctx: mapContext{"x:n": {"16"}}, want: false, ids: []string{idUnparsable}},
		{name: "§4.3 an e exponent is read, and named", op: "NumericEquals", key: "x:n", values: vals("1e3"), ctx: mapContext{"x:n": {"1000"}}, want: true, ids: []string{idNumFormat}},
		{name: "§4.3 spaces around a number are ignored, and named", op: "NumericEquals", key: "x:n", values: vals(" 10 "), ctx: mapContext{"x:n": {"10"}}, want: true, ids: []string{idNumFormat}},
		{name: "§4.3 a leading + is read, and named", op: "NumericGreaterThan", key: "x:n", values: vals("+3"), ctx: mapContext{"x:n": {"4"}}, want: true, ids: []string{idNumFormat}},
		{name: "§4.3 a plain negative decimal needs no assumption", op: "NumericLessThan", key: "x:n", values: vals("-1.5"), ctx: mapContext{"x:n": {"-2"}}, want: true},
		{name: "§4.3 a date without a zone is UTC, and named", op: "DateEquals", key: "aws:CurrentTime", values: vals("2026-11-28T12:00:00"), ctx: mapContext{"aws:CurrentTime": {"2026-11-28T12:00:00Z"}}, want: true, ids: []string{idDateFormat}},
		{name: "§4.3 RFC 3339 against epoch seconds needs no assumption", op: "DateEquals", key: "aws:CurrentTime", values: vals("1795867200"), ctx: mapContext{"aws:CurrentTime": {"2026-11-28T12:00:00Z"}}, want: true},
		{name: "§4.3 BinaryEquals on text that is not base64 compares the text", op: "BinaryEquals", key: "x:b", values: vals("not base64!"), ctx: mapContext{"x:b": {"not base64!"}}, want: true, ids: []string{idUnparsable}},
		{name: "§4.3 Bool ignores letter case, and says so", op: "Bool", key: "x:b", values: vals("TRUE"), ctx: mapContext{"x:b": {"true"}}, want: true, ids: []string{idBoolFormat}},
		{name: "§4.3 Bool compares a non-boolean value as text", op: "Bool", key: "x:b", values: vals("yes"), ctx: mapContext{"x:b": {"yes"}}, want: true, ids: []string{idBoolFormat}},
		{name: "§4.3 Bool true against true needs no assumption", op: "Bool", key: "x:b", values: vals("true"), ctx: mapContext{"x:b": {"true"}}, want: true},
		// (d) Null with a value other than true/false.
		{name: "§4.3 Null abc on a present key is read as false (present)", op: "Null", key: "x:k", values: vals("abc"), ctx: mapContext{"x:k": {"v"}}, want: true, ids: []string{idNullValue}},
		{name: "§4.3 Null abc on an absent key is false", op: "Null", key: "x:k", values: vals("abc"), want: false, ids: []string{idNullValue}},
		{name: "§4.3 Null TRUE is read as true", op: "Null", key: "x:k", values: vals("TRUE"), want: true, ids: []string{idNullValue}},
		{name: "§4.3 Null true needs no assumption", op: "Null", key: "x:k", values: vals("true"), want: true},
		// (e) policy-variable syntax.
		{name: "§4.5 default without a space after the comma", op: "StringEquals", key: "x:v", values: vals("${aws:username,'x'}"), ctx: mapContext{"x:v": {"x"}}, want: true, ids: []string{idVarSyntax}},
		{name: "§4.5 default as documented needs no assumption", op: "StringEquals", key: "x:v", values: vals("${aws:username, 'x'}"), ctx: mapContext{"x:v": {"x"}}, want: true},
		{name: "§4.5 default with two spaces", op: "StringEquals", key: "x:v", values: vals("${aws:username,  'x'}"), ctx: mapContext{"x:v": {"x"}}, want: true, ids: []string{idVarSyntax}},
		{name: "§4.5 default without quotes", op: "StringEquals", key: "x:v", values: vals("${aws:username, x}"), ctx: mapContext{"x:v": {"x"}}, want: true, ids: []string{idVarSyntax}},
		{name: "§4.5 spaces around a variable name", op: "StringEquals", key: "x:v", values: vals("${ aws:username }"), ctx: mapContext{"x:v": {"alice"}, "aws:username": {"alice"}}, want: true, ids: []string{idVarSyntax}},
		{name: "§4.5 non-canonical syntax is named even when the key is present", op: "StringEquals", key: "x:v", values: vals("${aws:username,'x'}"), ctx: mapContext{"x:v": {"alice"}, "aws:username": {"alice"}}, want: true, ids: []string{idVarSyntax}},
		{name: "§4.5 an unterminated ${ is literal text", op: "StringEquals", key: "x:v", values: vals("a${aws:username"), ctx: mapContext{"x:v": {"a${aws:username"}, "aws:username": {"alice"}}, want: true, ids: []string{idVarSyntax}},
		// Case folding beyond ASCII.
		{name: "§4.3 StringEqualsIgnoreCase equal only under Unicode folding", op: "StringEqualsIgnoreCase", key: "x:k", values: vals("CAFÉ"), ctx: mapContext{"x:k": {"café"}}, want: false, ids: []string{idUnicodeFold}},
		{name: "§4.3 StringNotEqualsIgnoreCase equal only under Unicode folding", op: "StringNotEqualsIgnoreCase", key: "x:k", values: vals("CAFÉ"), ctx: mapContext{"x:k": {"café"}}, want: true, ids: []string{idUnicodeFold}},
		{name: "§4.3 StringEqualsIgnoreCase with ASCII folding only", op: "StringEqualsIgnoreCase", key: "x:k", values: vals("CAFé"), ctx: mapContext{"x:k": {"café"}}, want: true},
		// (f) a multivalued key as a variable.
		{name: "§4.5 amr with one value is no variable value: StringEquals is false", op: "StringEquals", key: "x:v", values: vals("${" + amr + "}"), ctx: cognito("authenticated"), want: false, ids: []string{idMultiVar}},
		{name: "§4.5 amr as a variable: StringNotEquals counts the null value as different", op: "StringNotEquals", key: "x:v", values: vals("${" + amr + "}"), ctx: cognito("authenticated"), want: true, ids: []string{idMultiVar}},
		{name: "§4.5 amr as a variable with a default uses the default", op: "StringEquals", key: "x:v", values: vals("${" + amr + ", 'authenticated'}"), ctx: cognito("authenticated", "graph.facebook.com"), want: true, ids: []string{idMultiVar}},
		// (g) IPv4-mapped IPv6 addresses.
		{name: "§4.3 IpAddress: a mapped caller is inside its IPv4 block", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"), ctx: src("::ffff:203.0.113.7"), want: true, ids: []string{idMapped}},
		{name: "§4.3 NotIpAddress: a mapped caller inside the block is false", op: "NotIpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"), ctx: src("::ffff:203.0.113.7"), want: false, ids: []string{idMapped}},
		{name: "§4.3 NotIpAddress: a mapped caller outside the block is true", op: "NotIpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"), ctx: src("::ffff:198.51.100.1"), want: true, ids: []string{idMapped}},
		{name: "§4.3 IpAddress: a mapped block holds the IPv4 caller", op: "IpAddress", key: "aws:SourceIp", values: vals("::ffff:203.0.113.0/120"), ctx: src("203.0.113.7"), want: true, ids: []string{idMapped}},
		{name: "§4.3 IpAddress: a mapped block holds the mapped caller", op: "IpAddress", key: "aws:SourceIp", values: vals("::ffff:203.0.113.0/120"), ctx: src("::ffff:203.0.113.7"), want: true, ids: []string{idMapped}},
		{name: "§4.3 IpAddress: a mapped single address equals the IPv4 caller", op: "IpAddress", key: "aws:SourceIp", values: vals("::ffff:203.0.113.7"), ctx: src("203.0.113.7"), want: true, ids: []string{idMapped}},
		{name: "§4.3 IpAddress: plain IPv4 needs no assumption", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"), ctx: src("203.0.113.7"), want: true},
		{name: "§4.3 IpAddress: a block with host bits set", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.99/24"), ctx: src("203.0.113.7"), want: true, ids: []string{idHostBits}},
	})
}

// TestPresence checks one notion of presence for Null, IfExists, the set
// qualifiers and negated operators: a key given with only empty strings is
// present (its values are a null data set for the set qualifiers); a key
// given with an empty list is absent (spec §4.3, §4.4, §4.5a).
func TestPresence(t *testing.T) {
	tags := func(vals ...string) Context {
		return typedContext{mapContext: mapContext{"aws:TagKeys": vals}, multi: []string{"aws:TagKeys"}}
	}
	one := func(vals ...string) mapContext { return mapContext{"x:k": vals} }
	runAssumeCases(t, []assumeCase{
		// [""]: present.
		{name: `[""] Null false: present`, op: "Null", key: "aws:TagKeys", values: vals("false"), ctx: tags(""), want: true, ids: []string{idEmptyString}},
		{name: `[""] Null true: not absent`, op: "Null", key: "aws:TagKeys", values: vals("true"), ctx: tags(""), want: false, ids: []string{idEmptyString}},
		{name: `[""] ForAnyValue:StringEqualsIfExists: present, null data set, false (implicit deny)`, op: "ForAnyValue:StringEqualsIfExists", key: "aws:TagKeys", values: vals("team"), ctx: tags(""), want: false, ids: []string{idEmptyString}},
		{name: `[""] ForAnyValue:StringNotEqualsIfExists: false`, op: "ForAnyValue:StringNotEqualsIfExists", key: "aws:TagKeys", values: vals("team"), ctx: tags(""), want: false, ids: []string{idEmptyString, idNegSet}},
		{name: `[""] ForAnyValue:StringEquals "": a null data set is false even for ""`, op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals(""), ctx: tags(""), want: false},
		{name: `[""] ForAllValues:StringEqualsIfExists: true`, op: "ForAllValues:StringEqualsIfExists", key: "aws:TagKeys", values: vals("team"), ctx: tags(""), want: true},
		{name: `[""] ForAllValues:StringNotEquals: true`, op: "ForAllValues:StringNotEquals", key: "aws:TagKeys", values: vals("team"), ctx: tags(""), want: true, ids: []string{idNegSet}},
		{name: `[""] StringEqualsIfExists: present, "" is compared`, op: "StringEqualsIfExists", key: "x:k", values: vals("prod"), ctx: one(""), want: false, ids: []string{idEmptyString}},
		{name: `[""] StringNotEqualsIfExists: "" differs`, op: "StringNotEqualsIfExists", key: "x:k", values: vals("prod"), ctx: one(""), want: true, ids: []string{idEmptyString}},
		{name: `[""] StringNotEquals: "" differs`, op: "StringNotEquals", key: "x:k", values: vals("prod"), ctx: one(""), want: true, ids: []string{idEmptyString}},
		{name: `[""] StringEquals "": equal`, op: "StringEquals", key: "x:k", values: vals(""), ctx: one(""), want: true, ids: []string{idEmptyString}},
		{name: `["", "team"] ForAnyValue:StringEquals team: not a null data set`, op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals("team"), ctx: tags("", "team"), want: true},
		// []: absent, for every operator.
		{name: `[] Null true: absent`, op: "Null", key: "aws:TagKeys", values: vals("true"), ctx: tags(), want: true, ids: []string{idEmptyList}},
		{name: `[] Null false: absent`, op: "Null", key: "aws:TagKeys", values: vals("false"), ctx: tags(), want: false, ids: []string{idEmptyList}},
		{name: `[] ForAnyValue:StringEqualsIfExists: absent, true`, op: "ForAnyValue:StringEqualsIfExists", key: "aws:TagKeys", values: vals("team"), ctx: tags(), want: true, ids: []string{idEmptyList, idAnyIfExists}},
		{name: `[] ForAnyValue:StringEquals: false either way`, op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals("team"), ctx: tags(), want: false},
		{name: `[] ForAllValues:StringEquals: true either way`, op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals("team"), ctx: tags(), want: true},
		{name: `[] StringNotEquals: absent, true`, op: "StringNotEquals", key: "x:k", values: vals("a"), ctx: one(), want: true, ids: []string{idEmptyList}},
		{name: `[] StringEqualsIfExists: absent, true`, op: "StringEqualsIfExists", key: "x:k", values: vals("a"), ctx: one(), want: true, ids: []string{idEmptyList}},
		{name: `[] StringEquals: false either way`, op: "StringEquals", key: "x:k", values: vals("a"), ctx: one(), want: false},
		// Missing key: documented, no assumption.
		{name: `missing: Null true`, op: "Null", key: "x:k", values: vals("true"), want: true},
		{name: `missing: StringNotEqualsIfExists`, op: "StringNotEqualsIfExists", key: "x:k", values: vals("a"), want: true},
		{name: `missing: ForAllValues:StringNotEqualsIfExists`, op: "ForAllValues:StringNotEqualsIfExists", key: "x:k", values: vals("a"), want: true, ids: []string{idNegSet}},
	})
}

// TestIfExistsAgreesWithNull checks every set qualifier × base operator ×
// request state: IfExists makes a condition true exactly when Null says
// the key is absent, and otherwise changes nothing (issue 13: one notion
// of presence).
func TestIfExistsAgreesWithNull(t *testing.T) {
	states := map[string]Context{
		"absent":      mapContext{},
		"empty list":  mapContext{"aws:TagKeys": {}},
		`[""]`:        mapContext{"aws:TagKeys": {""}},
		`["", ""]`:    mapContext{"aws:TagKeys": {"", ""}},
		`["team"]`:    mapContext{"aws:TagKeys": {"team"}},
		`["", "env"]`: mapContext{"aws:TagKeys": {"", "env"}},
	}
	bases := []string{"StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "ArnLike", "ArnNotLike"}
	null, _ := ParseOperator("Null")
	for name, ctx := range states {
		absent := Evaluate(null, "aws:TagKeys", vals("true"), ctx, true).Matched
		if present := Evaluate(null, "aws:TagKeys", vals("false"), ctx, true).Matched; present == absent {
			t.Fatalf("%s: Null true and Null false agree", name)
		}
		for _, set := range []string{"", "ForAllValues:", "ForAnyValue:"} {
			for _, base := range bases {
				for _, values := range [][]string{vals("team"), vals(""), vals()} {
					plain, err := ParseOperator(set + base)
					if err != nil {
						t.Fatal(err)
					}
					ifExists, err := ParseOperator(set + base + "IfExists")
					if err != nil {
						t.Fatal(err)
					}
					without := Evaluate(plain, "aws:TagKeys", values, ctx, true).Matched
					with := Evaluate(ifExists, "aws:TagKeys", values, ctx, true)
					want := without
					if absent {
						want = true
					}
					if with.Matched != want {
						t.Errorf("%s, %s%sIfExists %q: %v, want %v (Null says absent: %v; without IfExists: %v; reason: %s)",
							name, set, base, values, with.Matched, want, absent, without, with.Reason)
					}
				}
			}
		}
	}
}
