package condition

import "testing"

const amr = "cognito-identity.amazonaws.com:amr"

// TestIfExists covers the ...IfExists suffix (spec §4.3, [S3]).
func TestIfExists(t *testing.T) {
	const env = "token.actions.githubusercontent.com:environment"
	runEntryCases(t, []entryCase{
		{name: "§4.3 StringEqualsIfExists absent key is true [S3]", op: "StringEqualsIfExists", key: env, values: vals("prod"), ctx: mainCtx, want: true},
		{name: "§4.3 StringEqualsIfExists present matching value is true [S3]", op: "StringEqualsIfExists", key: env, values: vals("prod"), ctx: mapContext{env: {"prod"}}, want: true},
		{name: "§4.3 StringEqualsIfExists present other value is false [S3]", op: "StringEqualsIfExists", key: env, values: vals("prod"), ctx: mapContext{env: {"staging"}}, want: false},
		{name: "§4.3 StringNotEqualsIfExists absent key is true [S3]", op: "StringNotEqualsIfExists", key: env, values: vals("prod"), ctx: mainCtx, want: true},
		{name: "§4.3 StringNotEqualsIfExists present equal value is false [S3]", op: "StringNotEqualsIfExists", key: env, values: vals("prod"), ctx: mapContext{env: {"prod"}}, want: false},
		{name: "§4.3 StringLikeIfExists absent key is true [S3]", op: "StringLikeIfExists", key: env, values: vals("p*"), want: true},
		{name: "§4.3 NumericLessThanIfExists absent key is true [S3]", op: "NumericLessThanIfExists", key: "x:n", values: vals("3"), want: true},
		{name: "§4.3 DateGreaterThanIfExists absent key is true [S3]", op: "DateGreaterThanIfExists", key: "x:d", values: vals("2020-01-01"), want: true},
		{name: "§4.3 BoolIfExists absent key is true [S3]", op: "BoolIfExists", key: "sts:RoleAuthorizedByIdp", values: vals("true"), want: true},
		{name: "§4.3 IpAddressIfExists absent key is true [S3][S21]", op: "IpAddressIfExists", key: "aws:SourceIp", values: vals("203.0.113.0/24"), want: true},
		{name: "§4.3 ArnLikeIfExists present non-matching is false [S3]", op: "ArnLikeIfExists", key: "aws:SourceArn", values: vals("arn:aws:iam::*:role/x"), ctx: mapContext{"aws:SourceArn": {"arn:aws:iam::1:role/y"}}, want: false},
		{name: "§4.3 ForAnyValue:StringNotEqualsIfExists absent key is true (IfExists wins over the set rule) [S3][S4]", op: "ForAnyValue:StringNotEqualsIfExists", key: "aws:TagKeys", values: vals("team"), want: true, assumption: AssumeNegatedUnderSet},
		{name: "§4.3 ForAnyValue:StringEqualsIfExists absent key is true [S3][S4]", op: "ForAnyValue:StringEqualsIfExists", key: "aws:TagKeys", values: vals("team"), want: true, assumption: AssumeForAnyValueIfExists},
		{name: "§4.3 ForAllValues:StringEqualsIfExists absent key is true [S3][S4]", op: "ForAllValues:StringEqualsIfExists", key: "aws:TagKeys", values: vals("team"), want: true},
	})
}

// TestSetOperators covers ForAllValues/ForAnyValue (spec §4.4, [S4][S5]).
func TestSetOperators(t *testing.T) {
	authGoogle := mapContext{amr: {"authenticated", "accounts.google.com"}}
	tags := mapContext{"aws:TagKeys": {"team", "env"}}
	runEntryCases(t, []entryCase{
		{name: "§4.4 ForAnyValue one request value matches [S4]", op: "ForAnyValue:StringLike", key: amr, values: vals("authenticated"), ctx: authGoogle, want: true},
		{name: "§4.4 ForAnyValue no request value matches [S4]", op: "ForAnyValue:StringLike", key: amr, values: vals("unauthenticated"), ctx: authGoogle, want: false},
		{name: "§4.4 ForAnyValue absent key is false [S4]", op: "ForAnyValue:StringEquals", key: "idp.example.com:amr", values: vals("mfa"), want: false},
		{name: "§4.4 ForAnyValue empty request set is false [S4]", op: "ForAnyValue:StringEquals", key: amr, values: vals("mfa"), ctx: mapContext{amr: {}}, want: false},
		{name: "§4.4 ForAnyValue null data set (empty string) is false [S4]", op: "ForAnyValue:StringLike", key: amr, values: vals("*"), ctx: mapContext{amr: {""}}, want: false},
		{name: "§4.4 ForAllValues every request value in the policy set [S4]", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals("team", "env", "cost"), ctx: tags, want: true},
		{name: "§4.4 ForAllValues one request value outside the set [S4]", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals("team"), ctx: tags, want: false},
		{name: "§4.4 ForAllValues absent key is true [S4][S37]", op: "ForAllValues:StringEquals", key: "token.actions.githubusercontent.com:subb", values: vals(tMain), ctx: mainCtx, want: true},
		{name: "§4.4 ForAllValues empty request set is true [S4]", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals("team"), ctx: mapContext{"aws:TagKeys": {}}, want: true},
		{name: "§4.4 ForAllValues null data set (empty string) is true [S4]", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals("team"), ctx: mapContext{"aws:TagKeys": {""}}, want: true},
		{name: "§4.4 set operator on a single-valued key: the value is a one-element set [S4][S5]", op: "ForAllValues:StringEquals", key: ghSub, values: vals("repo:octo-org/octo-repo:ref:refs/heads/feature"), ctx: mainCtx, want: false},
		{name: "§4.4 ForAnyValue on a single-valued key [S4][S5]", op: "ForAnyValue:StringEquals", key: ghAud, values: vals("sts.amazonaws.com"), ctx: mainCtx, want: true},
		{name: "§4.4 empty policy array: ForAllValues with the key present is false [S19]", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals(), ctx: tags, want: false},
		{name: "§4.4 empty policy array: ForAllValues with the key missing is true [S19]", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals(), want: true},
		{name: "§4.4 empty policy array: ForAllValues with a negated operator and the key present is false [S19]", op: "ForAllValues:StringNotEquals", key: "aws:TagKeys", values: vals(), ctx: tags, want: false, assumption: AssumeNegatedUnderSet},
		{name: "§4.4 empty policy array: ForAnyValue with the key present never matches [S19]", op: "ForAnyValue:StringLike", key: "aws:TagKeys", values: vals(), ctx: tags, want: false},
		{name: "§4.4 empty policy array: ForAnyValue with a negated operator never matches [S19]", op: "ForAnyValue:StringNotLike", key: "aws:TagKeys", values: vals(), ctx: tags, want: false, assumption: AssumeNegatedUnderSet},
		{name: "§4.4 empty policy array: ForAnyValue with the key missing never matches [S19]", op: "ForAnyValue:StringLike", key: "aws:TagKeys", values: vals(), want: false},
		{name: "§4.4 empty policy array: IfExists with the key missing is true [S19]", op: "StringEqualsIfExists", key: "aws:TagKeys", values: vals(), want: true},
		{name: "§4.4 empty policy array: IfExists with the key present is false [S19]", op: "StringEqualsIfExists", key: ghSub, values: vals(), ctx: mainCtx, want: false},
		{name: "§4.4 empty policy array: negated IfExists with the key present is false [S19]", op: "StringNotEqualsIfExists", key: ghSub, values: vals(), ctx: mainCtx, want: false},
		{name: "§4.4 empty policy array: plain negated operator with the key present is false (UNCONFIRMED) [S19]", op: "StringNotEquals", key: ghSub, values: vals(), ctx: mainCtx, want: false, assumption: AssumeEmptyPolicyList},
		{name: "§4.4 empty policy array: plain negated operator with the key missing is true [S3]", op: "StringNotEquals", key: "x:absent", values: vals(), ctx: mainCtx, want: true},
		{name: "§4.4 empty policy array: plain positive operator never matches [S19]", op: "StringEquals", key: ghSub, values: vals(), ctx: mainCtx, want: false},
		{name: "§4.4 ForAnyValue:StringNotEquals: some value differs from all policy values (UNCONFIRMED, per value) [S4]", op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", values: vals("team"), ctx: tags, want: true, assumption: AssumeNegatedUnderSet},
		{name: "§4.4 ForAllValues:StringNotEquals: a value equals a policy value (UNCONFIRMED, per value) [S4]", op: "ForAllValues:StringNotEquals", key: "aws:TagKeys", values: vals("team"), ctx: tags, want: false, assumption: AssumeNegatedUnderSet},
		{name: "§4.4 multivalued key without a set operator is evaluated as ForAnyValue (UNCONFIRMED) [S5]", op: "StringLike", key: amr, values: vals("authenticated"), ctx: authGoogle, want: true, assumption: AssumeMultiValueNoSet},
		{name: "§4.4 multivalued key without a set operator, no value matches (UNCONFIRMED) [S5]", op: "StringEquals", key: amr, values: vals("unauthenticated"), ctx: authGoogle, want: false, assumption: AssumeMultiValueNoSet},
	})
}
