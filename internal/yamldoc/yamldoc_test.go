package yamldoc

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseDocuments(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		kinds []any // the "kind" of each document
		lines []int // each document's line
	}{
		{"one", "kind: A\n", []any{"A"}, []int{1}},
		{"separators", "kind: A\n---\nkind: B\n", []any{"A", "B"}, []int{1, 3}},
		{"leading and empty documents", "---\n# only a comment\n---\n---\nkind: B\n---\n", []any{"B"}, []int{5}},
		{"separator with comment", "kind: A\n--- # next\n\nkind: B\n", []any{"A", "B"}, []int{1, 4}},
		{"document end marker", "kind: A\n...\n---\nkind: C\n", []any{"A", "C"}, []int{1, 4}},
		{"CRLF", "kind: A\r\n---\r\nkind: B\r\n", []any{"A", "B"}, []int{1, 3}},
		{"indented dashes are not a separator", "kind: A\nnote: |\n  ---\n  x\n", []any{"A"}, []int{1}},
		{"empty", "", nil, nil},
		{"single key map", "---\n\nkind: S", []any{"S"}, []int{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var kinds []any
			var lines []int
			for _, d := range docs {
				kinds = append(kinds, d.Value.(map[string]any)["kind"])
				lines = append(lines, d.Line)
			}
			if !reflect.DeepEqual(kinds, tt.kinds) || !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("kinds %v lines %v, want %v %v", kinds, lines, tt.kinds, tt.lines)
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	docs, err := Parse([]byte(`base: &b {x: 1}
other:
  <<: *b
  "quoted key": 'it''s'
  list: [a, b]
  text: |
    two
    lines
  yes: yes
  n: 3
`))
	if err != nil {
		t.Fatal(err)
	}
	other := docs[0].Value.(map[string]any)["other"].(map[string]any)
	want := map[string]any{"x": uint64(1), "quoted key": "it's", "list": []any{"a", "b"}, "text": "two\nlines\n", "yes": "yes", "n": uint64(3)}
	if !reflect.DeepEqual(other, want) {
		t.Errorf("got %#v\nwant %#v", other, want)
	}
}

func TestPos(t *testing.T) {
	src := "# c\n---\napiVersion: v1\nkind: List\nitems:\n  - kind: ServiceAccount\n    metadata:\n      name: api\n      annotations:\n        eks.amazonaws.com/role-arn: arn\n"
	docs, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	tests := []struct {
		path      []any
		line, col int
	}{
		{nil, 3, 1},
		{[]any{"items", 0}, 6, 5},
		{[]any{"items", 0, "metadata", "annotations", "eks.amazonaws.com/role-arn"}, 10, 37},
		{[]any{"items", 0, "metadata", "missing"}, 8, 7},
		{[]any{"items", 5}, 6, 3},
	}
	for _, tt := range tests {
		if l, c := d.Pos(tt.path...); l != tt.line || c != tt.col {
			t.Errorf("Pos(%v) = %d:%d, want %d:%d", tt.path, l, c, tt.line, tt.col)
		}
	}
	if l, c := d.KeyPos("kind"); l != 4 || c != 1 {
		t.Errorf("KeyPos(kind) = %d:%d, want 4:1", l, c)
	}
}

func TestParseErrors(t *testing.T) {
	laughs := "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
	prev := "a"
	for _, c := range "bcdefghij" {
		laughs += string(c) + ": &" + string(c) + " [" + strings.Repeat("*"+prev+",", 9) + "*" + prev + "]\n"
		prev = string(c)
	}
	tests := []struct {
		name, in, want string
	}{
		{"duplicate key in the second document", "a: 1\n---\nb: 1\nb: 2\n", "4:1: mapping key \"b\" already defined at 3:1"},
		{"bad indentation", "kind: A\n---\nx:\n  - a\n - b\n", "5:2: "},
		{"unterminated quote", "a: 1\n---\n\nkey: \"open\n", "4:6: could not find end character of double-quoted text"},
		{"text after separator", "a: 1\n--- {kind: A}\n", "2:4: invalid YAML document separator"},
		{"tab", "a:\n\t- b\n", "2:"},
		{"aliases", laughs, "1:2: the document's aliases expand to more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %q, want prefix %q", err, tt.want)
			}
		})
	}
}
