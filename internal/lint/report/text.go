package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

// noRole heads the findings that are about no role of the plan.
const noRole = "(callers of roles not in the plan)"

// WriteText writes the findings grouped by role, one finding per line
// (rule, severity, caller -> role, before -> after verdicts, message,
// fix), then the one-line summary.
func WriteText(w io.Writer, rep *lint.Report, sum lint.Summary) error {
	bw := bufio.NewWriter(w)
	current := "\x00"
	for _, f := range rep.Findings {
		role := f.Role
		if role == "" {
			role = noRole
		}
		if role != current {
			if current != "\x00" {
				fmt.Fprintln(bw)
			}
			current = role
			head := role
			if f.RoleARN != "" {
				head += " (" + f.RoleARN + ")"
			}
			fmt.Fprintln(bw, Printable(head, false))
		}
		fmt.Fprintf(bw, "  %s\n", Printable(findingLine(f), false))
	}
	if len(rep.Findings) > 0 {
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw, Printable(sum.Line(), false))
	fmt.Fprintln(bw, Printable(sum.Coverage(), false))
	return bw.Flush()
}

// findingLine renders one finding on one line.
func findingLine(f lint.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-7s ", f.Rule, f.Severity)
	if f.Accepted {
		fmt.Fprintf(&b, "[accepted: %s] ", oneLine(f.Reason))
	}
	switch {
	case f.Caller != "" && f.Role != "":
		fmt.Fprintf(&b, "%s -> %s ", f.Caller, f.Role)
	case f.Caller != "":
		fmt.Fprintf(&b, "%s ", f.Caller)
	default:
		fmt.Fprintf(&b, "%s ", f.Role)
	}
	if f.Before != "" || f.After != "" {
		fmt.Fprintf(&b, "[%s -> %s] ", orDash(f.Before), orDash(f.After))
	}
	b.WriteString(oneLine(f.Message))
	if f.Fix != "" {
		b.WriteString(" | fix: " + oneLine(f.Fix))
	}
	if len(f.Notes) > 0 {
		b.WriteString(" | assumed: " + oneLine(strings.Join(f.Notes, "; ")))
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneLine keeps a finding on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
