package policy

import (
	"errors"
	"strings"
	"testing"
)

// TestParseLargeInputs parses about 1 MB in several shapes without
// panicking (speed is measured by BenchmarkParse*, not asserted here).
func TestParseLargeInputs(t *testing.T) {
	const mb = 1 << 20
	manyStatements := manyStatementsTrust(2400)
	longValue := stmt(okHead + `, "Condition": {"StringLike": {"a.example.com:sub": "` + strings.Repeat("é", mb/2) + `"}}`)
	manyProblems := `{"Statement": [` + strings.Repeat(`{"Effect": "Allow", "Principal": "*", "Resource": "*"},`, mb/55) + `{}]}`
	manyKeys := func() string {
		var b strings.Builder
		b.WriteString(`{"Statement": {"Condition": {"StringEquals": {`)
		for i := 0; b.Len() < mb; i++ {
			b.WriteString(`"k:` + strings.Repeat("x", i%7) + `": "v", `)
		}
		b.WriteString(`"k:last": "v"}}}}`)
		return b.String()
	}()
	whitespace := "{" + strings.Repeat(" \n\t", mb/3) + "}"
	tests := []struct {
		name       string
		input      string
		wantErr    bool
		minProblem int
	}{
		{name: "2,400 statements", input: manyStatements, minProblem: 1},
		{name: "one long multibyte value", input: longValue, minProblem: 1},
		{name: "one line with 40,000 problems", input: manyProblems, minProblem: 40000},
		{name: "one object with repeated keys", input: manyKeys, minProblem: 1000},
		{name: "whitespace", input: whitespace, minProblem: 1},
		{name: "truncated", input: manyStatements[:len(manyStatements)-3], wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.input) < mb-1000 {
				t.Fatalf("input is only %d bytes", len(tc.input))
			}
			doc, problems, err := Parse([]byte(tc.input))
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && (doc == nil || len(problems) < tc.minProblem) {
				t.Errorf("got %d problems, want at least %d", len(problems), tc.minProblem)
			}
		})
	}
}

// TestParseDeepNesting checks that 10,000 levels of nesting are refused at
// level 33 with a syntax error instead of exhausting the stack.
func TestParseDeepNesting(t *testing.T) {
	const depth = 10000
	tests := []struct {
		name, input, wantPath, wantPos string
	}{
		{"lists", strings.Repeat("[", depth) + strings.Repeat("]", depth), "$" + strings.Repeat("[0]", MaxDepth), "1:33"},
		{"objects", strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth), "$" + strings.Repeat(".a", MaxDepth), "1:161"},
		{"unclosed lists inside a condition", `{"Statement": {"Condition": {"StringEquals": {"k:v": ` + strings.Repeat("[", depth),
			`$.Statement.Condition.StringEquals["k:v"]` + strings.Repeat("[0]", MaxDepth-4), "1:82"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse([]byte(tc.input))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error = %v, want a *SyntaxError", err)
			}
			if se.Path != tc.wantPath || se.Position.String() != tc.wantPos {
				t.Errorf("error at %s %s, want %s %s", se.Path, se.Position, tc.wantPath, tc.wantPos)
			}
			if !strings.Contains(se.Message, "deeper than 32 levels") {
				t.Errorf("message %q does not name the depth limit", se.Message)
			}
		})
	}
}
