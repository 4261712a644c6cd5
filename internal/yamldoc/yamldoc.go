package yamldoc

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Doc is one YAML document of a stream.
type Doc struct {
	// Value is the document decoded: map[string]any for mappings (keys
	// as text), []any, string, bool, numbers, or nil.
	Value any
	// Line and Column locate the document's content in the stream
	// (1-based): its first key for a mapping.
	Line, Column int
	body         ast.Node
	offset       int // lines before the document's part of the stream
}

// Error is a YAML error at a place in the stream.
type Error struct {
	// Line and Column are 1-based (Column 0 when unknown).
	Line, Column int
	// Msg says what is wrong.
	Msg string
}

// Error returns "LINE:COLUMN: MSG".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg) }

// Parse reads every document of a YAML stream; documents with no content
// (only comments or blank lines) are left out. The error, an *Error, names
// the first place that is not YAML.
func Parse(data []byte) ([]*Doc, error) {
	parts, err := split(data)
	if err != nil {
		return nil, err
	}
	var out []*Doc
	for _, p := range parts {
		f, err := parser.ParseBytes(p.data, 0)
		if err != nil {
			return nil, asError(err, p.offset)
		}
		for _, d := range f.Docs {
			if d.Body == nil {
				continue
			}
			if err := boundAliases(d.Body); err != nil {
				return nil, asError(err, p.offset)
			}
			var v any
			if err := yaml.NodeToValue(d.Body, &v); err != nil {
				return nil, asError(err, p.offset)
			}
			doc := &Doc{Value: v, body: d.Body, offset: p.offset}
			doc.Line, doc.Column = doc.position(d.Body)
			out = append(out, doc)
		}
	}
	return out, nil
}

// Pos returns the line and column of the value at a path of mapping keys
// (string) and sequence indexes (int); where the path stops matching, the
// position of the last node it reached.
func (d *Doc) Pos(path ...any) (line, column int) {
	n := d.body
	for _, step := range path {
		next := child(n, step)
		if next == nil {
			break
		}
		n = next
	}
	return d.position(n)
}

// KeyPos is Pos for the key of the last step of a mapping path, e.g. the
// line of `namespace:` rather than of its value.
func (d *Doc) KeyPos(path ...string) (line, column int) {
	var n ast.Node = d.body
	for i, key := range path {
		var mv *ast.MappingValueNode
		switch m := unwrap(n).(type) {
		case *ast.MappingNode:
			mv = entry(m, key)
		case *ast.MappingValueNode:
			if keyText(m.Key) == key {
				mv = m
			}
		}
		if mv == nil {
			break
		}
		if i == len(path)-1 {
			return d.position(mv.Key)
		}
		n = mv.Value
	}
	return d.position(n)
}

func (d *Doc) position(n ast.Node) (int, int) {
	n = unwrap(n)
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 {
		n = m.Values[0].Key
	}
	if mv, ok := n.(*ast.MappingValueNode); ok {
		n = mv.Key
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return d.offset + 1, 0
	}
	return tk.Position.Line + d.offset, tk.Position.Column
}

// child is the node at one step of a path under n, or nil.
func child(n ast.Node, step any) ast.Node {
	switch n := unwrap(n).(type) {
	case *ast.MappingNode:
		if key, ok := step.(string); ok {
			if mv := entry(n, key); mv != nil {
				return mv.Value
			}
		}
	case *ast.MappingValueNode:
		if key, ok := step.(string); ok && keyText(n.Key) == key {
			return n.Value
		}
	case *ast.SequenceNode:
		if i, ok := step.(int); ok && i >= 0 && i < len(n.Values) {
			return n.Values[i]
		}
	}
	return nil
}

// entry is the last entry of a mapping with that key (the one a decoder
// keeps), or nil.
func entry(m *ast.MappingNode, key string) *ast.MappingValueNode {
	var found *ast.MappingValueNode
	for _, mv := range m.Values {
		if keyText(mv.Key) == key {
			found = mv
		}
	}
	return found
}

func keyText(k ast.MapKeyNode) string {
	if s, ok := unwrap(k).(ast.ScalarNode); ok {
		if v := s.GetValue(); v != nil {
			return fmt.Sprint(v)
		}
	}
	return k.String()
}

// unwrap skips anchors and tags to the node they qualify.
func unwrap(n ast.Node) ast.Node {
	for {
		switch t := n.(type) {
		case *ast.AnchorNode:
			n = t.Value
		case *ast.TagNode:
			n = t.Value
		default:
			return n
		}
	}
}

// at matches "[LINE:COLUMN]" in library messages, whose lines are
// relative to the document.
var at = regexp.MustCompile(`\[(\d+):(\d+)\]`)

// asError turns a library error into an *Error located in the stream.
func asError(err error, offset int) error {
	var e *Error
	if errors.As(err, &e) {
		return &Error{Line: e.Line + offset, Column: e.Column, Msg: e.Msg}
	}
	out := &Error{Line: offset + 1, Msg: err.Error()}
	var ye yaml.Error
	if errors.As(err, &ye) {
		out.Msg = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			out.Line, out.Column = tk.Position.Line+offset, tk.Position.Column
		}
	}
	out.Msg = at.ReplaceAllStringFunc(out.Msg, func(s string) string {
		m := at.FindStringSubmatch(s)
		line, _ := strconv.Atoi(m[1])
		return fmt.Sprintf("%d:%s", line+offset, m[2])
	})
	return out
}
