package report

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	mermaidID      = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	mermaidNode    = regexp.MustCompile(`^([^\[\](){}"\s]+)(\["|\(\["|\{\{"|\[/")([^"]*)("\]|"\]\)|"\}\}|"/\])$`)
	mermaidEdge    = regexp.MustCompile(`^(\S+) (-->|-\.->\|([^|"]*)\|) (\S+)$`)
	mermaidShapes  = map[string]string{`["`: `"]`, `(["`: `"])`, `{{"`: `"}}`, `[/"`: `"/]`}
	mermaidEntity  = regexp.MustCompile(`#([0-9]+|quot);`)
	mermaidKeyword = map[string]bool{"end": true, "graph": true, "subgraph": true, "flowchart": true, "class": true, "classDef": true, "style": true, "linkStyle": true, "click": true}
)

// checkMermaid checks the one ```mermaid block of a markdown document: a
// graph LR whose every line is a classDef, a node, an edge, a class or a
// linkStyle statement; node IDs match [A-Za-z0-9_]+, are no keyword and
// are declared once; edges, classes and link styles refer to declared
// nodes, classes and edges; labels hold no quote, bracket, brace,
// parenthesis, pipe, angle bracket, backtick or %% (they are entity
// codes), so every line's brackets balance.
func checkMermaid(t *testing.T, doc string) {
	t.Helper()
	parts := strings.Split(doc, "```mermaid\n")
	if len(parts) != 2 {
		t.Fatalf("want one mermaid block, got %d:\n%s", len(parts)-1, doc)
	}
	block, _, ok := strings.Cut(parts[1], "\n```\n")
	if !ok {
		t.Fatalf("unterminated mermaid block:\n%s", doc)
	}
	lines := strings.Split(block, "\n")
	if lines[0] != "graph LR" {
		t.Errorf("first line %q, want graph LR", lines[0])
	}
	nodes, classes := map[string]bool{}, map[string]bool{}
	edges := 0
	var refs [][2]string // kind, name checked once everything is declared
	for _, raw := range lines[1:] {
		line := strings.TrimSpace(raw)
		if strings.Contains(line, "%%") {
			t.Errorf("a comment marker in %q", line)
		}
		if !balanced(line) {
			t.Errorf("unbalanced brackets or quotes in %q", line)
		}
		fields := strings.Fields(line)
		switch {
		case len(fields) == 0:
			t.Error("empty line in the graph")
		case fields[0] == "classDef":
			classes[fields[1]] = true
		case fields[0] == "class":
			for _, id := range strings.Split(fields[1], ",") {
				refs = append(refs, [2]string{"node", id})
			}
			refs = append(refs, [2]string{"class", fields[2]})
		case fields[0] == "linkStyle":
			for _, i := range strings.Split(fields[1], ",") {
				refs = append(refs, [2]string{"edge", i})
			}
		case mermaidEdge.MatchString(line):
			m := mermaidEdge.FindStringSubmatch(line)
			checkLabel(t, m[3])
			refs = append(refs, [2]string{"node", m[1]}, [2]string{"node", m[4]})
			edges++
		case mermaidNode.MatchString(line):
			m := mermaidNode.FindStringSubmatch(line)
			if mermaidShapes[m[2]] != m[4] {
				t.Errorf("node %s opens with %s and closes with %s", m[1], m[2], m[4])
			}
			if !mermaidID.MatchString(m[1]) || mermaidKeyword[m[1]] {
				t.Errorf("node ID %q is not [A-Za-z0-9_]+ or is a keyword", m[1])
			}
			if nodes[m[1]] {
				t.Errorf("node %s declared twice", m[1])
			}
			nodes[m[1]] = true
			checkLabel(t, m[3])
		default:
			t.Errorf("not a statement of the map: %q", line)
		}
	}
	for _, r := range refs {
		switch r[0] {
		case "node":
			if !nodes[r[1]] {
				t.Errorf("undeclared node %q", r[1])
			}
		case "class":
			if !classes[r[1]] {
				t.Errorf("undefined class %q", r[1])
			}
		case "edge":
			if i, err := strconv.Atoi(r[1]); err != nil || i < 0 || i >= edges {
				t.Errorf("linkStyle %q: there are %d edges", r[1], edges)
			}
		}
	}
}

// checkLabel: a label holds only entity codes for the characters Mermaid
// or markdown read.
func checkLabel(t *testing.T, label string) {
	t.Helper()
	rest := mermaidEntity.ReplaceAllString(label, "")
	if strings.ContainsAny(rest, "\"[](){}|<>`#;%\\\x1b\u202e") {
		t.Errorf("label %q holds a character Mermaid reads", label)
	}
}

// balanced reports whether the brackets of a line nest and its quotes pair.
func balanced(line string) bool {
	var stack []rune
	pairs := map[rune]rune{']': '[', ')': '(', '}': '{'}
	for _, r := range line {
		switch r {
		case '[', '(', '{':
			stack = append(stack, r)
		case ']', ')', '}':
			if len(stack) == 0 || stack[len(stack)-1] != pairs[r] {
				return false
			}
			stack = stack[:len(stack)-1]
		}
	}
	return len(stack) == 0 && strings.Count(line, `"`)%2 == 0
}

var (
	dotNode = regexp.MustCompile(`^  ([a-z][0-9]+) \[(.*)\];$`)
	dotEdge = regexp.MustCompile(`^  ([a-z][0-9]+) -> ([a-z][0-9]+)( \[(.*)\])?;$`)
	dotAttr = regexp.MustCompile(`^  (label=.*|labelloc=t|rankdir=LR|node \[.*\]|edge \[.*\]|// .*);?$`)
)

// checkDOT checks a DOT graph: one digraph, every line an attribute, a
// node or an edge statement; strings quoted with their quotes and
// backslashes escaped; nodes declared once and edges between them.
func checkDOT(t *testing.T, doc string) {
	t.Helper()
	if !strings.HasPrefix(doc, "digraph stsguard {\n") || !strings.HasSuffix(doc, "\n}\n") {
		t.Fatalf("not one digraph:\n%s", doc)
	}
	nodes := map[string]bool{}
	lines := strings.Split(strings.TrimSuffix(doc, "\n}\n"), "\n")[1:]
	for _, line := range lines {
		bare, ok := stripDOTStrings(line)
		if !ok {
			t.Errorf("unterminated string in %q", line)
			continue
		}
		if strings.ContainsAny(bare, "{}\x1b") {
			t.Errorf("stray brace outside a string in %q", line)
		}
		switch {
		case dotAttr.MatchString(line):
		case dotEdge.MatchString(bare):
			m := dotEdge.FindStringSubmatch(bare)
			if !nodes[m[1]] || !nodes[m[2]] {
				t.Errorf("edge %q between undeclared nodes", line)
			}
		case dotNode.MatchString(bare):
			id := dotNode.FindStringSubmatch(bare)[1]
			if nodes[id] {
				t.Errorf("node %s declared twice", id)
			}
			nodes[id] = true
		default:
			t.Errorf("not a statement of the graph: %q", line)
		}
	}
}

// stripDOTStrings replaces each quoted string of a line by "" (a
// backslash escapes the next character); ok is false when one does not
// end.
func stripDOTStrings(line string) (string, bool) {
	var b strings.Builder
	in := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
			if !in {
				b.WriteString(`""`)
			}
		case !in:
			b.WriteByte(c)
		}
	}
	return b.String(), !in
}
