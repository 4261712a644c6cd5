package policy

import (
	"errors"
	"strings"
	"testing"
)

// TestParseSyntaxErrors covers every class of fatal error: the input cannot
// be read as a policy at all. Each case asserts the JSON path, line:column
// and a fragment of the message naming what was expected.
func TestParseSyntaxErrors(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		wantPath string
		wantPos  string // line:column
		wantMsg  string // fragment of the message
	}{
		// Empty input.
		{name: "empty input", input: "", wantPath: "$", wantPos: "1:1", wantMsg: "empty"},
		{name: "whitespace only", input: " \n\t\r\n ", wantPath: "$", wantPos: "1:1", wantMsg: "empty"},

		// Top level not an object.
		{name: "top-level list", input: `[{"Effect":"Allow"}]`, wantPath: "$", wantPos: "1:1", wantMsg: "the document is a list; expected a JSON object"},
		{name: "top-level string", input: `"policy"`, wantPath: "$", wantPos: "1:1", wantMsg: "a string"},
		{name: "top-level number after blank lines", input: "\n\n   42", wantPath: "$", wantPos: "3:4", wantMsg: "a number"},
		{name: "top-level null", input: `null`, wantPath: "$", wantPos: "1:1", wantMsg: "null"},

		// Invalid UTF-8: position of the first bad byte, columns in runes.
		{name: "invalid UTF-8 in a string", input: "{\"Id\": \"\xff\"}", wantPath: "$.Id", wantPos: "1:9", wantMsg: "invalid UTF-8: byte 0xFF"},
		{name: "invalid UTF-8 after multibyte runes", input: "{\"Id\": \"éé\xc3(\"}", wantPath: "$.Id", wantPos: "1:11", wantMsg: "invalid UTF-8: byte 0xC3"},
		{name: "invalid UTF-8 in a key on line 2", input: "{\n  \"Sta\x80tement\": []}", wantPath: "$", wantPos: "2:7", wantMsg: "invalid UTF-8: byte 0x80"},
		{name: "invalid UTF-8 outside strings", input: "{\xfe}", wantPath: "$", wantPos: "1:2", wantMsg: "invalid UTF-8"},
		{name: "UTF-8 encoded surrogate", input: "{\"Id\": \"\xed\xa0\x80\"}", wantPath: "$.Id", wantPos: "1:9", wantMsg: "invalid UTF-8: byte 0xED"},
		{name: "byte-order mark", input: "\uFEFF{}", wantPath: "$", wantPos: "1:1", wantMsg: "byte-order mark"},

		// Invalid JSON.
		{name: "missing colon", input: `{"Version" "2012-10-17"}`, wantPath: "$", wantPos: "1:12", wantMsg: `expected ':' after the member name "Version"`},
		{name: "trailing comma in object", input: `{"Version": "2012-10-17",}`, wantPath: "$", wantPos: "1:26", wantMsg: "expected a member name in double quotes"},
		{name: "trailing comma in list", input: "{\"Statement\": [{\"Action\": [\"sts:AssumeRoleWithWebIdentity\",]}]}", wantPath: "$.Statement[0].Action[1]", wantPos: "1:60", wantMsg: "expected a value"},
		{name: "single-quoted key", input: `{'Version': '2012-10-17'}`, wantPath: "$", wantPos: "1:2", wantMsg: `unexpected character '\''`},
		{name: "unquoted key", input: `{Version: 1}`, wantPath: "$", wantPos: "1:2", wantMsg: "member name in double quotes or '}'"},
		{name: "missing comma between members", input: "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}", wantPath: "$.Version", wantPos: "3:3", wantMsg: `expected ',' or '}' after the value of "Version"`},
		{name: "missing comma between items", input: `{"Statement": [{} {}]}`, wantPath: "$.Statement[0]", wantPos: "1:19", wantMsg: "',' or ']'"},
		{name: "capitalised keyword", input: `{"Statement": {"Condition": {"Bool": {"aws:SecureTransport": True}}}}`, wantPath: `$.Statement.Condition.Bool["aws:SecureTransport"]`, wantPos: "1:62", wantMsg: `unexpected character 'T'`},
		{name: "misspelt keyword", input: `{"a": nul}`, wantPath: "$.a", wantPos: "1:7", wantMsg: "expected null"},
		{name: "lone minus", input: `{"a": -}`, wantPath: "$.a", wantPos: "1:8", wantMsg: "a digit in the number"},
		{name: "number without fraction digits", input: `{"a": 1.}`, wantPath: "$.a", wantPos: "1:9", wantMsg: "a digit after the decimal point"},
		{name: "number without exponent digits", input: `{"a": 1e+}`, wantPath: "$.a", wantPos: "1:10", wantMsg: "a digit in the exponent"},
		{name: "leading zero", input: `{"a": 01}`, wantPath: "$.a", wantPos: "1:8", wantMsg: "',' or '}'"},
		{name: "raw newline in a string", input: "{\"Sid\": \"a\nb\"}", wantPath: "$.Sid", wantPos: "1:11", wantMsg: `control character U+000A inside a string; expected it written as an escape such as \n`},
		{name: "unknown escape", input: `{"Sid": "a\qb"}`, wantPath: "$.Sid", wantPos: "1:11", wantMsg: `unknown escape '\q'`},
		{name: "short unicode escape", input: `{"Sid": "\u12G4"}`, wantPath: "$.Sid", wantPos: "1:10", wantMsg: "four hexadecimal digits"},
		{name: "content after the document", input: "{}\n{}", wantPath: "$", wantPos: "2:1", wantMsg: "expected the end of the document"},

		// Truncated input.
		{name: "truncated inside a statement", input: "{\"Statement\": [{\"Effect\": \"Allow\"", wantPath: "$.Statement[0].Effect", wantPos: "1:34", wantMsg: "the input ends here (truncated?)"},
		{name: "truncated inside a string", input: "{\"Statement\": [{\"Sid\": \"abc", wantPath: "$.Statement[0].Sid", wantPos: "1:24", wantMsg: "never closed"},
		{name: "truncated after a key", input: `{"Version"`, wantPath: "$", wantPos: "1:11", wantMsg: "truncated"},
		{name: "truncated after a colon", input: `{"Version":`, wantPath: "$.Version", wantPos: "1:12", wantMsg: "expected a value"},
		{name: "truncated keyword", input: `{"a": tr`, wantPath: "$.a", wantPos: "1:9", wantMsg: "truncated"},
		{name: "truncated escape", input: `{"a": "\`, wantPath: "$.a", wantPos: "1:9", wantMsg: "an escape character"},
		{name: "only an opening brace", input: `{`, wantPath: "$", wantPos: "1:2", wantMsg: "truncated"},

		// Nesting.
		{name: "nesting deeper than 32 levels", input: `{"a":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "}",
			wantPath: "$.a" + strings.Repeat("[0]", 31), wantPos: "1:37", wantMsg: "deeper than 32 levels"},

		// Wrong JSON types for known elements.
		{name: "Action is a number §3 [S8]", input: "{\"Statement\": [{\n  \"Action\": 5}]}", wantPath: "$.Statement[0].Action", wantPos: "2:13", wantMsg: "Action must be a string or a list of strings, found a number"},
		{name: "Action item is an object §3 [S8]", input: `{"Statement": {"Action": ["sts:AssumeRoleWithWebIdentity", {}]}}`, wantPath: "$.Statement.Action[1]", wantPos: "1:60", wantMsg: "each value of Action must be a string, found an object"},
		{name: "NotAction is null §3 [S9]", input: `{"Statement": {"NotAction": null}}`, wantPath: "$.Statement.NotAction", wantPos: "1:29", wantMsg: "found null"},
		{name: "Condition is a list §4.1 [S2]", input: `{"Statement": {"Condition": []}}`, wantPath: "$.Statement.Condition", wantPos: "1:29", wantMsg: "Condition must be an object of operators, found a list"},
		{name: "condition operator is a string §4.1 [S2]", input: `{"Statement": {"Condition": {"StringEquals": "x"}}}`, wantPath: "$.Statement.Condition.StringEquals", wantPos: "1:46", wantMsg: `condition operator "StringEquals" must be an object of condition keys, found a string`},
		{name: "condition value is an object §4.1 [S2]", input: `{"Statement": {"Condition": {"StringEquals": {"a:b": {}}}}}`, wantPath: `$.Statement.Condition.StringEquals["a:b"]`, wantPos: "1:54", wantMsg: "found an object"},
		{name: "condition value is null §4.1 [S2]", input: `{"Statement": {"Condition": {"Null": {"a:b": null}}}}`, wantPath: `$.Statement.Condition.Null["a:b"]`, wantPos: "1:46", wantMsg: "found null"},
		{name: "condition value list holds a list §4.1 [S2]", input: `{"Statement": {"Condition": {"StringLike": {"a:b": ["x", ["y"]]}}}}`, wantPath: `$.Statement.Condition.StringLike["a:b"][1]`, wantPos: "1:58", wantMsg: "found a list"},
		{name: "Statement is a string §4.1", input: `{"Statement": "x"}`, wantPath: "$.Statement", wantPos: "1:15", wantMsg: "Statement must be an object or a list of objects, found a string"},
		{name: "Statement is null", input: `{"Statement": null}`, wantPath: "$.Statement", wantPos: "1:15", wantMsg: "found null"},
		{name: "statement item is a number", input: `{"Statement": [{}, 7]}`, wantPath: "$.Statement[1]", wantPos: "1:20", wantMsg: "each statement must be an object, found a number"},
		{name: "Version is a number §4.5 [S10]", input: `{"Version": 2012}`, wantPath: "$.Version", wantPos: "1:13", wantMsg: "Version must be a string"},
		{name: "Id is null", input: `{"Id": null}`, wantPath: "$.Id", wantPos: "1:8", wantMsg: "Id must be a string, found null"},
		{name: "Sid is a number", input: `{"Statement": {"Sid": 1}}`, wantPath: "$.Statement.Sid", wantPos: "1:23", wantMsg: "Sid must be a string"},
		{name: "Effect is a boolean §6.1 [S1]", input: `{"Statement": {"Effect": true}}`, wantPath: "$.Statement.Effect", wantPos: "1:26", wantMsg: "Effect must be a string, found a boolean"},
		{name: "Principal is a number §2.1 [S6]", input: `{"Statement": {"Principal": 5}}`, wantPath: "$.Statement.Principal", wantPos: "1:29", wantMsg: `Principal must be "*" or an object`},
		{name: "Principal is null §2.1 [S6]", input: `{"Statement": {"Principal": null}}`, wantPath: "$.Statement.Principal", wantPos: "1:29", wantMsg: "found null"},
		{name: "Federated is a number §2.1 [S6]", input: `{"Statement": {"Principal": {"Federated": 5}}}`, wantPath: "$.Statement.Principal.Federated", wantPos: "1:43", wantMsg: "Principal Federated must be a string or a list of strings"},
		{name: "Federated item is null §2.1 [S6]", input: `{"Statement": {"Principal": {"Federated": ["x.example.com", null]}}}`, wantPath: "$.Statement.Principal.Federated[1]", wantPos: "1:61", wantMsg: "found null"},
		{name: "NotPrincipal is a list §2.5 [S7]", input: `{"Statement": {"NotPrincipal": []}}`, wantPath: "$.Statement.NotPrincipal", wantPos: "1:32", wantMsg: "NotPrincipal must be"},
		{name: "Resource is an object §3 [S19]", input: `{"Statement": {"Resource": {}}}`, wantPath: "$.Statement.Resource", wantPos: "1:28", wantMsg: "Resource must be a string or a list of strings"},
		{name: "type error in the second statement keeps its index", input: "{\"Statement\": [\n{\"Effect\": \"Allow\"},\n{\"Effect\": \"Deny\", \"Action\": false}\n]}", wantPath: "$.Statement[1].Action", wantPos: "3:30", wantMsg: "found a boolean"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, problems, err := Parse([]byte(tc.input))
			if err == nil {
				t.Fatalf("Parse succeeded (problems %v); want a syntax error", problemCodes(problems))
			}
			if doc != nil || problems != nil {
				t.Errorf("Parse returned a document or problems together with an error")
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SyntaxError: %v", err, err)
			}
			if se.Path != tc.wantPath {
				t.Errorf("path = %q, want %q", se.Path, tc.wantPath)
			}
			if got := se.Position.String(); got != tc.wantPos {
				t.Errorf("position = %s, want %s", got, tc.wantPos)
			}
			if !strings.Contains(se.Message, tc.wantMsg) {
				t.Errorf("message %q does not contain %q", se.Message, tc.wantMsg)
			}
			if se.Position.Offset < 0 || se.Position.Offset > len(tc.input) {
				t.Errorf("offset %d outside the input (length %d)", se.Position.Offset, len(tc.input))
			}
			if !strings.Contains(se.Error(), tc.wantPos+": "+tc.wantPath+": ") {
				t.Errorf("Error() = %q does not name the place", se.Error())
			}
		})
	}
}
