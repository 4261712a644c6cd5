package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

// MarkdownLimit is the size the markdown summary stays within by default:
// GitHub takes at most 65,536 characters in a pull request comment (the
// limit is counted here in bytes, which are never fewer).
const MarkdownLimit = 65536

// markdownCell is the most runes of a message or fix in the table; the
// text, JSON and SARIF reports have them whole.
const markdownCell = 500

// MarkdownOptions configure the markdown rendering.
type MarkdownOptions struct {
	// MaxSize is the most bytes written (0: MarkdownLimit); findings that
	// do not fit are left out of the table with a line saying how many.
	MaxSize int
}

// WriteMarkdown writes a summary for a pull request comment or a job
// summary ($GITHUB_STEP_SUMMARY): a headline with the verdict and counts,
// a Mermaid map of OIDC providers, callers and roles with the broken
// edges dashed, coloured and labelled with their rules, the table of
// findings not accepted (worst first), the accepted findings with their
// reasons, and the coverage line. Every value is escaped for markdown
// (and Mermaid); the report's values are already redacted.
func WriteMarkdown(w io.Writer, rep *lint.Report, sum lint.Summary, opts MarkdownOptions) error {
	limit := opts.MaxSize
	if limit <= 0 {
		limit = MarkdownLimit
	}
	var head bytes.Buffer
	verdict := "✅ pass"
	if sum.Failed {
		verdict = "❌ FAIL"
	}
	fmt.Fprintf(&head, "### stsguard lint: %s (%s, %s, %s, %d accepted)\n\n", verdict,
		plural(sum.Errors, "error", "errors"), plural(sum.Warnings, "warning", "warnings"), plural(sum.Info, "info", "info"), sum.Accepted)
	source := rep.Source
	if source == "" || source == "-" {
		source = "standard input"
	}
	fmt.Fprintf(&head, "%s: %s, %s, %s checked (`--fail-on %s`).\n\n", codeSpan(source),
		plural(sum.Roles, "role", "roles"), plural(sum.Callers, "caller", "callers"), plural(sum.Pairs, "pair", "pairs"), mdText(sum.FailOn))
	m := buildMap(rep, mapLimit)
	if len(m.nodes) > 0 {
		head.WriteString("```mermaid\n")
		writeMermaid(&head, m)
		head.WriteString("```\n\n")
		head.WriteString("OIDC provider → caller: issues its token; caller → role: assumes it. Dashed arrows carry findings, labelled with their rules (red: error, orange: warning, grey: info or accepted).")
		if m.omitted > 0 {
			fmt.Fprintf(&head, " %d of %s are not drawn (pairs without findings first, then the least severe).", m.omitted, plural(m.pairs, "pair", "pairs"))
		}
		head.WriteString("\n\n")
	}
	tail := "<sub>" + mdText(shorten(sum.Coverage(), 4000)) + "</sub>\n"

	var open, accepted []lint.Finding
	for _, f := range rep.Findings {
		if f.Accepted {
			accepted = append(accepted, f)
		} else {
			open = append(open, f)
		}
	}
	sort.SliceStable(open, func(i, j int) bool { return severityRank(open[i].Severity) < severityRank(open[j].Severity) })
	identities := map[[2]string]string{}
	for _, p := range rep.Pairs {
		identities[[2]string{p.Role, p.Caller}] = p.Identity
	}

	const tableHead = "| Rule | Severity | Role | Caller | Message | Fix |\n|---|---|---|---|---|---|\n"
	const reserve = 400 // the lines saying what was left out, the accepted heading
	budget := limit - head.Len() - len(tail) - len(tableHead) - reserve
	var body bytes.Buffer
	shortened := false
	rows := 0
	for _, f := range open {
		row, cut := tableRow(f, identities[[2]string{f.Role, f.Caller}])
		if len(row) > budget {
			break
		}
		budget -= len(row)
		if rows == 0 {
			body.WriteString(tableHead)
		}
		body.WriteString(row)
		shortened = shortened || cut
		rows++
	}
	switch {
	case len(open) == 0:
		body.WriteString("No findings to fix.\n")
	case rows < len(open):
		fmt.Fprintf(&body, "\n%s not shown here (the size limit of a comment); the text, JSON and SARIF reports list every finding.\n",
			plural(len(open)-rows, "more finding is", "more findings are"))
	}
	if shortened {
		body.WriteString("\nLong messages and fixes are shortened (…); the text report in the log has them whole.\n")
	}
	if len(accepted) > 0 {
		fmt.Fprintf(&body, "\n**Accepted** (%d, in .stsguard.json):\n\n", len(accepted))
		listed := 0
		for _, f := range accepted {
			item := acceptedItem(f)
			if len(item) > budget {
				break
			}
			budget -= len(item)
			body.WriteString(item)
			listed++
		}
		if listed < len(accepted) {
			fmt.Fprintf(&body, "\n%s not shown here (the size limit of a comment).\n", plural(len(accepted)-listed, "more accepted finding is", "more accepted findings are"))
		}
	}
	body.WriteString("\n")
	if _, err := w.Write(head.Bytes()); err != nil {
		return err
	}
	if _, err := w.Write(body.Bytes()); err != nil {
		return err
	}
	_, err := io.WriteString(w, tail)
	return err
}

// tableRow renders one finding as a table row, the caller with the
// identity it presents (from its pair) and its file:line; cut says whether
// its message or fix was shortened.
func tableRow(f lint.Finding, identity string) (string, bool) {
	role := codeSpan(f.Role)
	if f.Role == "" {
		role = "(not in the plan)"
	}
	caller := codeSpan(f.Caller)
	if f.Caller == "" {
		caller = roleItself
	}
	if identity != "" && f.Caller != "" && !strings.Contains(f.Caller, identity) {
		caller += "<br>" + codeSpan(identity)
	}
	if loc := fileLocation(f); loc != "" {
		caller += "<br>at " + codeSpan(loc)
	}
	msg, fix := oneLine(shortenCaller(f.Message, f.Caller, identity)), oneLine(f.Fix)
	sm, sf := shorten(msg, markdownCell), shorten(fix, markdownCell)
	return fmt.Sprintf("| %s | %s | %s | %s | %s | %s |\n", mdText(f.Rule), mdText(f.Severity), role, caller, mdText(sm), mdText(sf)),
		sm != msg || sf != fix
}

// acceptedItem renders an accepted finding as a list item with its reason.
func acceptedItem(f lint.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "- %s (%s) on %s", mdText(f.Rule), mdText(f.Severity), codeSpan(f.Role))
	if f.Role == "" {
		b.Reset()
		fmt.Fprintf(&b, "- %s (%s)", mdText(f.Rule), mdText(f.Severity))
	}
	if f.Caller != "" {
		fmt.Fprintf(&b, ", caller %s", codeSpan(f.Caller))
	}
	fmt.Fprintf(&b, ": %s\n", mdText(shorten(oneLine(f.Reason), markdownCell)))
	return b.String()
}

// mdText escapes text for a markdown paragraph or table cell: control
// characters (Printable), HTML (&, <, >), the characters markdown would
// read as markup or a cell boundary (\ ` * _ [ ] | ~; an underscore inside
// a word is left as it is, GitHub does not read it), and GitHub's
// @mentions and #N references (a zero-width space after @ and before the
// digits).
func mdText(s string) string {
	rs := []rune(Printable(oneLine(s), false))
	var b strings.Builder
	for i, r := range rs {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '[', ']', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '@':
			// A zero-width space keeps @name from notifying a user or team
			// (what bots posting plan-controlled text do).
			b.WriteString("@&#8203;")
		case '#':
			b.WriteRune(r)
			if i+1 < len(rs) && rs[i+1] >= '0' && rs[i+1] <= '9' {
				b.WriteString("&#8203;") // no link to, and no event on, issue #N
			}
		case '_':
			if i > 0 && i < len(rs)-1 && isWordRune(rs[i-1]) && isWordRune(rs[i+1]) {
				b.WriteRune(r)
			} else {
				b.WriteString(`\_`)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// codeSpan renders s as inline code that a table cell can hold: a fence
// longer than any run of backticks in s, and | escaped (GitHub splits
// cells before it reads code spans). "" stays "".
func codeSpan(s string) string {
	s = Printable(oneLine(s), false)
	if s == "" {
		return ""
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	s = strings.ReplaceAll(s, "|", `\|`)
	fence := strings.Repeat("`", longest+1)
	if longest > 0 {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// plural is "1 error" or "2 errors".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
