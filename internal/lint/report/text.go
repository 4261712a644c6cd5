package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

// noRole heads the findings that are about no role of the plan.
const noRole = "(callers of roles not in the plan)"

// roleItself heads, under a role, the findings about the role alone (its
// trust policy, its provider) rather than about one caller.
const roleItself = "(the role's trust)"

// TextWidth is the width the text report wraps at: no line is longer,
// unless a single word (an ARN, a policy fragment) is.
const TextWidth = 160

// TextOptions configure the text rendering.
type TextOptions struct {
	// Color adds ANSI colours (severities, headings); the caller decides
	// (a terminal, NO_COLOR unset, or --color always).
	Color bool
	// Width overrides TextWidth (0: TextWidth).
	Width int
}

// WriteText writes the text report without colour (WriteTextWith).
func WriteText(w io.Writer, rep *lint.Report, sum lint.Summary) error {
	return WriteTextWith(w, rep, sum, TextOptions{})
}

// WriteTextWith writes the findings for a CI log: grouped by role (a
// heading with its address and ARN), then by caller (its label, the
// identity it presents and its file:line when read from a file); each
// finding is a short headline (rule, severity, what the rule means, the
// before -> after verdicts, [accepted]) and indented why:, fix:,
// assumed: and accepted: lines, wrapped at the width. Then the summary
// and coverage lines. Every value goes through Printable.
func WriteTextWith(w io.Writer, rep *lint.Report, sum lint.Summary, opts TextOptions) error {
	width := opts.Width
	if width <= 0 {
		width = TextWidth
	}
	t := &textWriter{w: bufio.NewWriter(w), width: width, color: opts.Color}
	identities := map[[2]string]string{}
	for _, p := range rep.Pairs {
		identities[[2]string{p.Role, p.Caller}] = p.Identity
	}
	for i, g := range groupFindings(rep.Findings) {
		if i > 0 {
			t.line("")
		}
		head := g.role
		if g.roleARN != "" {
			head += " (" + g.roleARN + ")"
		}
		t.wrapped("", t.paint(ansiBold, Printable(head, false)), "    ")
		for _, c := range g.callers {
			t.wrapped("  ", callerHeading(c, g.role, identities), "      ")
			for _, f := range c.findings {
				t.finding(f, identities[[2]string{g.role, c.caller}])
			}
		}
	}
	if len(rep.Findings) > 0 {
		t.line("")
	}
	verdict := ansiGreen
	if sum.Failed {
		verdict = ansiRed + ansiBold
	}
	t.wrapped("", t.paintPrefix(verdict, Printable(sum.Line(), false), ":"), "")
	t.wrapped("", Printable(sum.Coverage(), false), "  ")
	return t.w.Flush()
}

// roleGroup is the findings of one role, by caller.
type roleGroup struct {
	role, roleARN string
	callers       []*callerGroup
}

// callerGroup is the findings of one caller of a role ("" caller: the
// role's own findings).
type callerGroup struct {
	caller   string
	first    lint.Finding
	findings []lint.Finding
}

// groupFindings groups the findings by role (in report order, the
// findings of no role last) and, within a role, puts the role's own
// findings first, then each caller's in the order of their labels.
func groupFindings(fs []lint.Finding) []*roleGroup {
	var groups []*roleGroup
	byRole := map[string]*roleGroup{}
	byCaller := map[[2]string]*callerGroup{}
	for _, f := range fs {
		role := f.Role
		if role == "" {
			role = noRole
		}
		g := byRole[role]
		if g == nil {
			g = &roleGroup{role: role}
			byRole[role] = g
			groups = append(groups, g)
		}
		if g.roleARN == "" && f.Role != "" {
			g.roleARN = f.RoleARN
		}
		key := [2]string{role, f.Caller}
		c := byCaller[key]
		if c == nil {
			c = &callerGroup{caller: f.Caller, first: f}
			byCaller[key] = c
			g.callers = append(g.callers, c)
		}
		c.findings = append(c.findings, f)
	}
	for _, g := range groups {
		sort.SliceStable(g.callers, func(i, j int) bool {
			a, b := g.callers[i].caller, g.callers[j].caller
			if (a == "") != (b == "") {
				return a == ""
			}
			return a < b
		})
	}
	return groups
}

// callerHeading names a caller group: the label, the identity it presents
// (from its pair with the role) and where it is declared in a file.
func callerHeading(c *callerGroup, role string, identities map[[2]string]string) string {
	if c.caller == "" {
		return roleItself
	}
	head := c.caller
	if id := identities[[2]string{role, c.caller}]; id != "" && !strings.Contains(c.caller, id) {
		head += " (" + id + ")"
	}
	if loc := fileLocation(c.first); loc != "" {
		// "FILE OBJECT" (model.FileOrigin) reads "FILE:LINE:COLUMN OBJECT".
		if rest, ok := strings.CutPrefix(head, c.first.File+" "); ok {
			head = loc + " " + rest
		} else if head == c.first.File {
			head = loc // a file itself (one that does not parse)
		} else {
			head += " at " + loc
		}
	}
	return Printable(head, false)
}

// fileLocation is file:line[:column] of a caller read from a file, or "".
func fileLocation(f lint.Finding) string {
	if f.File == "" {
		return ""
	}
	loc := f.File
	if f.Line > 0 {
		loc += fmt.Sprintf(":%d", f.Line)
		if f.Column > 0 {
			loc += fmt.Sprintf(":%d", f.Column)
		}
	}
	return loc
}

// ruleTitle says in a few words what a rule means: its name in words
// ("CallerBrokenByChange" is "caller broken by change").
func ruleTitle(id string) string {
	r, ok := lint.RuleByID(id)
	if !ok || r.Name == "" {
		return "finding"
	}
	var b strings.Builder
	for i, c := range r.Name {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte(' ')
			}
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// textWriter writes wrapped, optionally coloured lines.
type textWriter struct {
	w     *bufio.Writer
	width int
	color bool
}

// ANSI SGR sequences (written only when colour is on).
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

var severityColor = map[string]string{lint.SeverityError: ansiRed + ansiBold, lint.SeverityWarning: ansiYellow, lint.SeverityInfo: ansiCyan}

// finding writes one finding: the headline and its indented notes. A
// message that starts with the caller (and its identity), which the
// heading above already names, says "The caller" instead.
func (t *textWriter) finding(f lint.Finding, identity string) {
	sev := Printable(fmt.Sprintf("%-7s", f.Severity), false)
	head := Printable(f.Rule, false) + " " + t.paint(severityColor[f.Severity], sev) + " " + ruleTitle(f.Rule)
	if f.Before != "" || f.After != "" {
		head += Printable(fmt.Sprintf(" [%s -> %s]", orDash(f.Before), orDash(f.After)), false)
	}
	if f.Accepted {
		head += " " + t.paint(ansiGreen, "[accepted]")
	}
	t.wrapped("    ", head, "      ")
	t.note("why", shortenCaller(f.Message, f.Caller, identity))
	t.note("fix", f.Fix)
	for _, n := range f.Notes {
		t.note("assumed", n)
	}
	if f.Accepted {
		t.note("accepted", f.Reason)
	}
}

// note writes "      key: value", the value wrapped under itself.
func (t *textWriter) note(key, value string) {
	value = oneLine(value)
	if value == "" {
		return
	}
	prefix := "      " + key + ": "
	t.wrapped("      "+t.paint(ansiDim, key+":")+" ", Printable(value, false), strings.Repeat(" ", len(prefix)))
}

// wrapped writes text after first (a prefix already on the line), wrapping
// at word boundaries at the width; continuation lines start with indent
// (first's visible width when indent is "" and first is spaces only).
// Widths count runes and ignore colour sequences.
func (t *textWriter) wrapped(first, text, indent string) {
	if indent == "" {
		indent = strings.Repeat(" ", visibleLen(first))
	}
	line, n := first, visibleLen(first)
	empty := true
	for _, word := range strings.Split(text, " ") {
		wl := visibleLen(word)
		if !empty && n+1+wl > t.width {
			t.line(line)
			line, n, empty = indent, visibleLen(indent), true
		}
		if !empty {
			line += " "
			n++
		}
		line += word
		n += wl
		empty = false
	}
	t.line(line)
}

func (t *textWriter) line(s string) {
	t.w.WriteString(strings.TrimRight(s, " "))
	t.w.WriteByte('\n')
}

// paint colours s when colour is on.
func (t *textWriter) paint(code, s string) string {
	if !t.color || code == "" || s == "" {
		return s
	}
	return code + s + ansiReset
}

// paintPrefix colours the part of s before sep.
func (t *textWriter) paintPrefix(code, s, sep string) string {
	head, rest, ok := strings.Cut(s, sep)
	if !ok {
		return s
	}
	return t.paint(code, head) + sep + rest
}

// visibleLen counts the runes of s outside ANSI SGR sequences (the only
// escape sequences the report writes; plan values are escaped by
// Printable).
func visibleLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			if end := strings.IndexByte(s[i:], 'm'); end >= 0 {
				i += end + 1
				continue
			}
		}
		if s[i]&0xc0 != 0x80 {
			n++
		}
		i++
	}
	return n
}

// shortenCaller replaces a leading "CALLER (IDENTITY) " or "CALLER " of a
// message by "The caller ".
func shortenCaller(msg, caller, identity string) string {
	if caller == "" {
		return msg
	}
	rest, ok := strings.CutPrefix(msg, caller+" ")
	if !ok {
		return msg
	}
	if identity != "" {
		rest = strings.TrimPrefix(rest, "("+identity+") ")
	}
	return "The caller " + rest
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneLine keeps a value on one line: runs of white space become a space.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
