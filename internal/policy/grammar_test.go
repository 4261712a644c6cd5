package policy

import (
	"reflect"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
)

// withoutLocations returns a copy of the statements with every Loc cleared,
// so grammar tests can compare structure alone.
func withoutLocations(stmts []Statement) []Statement {
	out := make([]Statement, len(stmts))
	for i, s := range stmts {
		s.Loc = Location{}
		if s.Principal != nil {
			p := *s.Principal
			p.Loc = Location{}
			s.Principal = &p
		}
		if s.NotPrincipal != nil {
			p := *s.NotPrincipal
			p.Loc = Location{}
			s.NotPrincipal = &p
		}
		conds := make([]Condition, len(s.Conditions))
		for j, c := range s.Conditions {
			c.Loc = Location{}
			conds[j] = c
		}
		if s.Conditions == nil {
			conds = nil
		}
		s.Conditions = conds
		out[i] = s
	}
	return out
}

func federated(values ...string) *Principal {
	return &Principal{Values: map[string][]string{"Federated": values}}
}

func str(s string) Value { return Value{Raw: s, Kind: KindString} }

var (
	opStringEquals = condition.Operator{Base: condition.StringEquals}
	opStringLike   = condition.Operator{Base: condition.StringLike}
	assumeWeb      = []string{"sts:AssumeRoleWithWebIdentity"}
)

// TestParseGrammar checks every grammar form a trust policy can use.
func TestParseGrammar(t *testing.T) {
	tests := []struct {
		name        string
		source      string // spec section / source tag
		input       string
		wantVersion string
		wantID      string
		want        []Statement
	}{
		{
			name: "Statement as a single object", source: "§4.1 [S2]",
			input:       `{"Version": "2012-10-17", "Id": "trust-1", "Statement": {"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}}`,
			wantVersion: "2012-10-17", wantID: "trust-1",
			want: []Statement{{Index: 0, Effect: Allow, Principal: federated("accounts.google.com"), Actions: assumeWeb}},
		},
		{
			name: "Statement as a list, Sid, Deny, legacy Version", source: "§4.5 [S10], §6.1 [S1]",
			input: `{"Version": "2008-10-17", "Statement": [
				{"Sid": "A", "Effect": "Allow", "Principal": {"Federated": "www.amazon.com"}, "Action": "sts:AssumeRoleWithWebIdentity"},
				{"Sid": "B", "Effect": "Deny", "Principal": {"Federated": "graph.facebook.com"}, "Action": ["sts:AssumeRoleWithWebIdentity"]}]}`,
			wantVersion: "2008-10-17",
			want: []Statement{
				{Index: 0, Sid: "A", Effect: Allow, Principal: federated("www.amazon.com"), Actions: assumeWeb},
				{Index: 1, Sid: "B", Effect: Deny, Principal: federated("graph.facebook.com"), Actions: assumeWeb},
			},
		},
		{
			name: "Principal with a list and every principal type", source: "§2.1 [S6]",
			input: `{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": {
				"Federated": ["arn:aws:iam::111122223333:oidc-provider/a.example.com", "arn:aws:iam::111122223333:saml-provider/corp"],
				"AWS": "arn:aws:iam::111122223333:root", "Service": ["pods.eks.amazonaws.com"], "CanonicalUser": "79a59df900b949e55d96a1e698fbaced"}}}`,
			want: []Statement{{Effect: Allow, Actions: assumeWeb, Principal: &Principal{Values: map[string][]string{
				"Federated":     {"arn:aws:iam::111122223333:oidc-provider/a.example.com", "arn:aws:iam::111122223333:saml-provider/corp"},
				"AWS":           {"arn:aws:iam::111122223333:root"},
				"Service":       {"pods.eks.amazonaws.com"},
				"CanonicalUser": {"79a59df900b949e55d96a1e698fbaced"},
			}}}},
		},
		{
			name: `Principal "*" is a wildcard`, source: "§2.4 [S19]",
			input: `{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:*"}}`,
			want:  []Statement{{Effect: Allow, Principal: &Principal{Wildcard: true, Values: map[string][]string{}}, Actions: []string{"sts:*"}}},
		},
		{
			name: "NotPrincipal, NotAction and NotResource", source: "§2.5 [S7], §3 [S9][S19]",
			input: `{"Statement": {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "NotAction": ["sts:AssumeRole", "sts:TagSession"], "NotResource": "arn:aws:iam::111122223333:role/x"}}`,
			want: []Statement{{Effect: Deny, NotPrincipal: &Principal{Values: map[string][]string{"AWS": {"arn:aws:iam::111122223333:root"}}},
				Actions: []string{"sts:AssumeRole", "sts:TagSession"}, NotAction: true,
				Resources: []string{"arn:aws:iam::111122223333:role/x"}, NotResource: true}},
		},
		{
			name: "Resource list", source: "§3 [S19]",
			input: `{"Statement": {"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Resource": ["*", "arn:aws:iam::111122223333:role/x"]}}`,
			want:  []Statement{{Effect: Allow, Principal: federated("accounts.google.com"), Actions: assumeWeb, Resources: []string{"*", "arn:aws:iam::111122223333:role/x"}}},
		},
		{
			name: "Condition value kinds: string, bool, number kept exactly, lists, empty list", source: "§4.1 [S2], §4.4 [S19]",
			input: `{"Statement": {"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {
				"Bool": {"sts:RoleAuthorizedByIdp": true},
				"NumericEquals": {"accounts.google.com:google/organization_number": 1.50e3},
				"NumericLessThan": {"x:n": [-0, 10, "7"]},
				"ForAllValues:StringEquals": {"aws:TagKeys": []},
				"StringEquals": {"accounts.google.com:aud": "app-1", "accounts.google.com:oaud": ["a", false]}}}}`,
			want: []Statement{{Effect: Allow, Principal: federated("accounts.google.com"), Actions: assumeWeb, Conditions: []Condition{
				{OperatorName: "Bool", Operator: condition.Operator{Base: condition.Bool}, OperatorValid: true, Key: "sts:RoleAuthorizedByIdp", Values: []Value{{Raw: "true", Kind: KindBool}}},
				{OperatorName: "NumericEquals", Operator: condition.Operator{Base: condition.NumericEquals}, OperatorValid: true, Key: "accounts.google.com:google/organization_number", Values: []Value{{Raw: "1.50e3", Kind: KindNumber}}},
				{OperatorName: "NumericLessThan", Operator: condition.Operator{Base: condition.NumericLessThan}, OperatorValid: true, Key: "x:n", Values: []Value{{Raw: "-0", Kind: KindNumber}, {Raw: "10", Kind: KindNumber}, str("7")}},
				{OperatorName: "ForAllValues:StringEquals", Operator: condition.Operator{Set: condition.ForAllValues, Base: condition.StringEquals}, OperatorValid: true, Key: "aws:TagKeys", Values: []Value{}},
				{OperatorName: "StringEquals", Operator: opStringEquals, OperatorValid: true, Key: "accounts.google.com:aud", Values: []Value{str("app-1")}},
				{OperatorName: "StringEquals", Operator: opStringEquals, OperatorValid: true, Key: "accounts.google.com:oaud", Values: []Value{str("a"), {Raw: "false", Kind: KindBool}}},
			}}},
		},
		{
			name: "set qualifiers and IfExists are parsed by condition.ParseOperator", source: "§4.3 [S3], §4.4 [S4]",
			input: `{"Statement": {"Effect": "Deny", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {
				"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"},
				"StringNotEqualsIfExists": {"aws:RequestTag/team": "x"}}}}`,
			want: []Statement{{Effect: Deny, Principal: federated("cognito-identity.amazonaws.com"), Actions: assumeWeb, Conditions: []Condition{
				{OperatorName: "ForAnyValue:StringLike", Operator: condition.Operator{Set: condition.ForAnyValue, Base: condition.StringLike}, OperatorValid: true, Key: "cognito-identity.amazonaws.com:amr", Values: []Value{str("unauthenticated")}},
				{OperatorName: "StringNotEqualsIfExists", Operator: condition.Operator{Base: condition.StringNotEquals, IfExists: true}, OperatorValid: true, Key: "aws:RequestTag/team", Values: []Value{str("x")}},
			}}},
		},
		{
			name: "unknown operator is kept with OperatorValid false", source: "§4.2 [S38n]",
			input: `{"Statement": {"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAllValuesStringEquals": {"accounts.google.com:aud": "x"}}}}`,
			want: []Statement{{Effect: Allow, Principal: federated("accounts.google.com"), Actions: assumeWeb, Conditions: []Condition{
				{OperatorName: "ForAllValuesStringEquals", OperatorValid: false, Key: "accounts.google.com:aud", Values: []Value{str("x")}},
			}}},
		},
		{
			name: "string escapes are decoded", source: "RFC 8259 §7",
			input: `{"Statement": {"Sid": "caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \t\n", "Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"x:sub": "\ud800 lone"}}}}`,
			want: []Statement{{Sid: "café 😀 \"q\" \\ / \t\n", Effect: Allow, Principal: federated("accounts.google.com"), Actions: assumeWeb, Conditions: []Condition{
				{OperatorName: "StringLike", Operator: opStringLike, OperatorValid: true, Key: "x:sub", Values: []Value{str("\uFFFD lone")}},
			}}},
		},
		{
			name: "Index is the source index even when earlier statements are excluded", source: "§6.1 [S1]",
			input: `{"Statement": [{"Effect": "Permit", "Principal": {"Federated": "a.example.com"}, "Action": "x:y"}, {"Principal": {"Federated": "a.example.com"}, "Action": "x:y"}, {"Effect": "Allow", "Principal": {"Federated": "a.example.com"}, "Action": "x:y"}]}`,
			want:  []Statement{{Index: 2, Effect: Allow, Principal: federated("a.example.com"), Actions: []string{"x:y"}}},
		},
		{
			name: "missing Action keeps the statement with no actions", source: "§3 [S8]",
			input: `{"Statement": {"Effect": "Allow", "Principal": {"Federated": "a.example.com"}}}`,
			want:  []Statement{{Effect: Allow, Principal: federated("a.example.com")}},
		},
		{
			name: "duplicate keys: the last occurrence wins", source: "§4.1 [S38i]",
			input: `{"Statement": {"Effect": "Allow", "Principal": {"Federated": "a.example.com"}, "Action": "x:y", "Condition": {
				"StringEquals": {"a.example.com:sub": "first", "a.example.com:sub": "second"},
				"StringLike": {"a.example.com:aud": "x"},
				"StringEquals": {"a.example.com:aud": "third"}}}}`,
			want: []Statement{{Effect: Allow, Principal: federated("a.example.com"), Actions: []string{"x:y"}, Conditions: []Condition{
				{OperatorName: "StringLike", Operator: opStringLike, OperatorValid: true, Key: "a.example.com:aud", Values: []Value{str("x")}},
				{OperatorName: "StringEquals", Operator: opStringEquals, OperatorValid: true, Key: "a.example.com:aud", Values: []Value{str("third")}},
			}}},
		},
		{
			name: "unknown elements are ignored", source: "IAM grammar",
			input: `{"Statement": {"Effect": "Allow", "Principal": {"Federated": "a.example.com"}, "Action": "x:y", "Comment": {"deep": [null, {"x": 1}]}}, "Extra": null}`,
			want:  []Statement{{Effect: Allow, Principal: federated("a.example.com"), Actions: []string{"x:y"}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name+" "+tc.source, func(t *testing.T) {
			doc, _ := mustParse(t, tc.input)
			if doc.Version != tc.wantVersion || doc.ID != tc.wantID {
				t.Errorf("Version, Id = %q, %q; want %q, %q", doc.Version, doc.ID, tc.wantVersion, tc.wantID)
			}
			got := withoutLocations(doc.Statements)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("statements differ\n got: %+v\nwant: %+v", got, tc.want)
			}
		})
	}
}

// TestParseLocations checks the paths and line:column of statements,
// principals and condition entries, with tabs and multibyte characters
// before them (columns count code points).
func TestParseLocations(t *testing.T) {
	input := "{\n" +
		"\t\"Statement\": [\n" +
		"\t\t{\"Sid\": \"é\", \"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"a:b\"},\n" +
		"\t\t{\"Sid\": \"日本\", \"Effect\": \"Allow\",\n" +
		"\t\t \"Principal\": {\"Federated\": \"a.example.com\"}, \"Action\": \"a:b\",\n" +
		"\t\t \"Condition\": {\"ForAnyValue:StringLike\": {\"a.example.com:amr\": \"x\", \"sub\": \"y\"}}}\n" +
		"\t]\n}"
	doc, _ := mustParse(t, input)
	if len(doc.Statements) != 2 {
		t.Fatalf("got %d statements, want 2", len(doc.Statements))
	}
	s0, s1 := doc.Statements[0], doc.Statements[1]
	tests := []struct {
		name string
		got  Location
		want string
	}{
		{"statement 0", s0.Loc, "$.Statement[0] (3:3)"},
		{"statement 0 principal", s0.Principal.Loc, "$.Statement[0].Principal (3:34)"},
		{"statement 1", s1.Loc, "$.Statement[1] (4:3)"},
		{"statement 1 principal", s1.Principal.Loc, "$.Statement[1].Principal (5:4)"},
		{"condition with a quoted path", s1.Conditions[0].Loc, `$.Statement[1].Condition["ForAnyValue:StringLike"]["a.example.com:amr"] (6:45)`},
		{"condition with an identifier key", s1.Conditions[1].Loc, `$.Statement[1].Condition["ForAnyValue:StringLike"].sub (6:71)`},
	}
	for _, tc := range tests {
		if got := tc.got.String(); got != tc.want {
			t.Errorf("%s: location = %s, want %s", tc.name, got, tc.want)
		}
		if off := tc.got.Pos.Offset; input[off] != '"' && input[off] != '{' {
			t.Errorf("%s: offset %d points at %q, not at the element", tc.name, off, input[off])
		}
	}
}

// TestChildKeyPaths checks the JSON path syntax.
func TestChildKeyPaths(t *testing.T) {
	tests := []struct{ key, want string }{
		{"Statement", "$.Statement"},
		{"_x9", "$._x9"},
		{"9x", `$["9x"]`},
		{"token.actions.githubusercontent.com:sub", `$["token.actions.githubusercontent.com:sub"]`},
		{`a"b\c`, `$["a\"b\\c"]`},
		{"tab\there", `$["tab\u0009here"]`},
		{"", `$[""]`},
	}
	for _, tc := range tests {
		if got := childKey(rootPath, tc.key); got != tc.want {
			t.Errorf("childKey(%q) = %s, want %s", tc.key, got, tc.want)
		}
	}
}
