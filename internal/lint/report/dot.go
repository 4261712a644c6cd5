package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

// WriteDOT writes the map of who assumes what as a Graphviz digraph
// (`dot -Tsvg`): the nodes and edges of the markdown summary's Mermaid
// map, providers as hexagons, callers as ellipses, roles as boxes; edges
// with findings dashed, coloured by severity and labelled with their
// rules. Labels are escaped DOT strings of the report's (redacted) values.
func WriteDOT(w io.Writer, rep *lint.Report, sum lint.Summary) error {
	bw := bufio.NewWriter(w)
	m := buildMap(rep, mapLimit)
	fmt.Fprintln(bw, "digraph stsguard {")
	fmt.Fprintf(bw, "  label=%s;\n", dotString("stsguard lint: "+sum.Line()))
	fmt.Fprintln(bw, "  labelloc=t;")
	fmt.Fprintln(bw, "  rankdir=LR;")
	fmt.Fprintln(bw, `  node [fontname="Helvetica", fontsize=11];`)
	fmt.Fprintln(bw, `  edge [fontname="Helvetica", fontsize=10];`)
	if m.omitted > 0 {
		fmt.Fprintf(bw, "  // %d of %d pairs are not drawn (pairs without findings first, then the least severe)\n", m.omitted, m.pairs)
	}
	for _, n := range m.nodes {
		shape := map[string]string{nodeProvider: "hexagon", nodeCaller: "ellipse", nodeRole: "box", nodeOutside: "parallelogram"}[n.kind]
		attrs := []string{"label=" + dotString(n.fullLabel()), "shape=" + shape}
		if c := dotColor(n.severity, false); c != "" {
			attrs = append(attrs, "color="+dotString(c), "penwidth=2")
		}
		fmt.Fprintf(bw, "  %s [%s];\n", n.id, strings.Join(attrs, ", "))
	}
	for _, e := range m.edges {
		var attrs []string
		if l := e.label(); l != "" {
			attrs = append(attrs, "label="+dotString(l), "style=dashed")
			if c := dotColor(e.severity, e.accepted); c != "" {
				attrs = append(attrs, "color="+dotString(c), "fontcolor="+dotString(c))
			}
		}
		if e.token {
			attrs = append(attrs, `arrowhead=open`)
		}
		if len(attrs) == 0 {
			fmt.Fprintf(bw, "  %s -> %s;\n", e.from.id, e.to.id)
		} else {
			fmt.Fprintf(bw, "  %s -> %s [%s];\n", e.from.id, e.to.id, strings.Join(attrs, ", "))
		}
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

// dotColor is the colour of a severity ("" for none).
func dotColor(severity string, accepted bool) string {
	switch {
	case accepted || severity == lint.SeverityInfo:
		return colorMuted
	case severity == lint.SeverityError:
		return colorError
	case severity == lint.SeverityWarning:
		return colorWarning
	}
	return ""
}

// dotString quotes s as a DOT string: control characters escaped
// (Printable), then backslashes (which DOT reads as label escapes such as
// \n and \N) and double quotes.
func dotString(s string) string {
	s = Printable(oneLine(s), false)
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + s + `"`
}
