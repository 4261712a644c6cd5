package policy

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// stmt wraps statement members into a document with one statement.
func stmt(members string) string {
	return `{"Version": "2012-10-17", "Statement": {` + members + `}}`
}

const (
	okPrincipal = `"Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/a.example.com"}`
	okAction    = `"Action": "sts:AssumeRoleWithWebIdentity"`
	okHead      = `"Effect": "Allow", ` + okPrincipal + `, ` + okAction
)

// wantProblem names an expected problem. at is a substring of the input
// whose first occurrence marks the expected position.
type wantProblem struct {
	code, path, at string
}

// positionOf computes the line:column of the first occurrence of marker in
// input, independently of the positioner.
func positionOf(t *testing.T, input, marker string) string {
	t.Helper()
	i := strings.Index(input, marker)
	if i < 0 {
		t.Fatalf("marker %q not in the input", marker)
	}
	prefix := input[:i]
	line := strings.Count(prefix, "\n") + 1
	col := utf8.RuneCountInString(prefix[strings.LastIndex(prefix, "\n")+1:]) + 1
	return fmt.Sprintf("%d:%d", line, col)
}

var problemTests = []struct {
	name           string
	source         string // spec section and source tags the rule comes from
	input          string
	want           []wantProblem
	wantStatements int    // statements kept for evaluation
	wantMsg        string // fragment of the first problem's message
}{
	{name: "clean document", source: "§2.1 [S6]", input: stmt(okHead), wantStatements: 1},
	{name: `Principal "*"`, source: "§2.4 [S19][S38j]",
		input:          stmt(`"Effect": "Allow", "Principal": "*", ` + okAction),
		want:           []wantProblem{{CodePrincipalWildcard, "$.Statement.Principal", `"*"`}},
		wantStatements: 1, wantMsg: "not allowed in a role trust policy"},
	{name: "Federated wildcard", source: "§2.3 [S6][S19]",
		input:          stmt(`"Effect": "Allow", "Principal": {"Federated": "*"}, ` + okAction),
		want:           []wantProblem{{CodePrincipalWildcardValue, "$.Statement.Principal.Federated", `"*"`}},
		wantStatements: 1, wantMsg: "does not accept * or ?"},
	{name: "wildcard inside a Federated list", source: "§2.3 [S6][S19]",
		input:          stmt(`"Effect": "Allow", "Principal": {"Federated": ["a.example.com", "arn:aws:iam::111122223333:oidc-provider/*"]}, ` + okAction),
		want:           []wantProblem{{CodePrincipalWildcardValue, "$.Statement.Principal.Federated[1]", `"arn:`}},
		wantStatements: 1},
	{name: "question mark in a Service principal", source: "§2.3 [S6][S19]",
		input:          stmt(`"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.co?"}, ` + okAction),
		want:           []wantProblem{{CodePrincipalWildcardValue, "$.Statement.Principal.Service", `"pods`}},
		wantStatements: 1},
	{name: "partial wildcard in an AWS principal", source: "§2.3 [S6][S19]",
		input:          stmt(`"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::*:root"}, ` + okAction),
		want:           []wantProblem{{CodePrincipalWildcardValue, "$.Statement.Principal.AWS", `"arn:`}},
		wantStatements: 1},
	{name: `{"AWS": "*"} is legal in a trust policy`, source: "§2.4 [S6]",
		input: stmt(`"Effect": "Allow", "Principal": {"AWS": "*"}, ` + okAction), wantStatements: 1},
	{name: "NotPrincipal", source: "§2.5 [S7][S19]",
		input:          stmt(`"Effect": "Deny", "NotPrincipal": {"Federated": "*"}, ` + okAction),
		want:           []wantProblem{{CodeNotPrincipal, "$.Statement.NotPrincipal", `"NotPrincipal"`}},
		wantStatements: 1, wantMsg: "NotPrincipal is not allowed"},
	{name: "Federated https URL", source: "§2.6 [S19][S38l]",
		input:          stmt(`"Effect": "Allow", "Principal": {"Federated": "https://token.actions.githubusercontent.com"}, ` + okAction),
		want:           []wantProblem{{CodeInvalidFederated, "$.Statement.Principal.Federated", `"https:`}},
		wantStatements: 1, wantMsg: "is not a domain name"},
	{name: "Federated ARN with a short account", source: "§2.6 [S19]",
		input:          stmt(`"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1111:oidc-provider/a.example.com"}, ` + okAction),
		want:           []wantProblem{{CodeInvalidFederated, "$.Statement.Principal.Federated", `"arn:`}},
		wantStatements: 1, wantMsg: "12-digit account ID"},
	{name: "Federated role ARN", source: "§2.6 [S19]",
		input:          stmt(`"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:role/ci"}, ` + okAction),
		want:           []wantProblem{{CodeInvalidFederated, "$.Statement.Principal.Federated", `"arn:`}},
		wantStatements: 1, wantMsg: "oidc-provider/ or saml-provider/"},
	{name: "Federated provider ARN with a scheme", source: "§2.6 [S19], §1.2 [S15]",
		input:          stmt(`"Effect": "Allow", "Principal": {"Federated": ["accounts.google.com", "arn:aws:iam::111122223333:oidc-provider/https://a.example.com"]}, ` + okAction),
		want:           []wantProblem{{CodeInvalidFederated, "$.Statement.Principal.Federated[1]", `"arn:`}},
		wantStatements: 1, wantMsg: "without https://"},
	{name: "Federated SAML provider in another partition is valid", source: "§2.6 [S19]",
		input: stmt(`"Effect": "Allow", "Principal": {"Federated": ["arn:aws-cn:iam::111122223333:saml-provider/corp", "arn:aws-us-gov:iam::111122223333:oidc-provider/a.example.com/path"]}, ` + okAction), wantStatements: 1},
	{name: "Principal as a plain ARN string", source: "§2.1 [S6]",
		input:          stmt(`"Effect": "Allow", "Principal": "arn:aws:iam::111122223333:oidc-provider/a.example.com", ` + okAction),
		want:           []wantProblem{{CodeInvalidPrincipal, "$.Statement.Principal", `"arn:`}},
		wantStatements: 1, wantMsg: `only "*" or an object`},
	{name: "unknown principal type and empty lists", source: "§2.1 [S6]",
		input: stmt(`"Effect": "Allow", "Principal": {"federated": "a.example.com", "Federated": []}, ` + okAction),
		want: []wantProblem{
			{CodeInvalidPrincipal, "$.Statement.Principal.federated", `"federated"`},
			{CodeInvalidPrincipal, "$.Statement.Principal.Federated", `[]`},
		},
		wantStatements: 1, wantMsg: "not a principal type"},
	{name: "empty Principal object", source: "§2.1 [S6]",
		input:          stmt(`"Effect": "Allow", "Principal": {}, ` + okAction),
		want:           []wantProblem{{CodeInvalidPrincipal, "$.Statement.Principal", `{}`}},
		wantStatements: 1},
	{name: "Resource", source: "§3 [S19]",
		input:          stmt(okHead + `, "Resource": "*"`),
		want:           []wantProblem{{CodeResourceInTrustPolicy, "$.Statement.Resource", `"Resource"`}},
		wantStatements: 1, wantMsg: "Resource is not allowed"},
	{name: "NotResource", source: "§3 [S19]",
		input:          stmt(okHead + `, "NotResource": ["arn:aws:s3:::x"]`),
		want:           []wantProblem{{CodeResourceInTrustPolicy, "$.Statement.NotResource", `"NotResource"`}},
		wantStatements: 1},
	{name: "misspelt operator gets a suggestion", source: "§4.2 [S38n]",
		input:          stmt(okHead + `, "Condition": {"stringequals": {"a.example.com:aud": "x"}}`),
		want:           []wantProblem{{CodeUnknownOperator, "$.Statement.Condition.stringequals", `"stringequals"`}},
		wantStatements: 1, wantMsg: `did you mean "StringEquals"?`},
	{name: "unknown operator", source: "§4.2 [S38n]",
		input:          stmt(okHead + `, "Condition": {"StringEqual": {"a.example.com:aud": "x"}}`),
		want:           []wantProblem{{CodeUnknownOperator, "$.Statement.Condition.StringEqual", `"StringEqual"`}},
		wantStatements: 1, wantMsg: "Invalid Condition type"},
	{name: "condition key with https://", source: "§5 [S38b]",
		input:          stmt(okHead + `, "Condition": {"StringEquals": {"https://oidc.eks.us-east-1.amazonaws.com/id/EX:sub": "x"}}`),
		want:           []wantProblem{{CodeMalformedConditionKey, `$.Statement.Condition.StringEquals["https://oidc.eks.us-east-1.amazonaws.com/id/EX:sub"]`, `"https:`}},
		wantStatements: 1, wantMsg: `e.g. "oidc.eks.us-east-1.amazonaws.com/id/EX:sub"`},
	{name: "condition key with HTTP://", source: "§5 [S38b]",
		input:          stmt(okHead + `, "Condition": {"StringLike": {"HTTP://a.example.com:sub": "x"}}`),
		want:           []wantProblem{{CodeMalformedConditionKey, `$.Statement.Condition.StringLike["HTTP://a.example.com:sub"]`, `"HTTP:`}},
		wantStatements: 1},
	{name: "condition key with two colons", source: "§5 [S38b]",
		input:          stmt(okHead + `, "Condition": {"StringEquals": {"a.example.com:8443:sub": "x"}}`),
		want:           []wantProblem{{CodeMalformedConditionKey, `$.Statement.Condition.StringEquals["a.example.com:8443:sub"]`, `"a.example.com:8443`}},
		wantStatements: 1, wantMsg: "2 colons"},
	{name: "condition key with U+017F (long s)", source: "ASCII key folding",
		input:          stmt(okHead + `, "Condition": {"StringEqualsIfExists": {"token.actions.githubusercontent.com:ſub": "repo:o/r:ref:refs/heads/main"}}`),
		want:           []wantProblem{{CodeLookalikeConditionKey, `$.Statement.Condition.StringEqualsIfExists["token.actions.githubusercontent.com:ſub"]`, `"token.actions.githubusercontent.com:ſ`}},
		wantStatements: 1, wantMsg: `resembles "token.actions.githubusercontent.com:sub" only through non-ASCII case folding`},
	{name: "condition key with U+212A (Kelvin sign)", source: "ASCII key folding",
		input:          stmt(okHead + `, "Condition": {"Null": {"aws:RequestTag/Key": "true"}}`),
		want:           []wantProblem{{CodeLookalikeConditionKey, `$.Statement.Condition.Null["aws:RequestTag/Key"]`, `"aws:RequestTag/K`}},
		wantStatements: 1, wantMsg: `resembles "aws:RequestTag/key"`},
	{name: "condition key with other non-ASCII letters is no look-alike", source: "ASCII key folding",
		input:          stmt(okHead + `, "Condition": {"StringEquals": {"aws:RequestTag/équipe": "x"}}`),
		wantStatements: 1},
	{name: "duplicate operator block", source: "§4.1 [S38i]",
		input: stmt(okHead + `, "Condition": {"StringEquals": {"a.example.com:aud": "x"}, "StringEquals": {"a.example.com:sub": "y"}}`),
		want:  []wantProblem{{CodeDuplicateKey, "$.Statement.Condition.StringEquals", `"StringEquals": {"a.example.com:sub"`}},
		// The message must say IAM's behaviour is unconfirmed and only one block applies.
		wantStatements: 1, wantMsg: "only one of them takes effect: stsguard uses the last, as lenient JSON readers do, but how IAM treats repeated keys is unconfirmed"},
	{name: "duplicate top-level and principal keys", source: "§4.1 [S38i]",
		input: `{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Federated": "a.example.com", "Federated": "b.example.com"}, ` + okAction + `}}`,
		want: []wantProblem{
			{CodeDuplicateKey, "$.Version", `"Version": "2012-10-17", "Statement"`},
			{CodeDuplicateKey, "$.Statement.Principal.Federated", `"Federated": "b.`},
		},
		wantStatements: 1},
	{name: "policy too large", source: "§7 IAM quotas",
		input: stmt(okHead + `, "Condition": {"StringEquals": {"a.example.com:sub": [` + strings.Repeat(`"system:serviceaccount:ns:sa",`, 80) + `"x"]}}`),
		want:  []wantProblem{{CodePolicyTooLarge, "$", `{"Version"`}},
		// 80 values of 29 characters alone exceed the limit.
		wantStatements: 1, wantMsg: "IAM accepts at most 2048 characters"},
	{name: "Effect in the wrong case", source: "§6.1 [S1]",
		input:   stmt(`"Effect": "allow", ` + okPrincipal + `, ` + okAction),
		want:    []wantProblem{{CodeInvalidEffect, "$.Statement.Effect", `"allow"`}},
		wantMsg: "case-sensitive"},
	{name: "Effect not Allow or Deny", source: "§6.1 [S1]",
		input: stmt(`"Effect": "Permit", ` + okPrincipal + `, ` + okAction),
		want:  []wantProblem{{CodeInvalidEffect, "$.Statement.Effect", `"Permit"`}}},
	{name: "missing Effect", source: "§6.1 [S1]",
		input: stmt(okPrincipal + `, ` + okAction),
		want:  []wantProblem{{CodeMissingEffect, "$.Statement", `{"Principal`}}},
	{name: "missing Principal", source: "§2.1 [S6]",
		input:          stmt(`"Effect": "Allow", ` + okAction),
		want:           []wantProblem{{CodeMissingPrincipal, "$.Statement", `{"Effect`}},
		wantStatements: 1},
	{name: "missing Action", source: "§3 [S8]",
		input:          stmt(`"Effect": "Allow", ` + okPrincipal),
		want:           []wantProblem{{CodeMissingAction, "$.Statement", `{"Effect`}},
		wantStatements: 1},
	{name: "empty Action list", source: "§3 [S8]",
		input:          stmt(`"Effect": "Allow", ` + okPrincipal + `, "Action": []`),
		want:           []wantProblem{{CodeMissingAction, "$.Statement.Action", `[]`}},
		wantStatements: 1},
	{name: "Action and NotAction together", source: "§3 [S9]",
		input:          stmt(okHead + `, "NotAction": "sts:AssumeRole"`),
		want:           []wantProblem{{CodeConflictingElements, "$.Statement.NotAction", `"NotAction"`}},
		wantStatements: 1},
	{name: "Principal and NotPrincipal together", source: "§2.5 [S7]",
		input: stmt(okHead + `, "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}`),
		want: []wantProblem{
			{CodeConflictingElements, "$.Statement.Principal", `"Principal"`},
			{CodeNotPrincipal, "$.Statement.NotPrincipal", `"NotPrincipal"`},
		},
		wantStatements: 1},
	{name: "unknown Version", source: "§4.5 [S10]",
		input:          `{"Version": "2012-10-18", "Statement": {` + okHead + `}}`,
		want:           []wantProblem{{CodeInvalidVersion, "$.Version", `"2012-10-18"`}},
		wantStatements: 1, wantMsg: `"2012-10-17"`},
	{name: "unknown top-level element with a case hint", source: "IAM grammar",
		input: `{"Version": "2012-10-17", "statement": {` + okHead + `}}`,
		want: []wantProblem{
			{CodeNoStatements, "$", `{"Version"`},
			{CodeUnknownElement, "$.statement", `"statement"`},
		},
		wantMsg: "no Statement element"},
	{name: "unknown statement element", source: "IAM grammar",
		input:          stmt(okHead + `, "Conditions": {}`),
		want:           []wantProblem{{CodeUnknownElement, "$.Statement.Conditions", `"Conditions"`}},
		wantStatements: 1, wantMsg: `Did you mean "Condition"?`},
	{name: "empty Statement list", source: "§6.1 [S1]",
		input: `{"Version": "2012-10-17", "Statement": []}`,
		want:  []wantProblem{{CodeNoStatements, "$.Statement", `[]`}}},
	{name: "empty Condition", source: "§4.1 [S2]",
		input:          stmt(okHead + `, "Condition": {}`),
		want:           []wantProblem{{CodeEmptyConditionBlock, "$.Statement.Condition", `{}`}},
		wantStatements: 1},
	{name: "empty operator block", source: "§4.1 [S2]",
		input:          stmt(okHead + `, "Condition": {"StringLike": {}}`),
		want:           []wantProblem{{CodeEmptyConditionBlock, "$.Statement.Condition.StringLike", `{}`}},
		wantStatements: 1},
}

// TestParseProblems checks every problem code: code, path, position and
// source, and that the document is still returned.
func TestParseProblems(t *testing.T) {
	for _, tc := range problemTests {
		t.Run(tc.name+" "+tc.source, func(t *testing.T) {
			doc, problems := mustParse(t, tc.input)
			if len(doc.Statements) != tc.wantStatements {
				t.Errorf("kept %d statements, want %d", len(doc.Statements), tc.wantStatements)
			}
			var got, want []string
			for _, p := range problems {
				got = append(got, fmt.Sprintf("%s %s %s", p.Code, p.Path, p.Position))
				if p.Message == "" || p.Source == "" {
					t.Errorf("problem %s has an empty message or source", p.Code)
				}
				if p.Position.Offset < 0 || p.Position.Offset >= len(tc.input) {
					t.Errorf("problem %s offset %d outside the input", p.Code, p.Position.Offset)
				}
			}
			for _, w := range tc.want {
				want = append(want, fmt.Sprintf("%s %s %s", w.code, w.path, positionOf(t, tc.input, w.at)))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("problems differ\n got: %q\nwant: %q", got, want)
			}
			if tc.wantMsg != "" && len(problems) > 0 && !strings.Contains(problems[0].Message, tc.wantMsg) {
				t.Errorf("message %q does not contain %q", problems[0].Message, tc.wantMsg)
			}
		})
	}
}

// TestEveryProblemCodeIsTested makes sure no code is left without a case.
func TestEveryProblemCodeIsTested(t *testing.T) {
	tested := map[string]bool{}
	for _, tc := range problemTests {
		for _, w := range tc.want {
			tested[w.code] = true
		}
	}
	for code := range problemSources {
		if !tested[code] {
			t.Errorf("problem code %q has no test case", code)
		}
	}
}

// TestProblemsKeepConditionEntries checks that an unknown operator and a
// malformed key do not drop the entry (spec §4.2, §5).
func TestProblemsKeepConditionEntries(t *testing.T) {
	doc, _ := mustParse(t, stmt(okHead+`, "Condition": {"StringEqual": {"a.example.com:aud": "x"}, "StringEquals": {"https://a.example.com:sub": "y"}}`))
	conds := doc.Statements[0].Conditions
	if len(conds) != 2 {
		t.Fatalf("got %d condition entries, want 2", len(conds))
	}
	if conds[0].OperatorValid || conds[0].OperatorName != "StringEqual" {
		t.Errorf("unknown operator entry = %+v, want OperatorValid false", conds[0])
	}
	if !conds[1].OperatorValid || conds[1].Key != "https://a.example.com:sub" {
		t.Errorf("malformed key entry = %+v, want the key kept as written", conds[1])
	}
}

// TestSplitKeyScheme covers condition keys written with the provider URL's
// scheme, which name no request key and which IAM refuses (spec §5,
// [S11][S38b]).
func TestSplitKeyScheme(t *testing.T) {
	cases := []struct {
		name, key, scheme, fixed string
	}{
		{"§5 https:// in the key [S38b]", "https://token.actions.githubusercontent.com:sub", "https://", "token.actions.githubusercontent.com:sub"},
		{"§5 http:// in the key [S38b]", "http://auth.example.com:aud", "http://", "auth.example.com:aud"},
		{"§5 the scheme in any letter case [S38b]", "HTTPS://auth.example.com:aud", "https://", "auth.example.com:aud"},
		{"§5 a key without a scheme [S11]", "token.actions.githubusercontent.com:sub", "", "token.actions.githubusercontent.com:sub"},
		{"§5 a global key [S11]", "aws:SourceIp", "", "aws:SourceIp"},
		{"another scheme is not one of these", "ftp://auth.example.com:aud", "", "ftp://auth.example.com:aud"},
		{"a scheme after the host", "auth.example.com/Https://x:aud", "https://", "auth.example.com/x:aud"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			scheme, fixed := SplitKeyScheme(tc.key)
			if scheme != tc.scheme || fixed != tc.fixed {
				t.Errorf("SplitKeyScheme(%q) = %q, %q; want %q, %q", tc.key, scheme, fixed, tc.scheme, tc.fixed)
			}
		})
	}
}
