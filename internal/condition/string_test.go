package condition

import "testing"

const (
	ghSub = "token.actions.githubusercontent.com:sub"
	ghAud = "token.actions.githubusercontent.com:aud"
	tMain = "repo:octo-org/octo-repo:ref:refs/heads/main"
)

var mainCtx = mapContext{ghSub: {tMain}, ghAud: {"sts.amazonaws.com"}}

// TestStringOperators covers the String* family of spec §4.3 and the
// value rules of §4.1.
func TestStringOperators(t *testing.T) {
	runEntryCases(t, []entryCase{
		{name: "§4.3 StringEquals exact value matches [S3]", op: "StringEquals", key: ghSub, values: vals(tMain), ctx: mainCtx, want: true},
		{name: "§4.3 StringEquals is case-sensitive [S2][S3]", op: "StringEquals", key: ghSub, values: vals("repo:Octo-Org/octo-repo:ref:refs/heads/main"), ctx: mainCtx, want: false},
		{name: "§4.3 StringEquals treats * as a literal character [S3]", op: "StringEquals", key: ghSub, values: vals("repo:octo-org/octo-repo:*"), ctx: mainCtx, want: false},
		{name: "§4.3 StringEquals literal * equals a literal * in the request [S3]", op: "StringEquals", key: ghSub, values: vals("repo:*"), ctx: mapContext{ghSub: {"repo:*"}}, want: true},
		{name: "§4.3 StringEquals absent key is false [S3]", op: "StringEquals", key: "token.actions.githubusercontent.com:environment", values: vals("prod"), ctx: mainCtx, want: false},
		{name: "§4.3 StringEquals does not match a prefix [S3]", op: "StringEquals", key: ghSub, values: vals("repo:octo-org/octo-repo"), ctx: mainCtx, want: false},
		{name: "§4.1 several values for one key are OR'd [S4]", op: "StringEquals", key: ghSub, values: vals("repo:octo-org/other:ref:refs/heads/main", tMain), ctx: mainCtx, want: true},
		{name: "§4.3 StringNotEquals differing value is true [S3]", op: "StringNotEquals", key: ghSub, values: vals("repo:octo-org/other:ref:refs/heads/main"), ctx: mainCtx, want: true},
		{name: "§4.3 StringNotEquals equal value is false [S3]", op: "StringNotEquals", key: ghSub, values: vals(tMain), ctx: mainCtx, want: false},
		{name: "§4.3 StringNotEquals absent key is true [S3]", op: "StringNotEquals", key: "token.actions.githubusercontent.com:environment", values: vals("prod"), ctx: mainCtx, want: true},
		{name: "§4.1 StringNotEquals with several values needs the request to differ from all (equals one) [S4]", op: "StringNotEquals", key: ghSub, values: vals("repo:octo-org/a:ref:refs/heads/main", tMain), ctx: mainCtx, want: false},
		{name: "§4.1 StringNotEquals with several values, equal to none, is true [S4]", op: "StringNotEquals", key: ghSub, values: vals("repo:octo-org/a:ref:refs/heads/main", "repo:octo-org/b:ref:refs/heads/main"), ctx: mainCtx, want: true},
		{name: "§4.3 StringEqualsIgnoreCase folds case [S3]", op: "StringEqualsIgnoreCase", key: ghSub, values: vals("REPO:octo-org/OCTO-REPO:ref:refs/heads/main"), ctx: mainCtx, want: true},
		{name: "§4.3 StringEqualsIgnoreCase still needs the whole value [S3]", op: "StringEqualsIgnoreCase", key: ghSub, values: vals("repo:octo-org/octo-repo"), ctx: mainCtx, want: false},
		{name: "§4.3 StringEqualsIgnoreCase absent key is false [S3]", op: "StringEqualsIgnoreCase", key: "x:absent", values: vals("a"), ctx: mainCtx, want: false},
		{name: "§4.3 StringNotEqualsIgnoreCase equal ignoring case is false [S3]", op: "StringNotEqualsIgnoreCase", key: ghSub, values: vals("REPO:OCTO-ORG/OCTO-REPO:REF:REFS/HEADS/MAIN"), ctx: mainCtx, want: false},
		{name: "§4.3 StringNotEqualsIgnoreCase differing value is true [S3]", op: "StringNotEqualsIgnoreCase", key: ghSub, values: vals("repo:x/y:ref:refs/heads/main"), ctx: mainCtx, want: true},
		{name: "§4.3 StringNotEqualsIgnoreCase absent key is true [S3]", op: "StringNotEqualsIgnoreCase", key: "x:absent", values: vals("a"), ctx: mainCtx, want: true},
		{name: "§4.3 StringLike * matches any run of characters [S3]", op: "StringLike", key: ghSub, values: vals("repo:octo-org/octo-repo:*"), ctx: mainCtx, want: true},
		{name: "§4.3 StringLike * matches the empty run [S3]", op: "StringLike", key: ghSub, values: vals(tMain + "*"), ctx: mainCtx, want: true},
		{name: "§4.3 StringLike * anywhere in the string [S3]", op: "StringLike", key: ghSub, values: vals("repo:*/octo-repo:*:refs/heads/*"), ctx: mainCtx, want: true},
		{name: "§4.3 StringLike ? matches exactly one character [S3]", op: "StringLike", key: ghSub, values: vals("repo:octo-org/octo-rep?:*"), ctx: mainCtx, want: true},
		{name: "§4.3 StringLike ? does not match two characters [S3]", op: "StringLike", key: ghSub, values: vals("repo:octo-org/octo-r?:*"), ctx: mainCtx, want: false},
		{name: "§4.3 StringLike is anchored at both ends [S3]", op: "StringLike", key: ghSub, values: vals("octo-org/*"), ctx: mainCtx, want: false},
		{name: "§4.3 StringLike is case-sensitive [S3]", op: "StringLike", key: ghSub, values: vals("repo:OCTO-ORG/*"), ctx: mainCtx, want: false},
		{name: "§4.3 StringLike absent key is false [S3]", op: "StringLike", key: "x:absent", values: vals("*"), ctx: mainCtx, want: false},
		{name: "§4.3 StringNotLike matching value is false [S3]", op: "StringNotLike", key: ghSub, values: vals("repo:octo-org/*"), ctx: mainCtx, want: false},
		{name: "§4.3 StringNotLike non-matching value is true [S3]", op: "StringNotLike", key: ghSub, values: vals("repo:evil/*"), ctx: mainCtx, want: true},
		{name: "§4.3 StringNotLike absent key is true [S3]", op: "StringNotLike", key: "x:absent", values: vals("*"), ctx: mainCtx, want: true},
		{name: "§4.1 StringNotLike with several patterns must miss them all [S4]", op: "StringNotLike", key: ghSub, values: vals("repo:evil/*", "repo:octo-org/*"), ctx: mainCtx, want: false},
		{name: "§4.3 StringLike on a Unicode value: ? is one character, not one byte [S3]", op: "StringLike", key: "x:k", values: vals("caf?"), ctx: mapContext{"x:k": {"café"}}, want: true},
	})
}

// TestKeyNameCase covers spec §4.2: key names are case-insensitive, values
// are not ([S2][S12]).
func TestKeyNameCase(t *testing.T) {
	runEntryCases(t, []entryCase{
		{name: "§4.2 provider key name in upper case finds the key [S2]", op: "StringEquals", key: "TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:SUB", values: vals(tMain), ctx: mainCtx, want: true},
		{name: "§4.2 aws:RequestTag/Team finds tag team [S12]", op: "StringEquals", key: "aws:RequestTag/Team", values: vals("platform"), ctx: mapContext{"aws:RequestTag/team": {"platform"}}, want: true},
		{name: "§4.2 aws:requesttag/TEAM value stays case-sensitive [S12]", op: "StringEquals", key: "aws:requesttag/TEAM", values: vals("Platform"), ctx: mapContext{"aws:RequestTag/team": {"platform"}}, want: false},
		{name: "§4.2 sts:rolesessionname folds case [S2][S24]", op: "StringLike", key: "STS:RoleSessionName", values: vals("gha-*"), ctx: mapContext{"sts:RoleSessionName": {"gha-42"}}, want: true},
	})
}
