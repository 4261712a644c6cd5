package report

import (
	"fmt"
	"io"
	"strings"
)

// Colours of the map (GitHub's Primer palette: danger, attention, muted).
const (
	colorError   = "#cf222e"
	colorWarning = "#bf8700"
	colorMuted   = "#8c959f"
)

// writeMermaid writes the body of a Mermaid flowchart (graph LR): nodes
// (providers as hexagons, callers as stadiums, roles as rectangles), then
// edges, then the classes of nodes with findings (one per severity, defined
// when used) and the styles of edges with findings (linkStyle by edge
// index).
func writeMermaid(w io.Writer, m *roleMap) {
	fmt.Fprintln(w, "graph LR")
	classes := map[string][]string{}
	for _, n := range m.nodes {
		open, closing := `["`, `"]`
		switch n.kind {
		case nodeProvider:
			open, closing = `{{"`, `"}}`
		case nodeCaller:
			open, closing = `(["`, `"])`
		case nodeOutside:
			open, closing = `[/"`, `"/]`
		}
		fmt.Fprintf(w, "  %s%s%s%s\n", n.id, open, mermaidLabel(n.fullLabel()), closing)
		if n.severity != "" {
			classes[n.severity] = append(classes[n.severity], n.id)
		}
	}
	styles := map[string][]string{}
	for i, e := range m.edges {
		arrow := "-->"
		if l := e.label(); l != "" {
			arrow = "-.->|" + mermaidLabel(l) + "|"
			style := e.severity
			if style == "" || e.accepted {
				style = "muted"
			}
			if style == "info" {
				style = "muted"
			}
			styles[style] = append(styles[style], fmt.Sprint(i))
		}
		fmt.Fprintf(w, "  %s %s %s\n", e.from.id, arrow, e.to.id)
	}
	for _, c := range []struct{ name, fill, stroke string }{{"error", "#ffebe9", colorError}, {"warning", "#fff8c5", colorWarning}, {"info", "#f6f8fa", colorMuted}} {
		if ids := classes[c.name]; len(ids) > 0 {
			fmt.Fprintf(w, "  classDef %s fill:%s,stroke:%s,color:#1f2328\n", c.name, c.fill, c.stroke)
			fmt.Fprintf(w, "  class %s %s\n", strings.Join(ids, ","), c.name)
		}
	}
	for _, s := range []struct{ name, color, width string }{{"error", colorError, "2px"}, {"warning", colorWarning, "2px"}, {"muted", colorMuted, "1px"}} {
		if idx := styles[s.name]; len(idx) > 0 {
			fmt.Fprintf(w, "  linkStyle %s stroke:%s,stroke-width:%s\n", strings.Join(idx, ","), s.color, s.width)
		}
	}
}

// mermaidLabel escapes a label for a quoted Mermaid node or an edge label:
// control characters (Printable), then the characters Mermaid or the
// markdown around it would read (quotes, brackets, braces, pipes, angle
// brackets, #, &, ;, backticks: a backtick run could close the code fence)
// as Mermaid entity codes (#quot;, #35;).
func mermaidLabel(s string) string {
	s = Printable(oneLine(s), false)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#', '&', '<', '>', '[', ']', '{', '}', '(', ')', '|', '`', '\\', ';', '%':
			fmt.Fprintf(&b, "#%d;", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
