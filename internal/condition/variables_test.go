package condition

import (
	"slices"
	"testing"
)

// TestPolicyVariables covers policy variables in condition values (spec
// §4.5, [S10]).
func TestPolicyVariables(t *testing.T) {
	const sub = "token.actions.githubusercontent.com:sub"
	ctx := mapContext{
		sub:                   {tMain},
		"sts:RoleSessionName": {"gha-42"},
		"aws:username":        {"alice"},
		"x:star":              {"a*b"},
		amr:                   {"authenticated", "graph.facebook.com"},
	}
	runEntryCases(t, []entryCase{
		{name: "§4.5 ${key} expands to the request value [S10]", op: "StringEquals", key: "x:star", values: vals("${x:star}"), ctx: ctx, want: true},
		{name: "§4.5 variable inside a StringLike pattern [S10][S11]", op: "StringLike", key: "sts:RoleSessionName", values: vals("${aws:username}*"), ctx: mapContext{"sts:RoleSessionName": {"alice-1"}, "aws:username": {"alice"}}, want: true},
		{name: "§4.5 variable names fold case [S10]", op: "StringEquals", key: "aws:username", values: vals("${AWS:UserName}"), ctx: ctx, want: true},
		{name: "§4.5 a substituted value's * is literal under StringLike [S10]", op: "StringLike", key: "x:other", values: vals("${x:star}"), ctx: mapContext{"x:star": {"a*b"}, "x:other": {"aXXb"}}, want: false},
		{name: "§4.5 a substituted value's * equals a literal * [S10]", op: "StringLike", key: "x:star", values: vals("${x:star}"), ctx: ctx, want: true},
		{name: "§4.5 default value when the key is absent [S10]", op: "StringEquals", key: "x:team", values: vals("${aws:PrincipalTag/team, 'company-wide'}"), ctx: mapContext{"x:team": {"company-wide"}}, want: true},
		{name: "§4.5 default value is not used when the key is present [S10]", op: "StringEquals", key: "x:team", values: vals("${aws:username, 'nobody'}"), ctx: mapContext{"x:team": {"nobody"}, "aws:username": {"alice"}}, want: false},
		{name: "§4.5 ${*} is a literal * [S10]", op: "StringLike", key: "x:v", values: vals("a${*}"), ctx: mapContext{"x:v": {"a*"}}, want: true},
		{name: "§4.5 ${*} does not act as a wildcard [S10]", op: "StringLike", key: "x:v", values: vals("a${*}"), ctx: mapContext{"x:v": {"abc"}}, want: false},
		{name: "§4.5 ${?} is a literal ? [S10]", op: "StringLike", key: "x:v", values: vals("a${?}"), ctx: mapContext{"x:v": {"ab"}}, want: false},
		{name: "§4.5 ${?} equals a literal ? [S10]", op: "StringEquals", key: "x:v", values: vals("a${?}"), ctx: mapContext{"x:v": {"a?"}}, want: true},
		{name: "§4.5 ${$} is a literal $ [S10]", op: "StringEquals", key: "x:v", values: vals("cost${$}"), ctx: mapContext{"x:v": {"cost$"}}, want: true},
		{name: "§4.5 Version other than 2012-10-17: ${...} is literal text [S10]", op: "StringEquals", key: "x:v", values: vals("${aws:username}"), ctx: mapContext{"x:v": {"alice"}, "aws:username": {"alice"}}, legacy: true, want: false},
		{name: "§4.5 Version other than 2012-10-17: literal ${...} text matches itself [S10]", op: "StringEquals", key: "x:v", values: vals("${aws:username}"), ctx: mapContext{"x:v": {"${aws:username}"}}, legacy: true, want: true},
		{name: "§4.5 null variable: StringEquals does not match [S10]", op: "StringEquals", key: sub, values: vals("${aws:PrincipalTag/allowed}"), ctx: ctx, want: false},
		{name: "§4.5 null variable: StringLike does not match even with a * [S10]", op: "StringLike", key: sub, values: vals("${aws:PrincipalTag/allowed}*"), ctx: ctx, want: false},
		{name: "§4.5 null variable: StringNotEquals matches [S10]", op: "StringNotEquals", key: sub, values: vals("${aws:PrincipalTag/allowed}"), ctx: ctx, want: true},
		{name: "§4.5 null variable: StringNotLike matches [S10]", op: "StringNotLike", key: sub, values: vals("${aws:PrincipalTag/allowed}"), ctx: ctx, want: true},
		{name: "§4.5 null variable next to a real value: the real value still decides [S4][S10]", op: "StringNotEquals", key: sub, values: vals("${aws:PrincipalTag/allowed}", tMain), ctx: ctx, want: false},
		{name: "§4.5 a multivalued key cannot be a variable: value is null [S10][S11]", op: "StringEquals", key: "x:v", values: vals("${cognito-identity.amazonaws.com:amr}"), ctx: mapContext{"x:v": {"authenticated"}, amr: {"authenticated", "graph.facebook.com"}}, want: false, assumption: AssumeMultiValueVariable},
		{name: "§4.5 variables are not expanded for Numeric operators [S10]", op: "NumericEquals", key: "x:n", values: vals("${x:m}"), ctx: mapContext{"x:n": {"1"}, "x:m": {"1"}}, want: false, assumption: AssumeUnparsableValue},
		{name: "§4.5 variables expand in ARN operators [S10]", op: "ArnLike", key: "aws:SourceArn", values: vals("arn:aws:iam::${x:acct}:role/*"), ctx: mapContext{"aws:SourceArn": {"arn:aws:iam::111122223333:role/app"}, "x:acct": {"111122223333"}}, want: true},
	})
}

// TestExpandValue checks the expanded form used in explanations.
func TestExpandValue(t *testing.T) {
	ctx := mapContext{"aws:username": {"alice"}}
	cases := []struct {
		name, text, expanded string
		null                 bool
		vars                 []string
	}{
		{name: "§4.5 plain text is unchanged [S10]", text: "repo:o/r:*", expanded: "repo:o/r:*"},
		{name: "§4.5 one variable [S10]", text: "u-${aws:username}", expanded: "u-alice", vars: []string{"aws:username"}},
		{name: "§4.5 default with spaces [S10]", text: "${aws:PrincipalTag/t , 'x y'}", expanded: "x y", vars: []string{"aws:PrincipalTag/t"}},
		{name: "§4.5 special literals [S10]", text: "${*}${?}${$}", expanded: "*?$"},
		{name: "§4.5 absent key without default is null [S10]", text: "${aws:PrincipalTag/t}", expanded: "<null>", null: true, vars: []string{"aws:PrincipalTag/t"}},
		{name: "§4.5 unterminated ${ stays literal [S10]", text: "a${aws:username", expanded: "a${aws:username"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := ExpandValue(tc.text, true, ctx)
			if v.Expanded() != tc.expanded || v.Null != tc.null || !slices.Equal(v.Variables, tc.vars) {
				t.Errorf("ExpandValue(%q) = %q null=%v vars=%q, want %q null=%v vars=%q", tc.text, v.Expanded(), v.Null, v.Variables, tc.expanded, tc.null, tc.vars)
			}
		})
	}
}
