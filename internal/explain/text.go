package explain

import (
	"fmt"
	"io"
	"strings"
)

// WriteText renders the report for a person in a terminal: the verdict
// first, then why, then the fix, then the full trace.
func WriteText(w io.Writer, rep *Report) error {
	var b strings.Builder
	if rep.Allowed {
		fmt.Fprintf(&b, "ALLOWED: %s may assume the role\n", rep.Request.Principal)
	} else {
		fmt.Fprintf(&b, "DENIED: %s (%s)\n", rep.Error, rep.Decision)
	}
	if rep.DecidedBy != nil {
		where := "trust policy"
		if rep.DecidedByRCP != nil {
			where = fmt.Sprintf("resource control policy %d", *rep.DecidedByRCP)
		}
		fmt.Fprintf(&b, "Decided by: %s %s\n", where, statementName(rep.DecidedBy.Index, rep.DecidedBy.Sid))
	}
	if len(rep.Reasons) > 0 {
		b.WriteString("\nWhy:\n")
		for _, r := range rep.Reasons {
			fmt.Fprintf(&b, "  - %s\n", r)
		}
	}
	if rep.Fix != "" {
		fmt.Fprintf(&b, "\nFix: %s\n", rep.Fix)
	}
	if len(rep.Checks) > 0 {
		b.WriteString("\nToken checks:\n")
		for _, c := range rep.Checks {
			fmt.Fprintf(&b, "  %s %-8s %s\n", mark(c.Passed), c.Name, c.Detail)
		}
	}
	if len(rep.Trace) > 0 {
		fmt.Fprintf(&b, "\nTrace (principal %s %q, actions %s):\n", rep.Request.PrincipalType, rep.Request.Principal, strings.Join(rep.Request.Actions, ", "))
	}
	for _, s := range rep.Trace {
		state := "does not apply"
		if s.Applies {
			state = "applies"
		}
		fmt.Fprintf(&b, "  %s %s at %s: %s\n", statementName(s.Index, s.Sid), s.Effect, s.Position, state)
		if s.Skipped != "" {
			fmt.Fprintf(&b, "    note: %s\n", s.Skipped)
		}
		fmt.Fprintf(&b, "    %s principal  %s\n", mark(s.Principal.Matched), s.Principal.Reason)
		for _, a := range s.Actions {
			fmt.Fprintf(&b, "    %s action     %s\n", mark(a.Matched), a.Reason)
		}
		for _, c := range s.Conditions {
			req := "(absent)"
			if c.KeyPresent {
				req = quoteAll(c.RequestValues)
			}
			fmt.Fprintf(&b, "    %s condition  %s %s: policy %s, request %s: %s\n", mark(c.Result), c.Operator, c.Key, quoteAll(c.PolicyValues), req, c.Reason)
		}
	}
	if len(rep.Assumptions) > 0 {
		b.WriteString("\nAssumptions (rules AWS does not document; stsguard follows the spec's recommendation):\n")
		for _, a := range rep.Assumptions {
			fmt.Fprintf(&b, "  - %s\n", a)
		}
	}
	if len(rep.PolicyProblems) > 0 {
		b.WriteString("\nPolicy problems (IAM would refuse these when the policy is written):\n")
		for _, p := range rep.PolicyProblems {
			fmt.Fprintf(&b, "  - %s %s: %s\n", p.Position, p.Path, p.Message)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func statementName(index int, sid string) string {
	if sid != "" {
		return fmt.Sprintf("Statement[%d] %q", index, sid)
	}
	return fmt.Sprintf("Statement[%d]", index)
}

func mark(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}
