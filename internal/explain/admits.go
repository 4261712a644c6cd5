package explain

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/admits"
)

// AdmitsReport is the `admits` member of explain's JSON: who the trust
// admits, whether that is more than the declared callers, an example
// identity, and dangerous shapes.
type AdmitsReport struct {
	Statements []admits.Admitted `json:"statements"`
	Broader    bool              `json:"broader"`
	Witness    *admits.Witness   `json:"witness"`
	Shapes     []admits.Shape    `json:"shapes"`
	Exact      bool              `json:"exact"`
	Notes      []string          `json:"notes"`
}

// NewAdmitsReport converts an analysis for JSON output.
func NewAdmitsReport(a *admits.Analysis) *AdmitsReport {
	return &AdmitsReport{Statements: nonNil(a.Admits), Broader: a.Broader, Witness: a.Witness,
		Shapes: nonNil(a.Shapes), Exact: a.Exact, Notes: nonNil(a.Notes)}
}

// AdmitsLines describes what the trust admits, one line per Allow statement
// and Federated principal, e.g.
// `Statement[0]: token.actions.githubusercontent.com (github): sub matches "repo:octo-org/*"`.
func AdmitsLines(a *admits.Analysis) []string {
	var out []string
	for _, ad := range a.Admits {
		head := fmt.Sprintf("%s: %s (%s)", statementName(ad.Statement, ad.Sid), ad.Principal, ad.Provider)
		if ad.Nothing {
			out = append(out, head+": admits nobody")
			continue
		}
		parts := make([]string, 0, len(ad.Keys))
		for _, k := range ad.Keys {
			parts = append(parts, k.Key+" "+k.Description)
		}
		if len(parts) == 0 {
			parts = append(parts, "any token of this provider")
		}
		out = append(out, head+": "+strings.Join(parts, "; "))
	}
	return out
}

// WitnessLine describes the example identity, or "" when there is none.
func WitnessLine(w *admits.Witness) string {
	if w == nil {
		return ""
	}
	return fmt.Sprintf("%s [%s]", w.Description, w.Class)
}

// ShapeLines describes each dangerous shape with its fix.
func ShapeLines(a *admits.Analysis) []string {
	out := make([]string, 0, len(a.Shapes))
	for _, s := range a.Shapes {
		out = append(out, fmt.Sprintf("[%s] %s Fix: %s", s.Code, sentence(s.Message), sentence(s.Fix)))
	}
	return out
}

func writeAdmits(b *strings.Builder, a *AdmitsReport) {
	if a == nil {
		return
	}
	an := &admits.Analysis{Admits: a.Statements, Broader: a.Broader, Witness: a.Witness, Shapes: a.Shapes}
	b.WriteString("\nWho this trust admits:\n")
	for _, l := range AdmitsLines(an) {
		fmt.Fprintf(b, "  - %s\n", l)
	}
	if a.Broader && a.Witness != nil {
		fmt.Fprintf(b, "  It also admits identities beyond this request, for example: %s\n", WitnessLine(a.Witness))
	}
	for _, l := range ShapeLines(an) {
		fmt.Fprintf(b, "  ! %s\n", l)
	}
	for _, n := range a.Notes {
		fmt.Fprintf(b, "  note: %s\n", n)
	}
}
