package yamldoc

import (
	"bytes"
	"fmt"

	"github.com/goccy/go-yaml/ast"
)

// part is one document's text and the lines before it in the stream.
type part struct {
	data   []byte
	offset int
}

// split cuts a stream at document separators as Kubernetes does: a line
// that starts with "---" followed by nothing but spaces or a # comment.
// Other text after "---" is refused, as kubectl refuses it ("invalid YAML
// document separator"): Kubernetes does not read a document that starts
// on the separator line.
func split(data []byte) ([]part, error) {
	var out []part
	start, startLine := 0, 0
	line := 0
	for off := 0; off < len(data); line++ {
		end := bytes.IndexByte(data[off:], '\n')
		next := len(data)
		if end >= 0 {
			next = off + end + 1
		}
		text := data[off:next]
		if bytes.HasPrefix(text, []byte("---")) {
			rest := bytes.TrimSpace(text[3:])
			if len(rest) > 0 && rest[0] != '#' {
				return nil, &Error{Line: line + 1, Column: 4, Msg: fmt.Sprintf("invalid YAML document separator: Kubernetes allows only a comment after --- (put %q on the next line)", shorten(rest))}
			}
			out = append(out, part{data: data[start:off], offset: startLine})
			start, startLine = next, line+1
		}
		off = next
	}
	return append(out, part{data: data[start:], offset: startLine}), nil
}

// shorten keeps a message short.
func shorten(b []byte) string {
	const max = 40
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}

// maxExpanded bounds the number of nodes a document may stand for once
// its aliases are expanded, so a small file cannot make a reader that
// walks the value ("billion laughs") run without end.
const maxExpanded = 1 << 20

// boundAliases refuses a document whose aliases expand to more than
// maxExpanded nodes.
func boundAliases(body ast.Node) error {
	anchors := map[string]int{}
	var size func(n ast.Node) int
	size = func(n ast.Node) int {
		switch t := n.(type) {
		case nil:
			return 0
		case *ast.AnchorNode:
			s := size(t.Value)
			anchors[t.Name.String()] = s
			return s
		case *ast.AliasNode:
			return anchors[t.Value.String()]
		case *ast.TagNode:
			return size(t.Value)
		case *ast.MappingNode:
			s := 1
			for _, mv := range t.Values {
				s = add(s, add(size(mv.Key), size(mv.Value)))
			}
			return s
		case *ast.MappingValueNode:
			return add(1, add(size(t.Key), size(t.Value)))
		case *ast.SequenceNode:
			s := 1
			for _, v := range t.Values {
				s = add(s, size(v))
			}
			return s
		}
		return 1
	}
	if s := size(body); s > maxExpanded {
		line, col := 0, 0
		if tk := body.GetToken(); tk != nil && tk.Position != nil {
			line, col = tk.Position.Line, tk.Position.Column
		}
		return &Error{Line: line, Column: col, Msg: fmt.Sprintf("the document's aliases expand to more than %d nodes; no manifest or values file is that large", maxExpanded)}
	}
	return nil
}

// add adds sizes without overflowing past the bound.
func add(a, b int) int {
	if a+b > maxExpanded {
		return maxExpanded + 1
	}
	return a + b
}
