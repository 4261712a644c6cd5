package explain

import (
	"fmt"
	"io"
	"strings"
)

// WriteText renders the report for a person in a terminal: the verdict
// first, then the deciding (or closest) statement and the elements that
// decided with both values, then the fix; assumptions, policy problems,
// token checks and the full trace follow as detail.
func WriteText(w io.Writer, rep *Report) error {
	var b strings.Builder
	if rep.Allowed {
		fmt.Fprintf(&b, "ALLOWED (%s): %s may assume the role\n", rep.Decision, rep.Request.Principal)
	} else {
		fmt.Fprintf(&b, "DENIED (%s): STS answers %q\n", rep.Decision, rep.Error)
	}
	if rep.Summary != "" {
		fmt.Fprintf(&b, "\n%s\n", rep.Summary)
	}
	for _, c := range rep.Causes {
		writeCause(&b, c)
	}
	if rep.Fix != "" {
		fmt.Fprintf(&b, "\nFix: %s\n", rep.Fix)
	}
	if len(rep.Assumptions) > 0 {
		b.WriteString("\nAssumptions (rules AWS does not document; stsguard's choices are stated in docs/guides/aws-reference.md; if AWS behaves otherwise, so may the decision):\n")
		for _, a := range rep.Assumptions {
			fmt.Fprintf(&b, "  - %s\n", a)
		}
	}
	if len(rep.PolicyProblems) > 0 {
		b.WriteString("\nPolicy problems (what IAM would refuse when the document is written, and keys that can never match):\n")
		for _, p := range rep.PolicyProblems {
			if p.OneLine {
				fmt.Fprintf(&b, "  - %s\n", p)
				continue
			}
			fmt.Fprintf(&b, "  - line %s, %s: %s\n", p.Position, p.Path, p.Message)
		}
	}
	writeAdmits(&b, rep.Admits)
	if t := rep.Token; t != nil {
		fmt.Fprintf(&b, "\nToken %s (%s):\n  signature: %s\n", t.Fingerprint, t.Algorithm, t.Verification)
	}
	if len(rep.Checks) > 0 {
		b.WriteString("\nToken checks:\n")
		for _, c := range rep.Checks {
			fmt.Fprintf(&b, "  %s %-8s %s\n", mark(c.Passed), c.Name, c.Detail)
		}
	}
	writeTrace(&b, rep)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCause prints one cause with both values:
//
//	condition StringEquals K (line 12)
//	  policy:  "a"
//	  request: "b"
//	  why
func writeCause(b *strings.Builder, c Cause) {
	head := c.Element
	switch c.Element {
	case ElementCondition:
		head = fmt.Sprintf("condition %s %s", c.Operator, c.Key)
	case ElementAction:
		head = "action " + c.Action
	case ElementToken:
		head = "token check " + c.Check
	}
	switch {
	case c.oneLine && c.Path != "" && (c.Element == ElementCondition || c.Element == ElementPrincipal || c.Element == ElementStatement):
		head = c.Element + " " + c.place()
	case c.Position != nil:
		head += fmt.Sprintf(" (line %d)", c.Position.Line)
	}
	fmt.Fprintf(b, "\n  %s\n", head)
	if c.Element == ElementCondition || c.Element == ElementPrincipal {
		fmt.Fprintf(b, "    policy:  %s\n", valuesOrNone(c.PolicyValues, "(none)"))
		absent := "(none)"
		if c.KeyPresent != nil && !*c.KeyPresent {
			absent = "(key absent)"
		}
		fmt.Fprintf(b, "    request: %s\n", valuesOrNone(c.RequestValues, absent))
	}
	fmt.Fprintf(b, "    %s\n", c.Reason)
}

func valuesOrNone(vs []string, none string) string {
	if len(vs) == 0 {
		return none
	}
	return quoteAll(vs)
}

func writeTrace(b *strings.Builder, rep *Report) {
	if len(rep.Trace) == 0 {
		return
	}
	fmt.Fprintf(b, "\nTrace (principal %s %q, actions %s):\n", rep.Request.PrincipalType, rep.Request.Principal, strings.Join(rep.Request.Actions, ", "))
	for _, s := range rep.Trace {
		state := "does not apply"
		if s.Applies {
			state = "applies"
		}
		if s.oneLine {
			fmt.Fprintf(b, "  %s %s: %s\n", statementName(s.Index, s.Sid), s.Effect, state)
		} else {
			fmt.Fprintf(b, "  %s %s (line %d): %s\n", statementName(s.Index, s.Sid), s.Effect, s.Position.Line, state)
		}
		if s.Skipped != "" {
			fmt.Fprintf(b, "    note: %s\n", s.Skipped)
		}
		fmt.Fprintf(b, "    %s principal  %s\n", mark(s.Principal.Matched), s.Principal.Reason)
		for _, a := range s.Actions {
			fmt.Fprintf(b, "    %s action     %s\n", mark(a.Matched), a.Reason)
		}
		for _, c := range s.Conditions {
			req := "(key absent)"
			if c.KeyPresent {
				req = valuesOrNone(c.RequestValues, "(none)")
			}
			fmt.Fprintf(b, "    %s condition  %s %s: policy %s, request %s: %s\n", mark(c.Result), c.Operator, c.Key, valuesOrNone(c.PolicyValues, "(none)"), req, c.Reason)
		}
	}
}

func mark(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}
