package condition

import "strings"

// This file is the glob algebra the linter and the over-breadth analysis
// share with the StringLike operator: patterns written in IAM's own glob
// notation ('*' and '?' are wildcards, ${*}, ${?} and ${$} are the
// literal characters), containment and overlap.

// EscapeGlob writes a literal value in IAM glob notation, so that its '*',
// '?' and '$' are characters, not wildcards or variables.
func EscapeGlob(s string) string {
	if !strings.ContainsAny(s, "*?$") {
		return s
	}
	return strings.NewReplacer("*", "${*}", "?", "${?}", "$", "${$}").Replace(s)
}

// ParseGlob compiles glob text in IAM notation: '*' and '?' are wildcards,
// ${*}, ${?} and ${$} are literal characters, everything else (other
// policy variables included) is itself.
func ParseGlob(text string) Pattern {
	if !strings.Contains(text, "${") {
		return CompileGlob(text)
	}
	p := make(Pattern, 0, len(text))
	for len(text) > 0 {
		if len(text) >= 4 && text[0] == '$' && text[1] == '{' && text[3] == '}' && strings.IndexByte("*?$", text[2]) >= 0 {
			p = append(p, patternRune{r: rune(text[2])})
			text = text[4:]
			continue
		}
		i := strings.Index(text[1:], "${")
		if i < 0 {
			i = len(text)
		} else {
			i++
		}
		p = append(p, CompileGlob(text[:i])...)
		text = text[i:]
	}
	return p
}

func (pr patternRune) star() bool      { return pr.wildcard && pr.r == '*' }
func (pr patternRune) anyOne() bool    { return pr.wildcard && pr.r == '?' }
func (pr patternRune) isLiteral() bool { return !pr.wildcard }

// Contains reports whether every string that inner matches, p matches too:
// a '*' of inner can only be covered by a '*' of p, a '?' by '?' or '*'.
// Sound for all patterns, exact for the shapes trusts and callers use.
func (p Pattern) Contains(inner Pattern) bool {
	// dp[i][j]: p[i:] covers inner[j:].
	dp := make([][]bool, len(p)+1)
	for i := range dp {
		dp[i] = make([]bool, len(inner)+1)
	}
	dp[len(p)][len(inner)] = true
	for i := len(p) - 1; i >= 0; i-- {
		for j := len(inner); j >= 0; j-- {
			switch {
			case p[i].star():
				dp[i][j] = dp[i+1][j] || (j < len(inner) && dp[i][j+1])
			case j == len(inner):
				dp[i][j] = false
			case p[i].anyOne():
				dp[i][j] = !inner[j].star() && dp[i+1][j+1]
			default:
				dp[i][j] = inner[j].isLiteral() && inner[j].r == p[i].r && dp[i+1][j+1]
			}
		}
	}
	return dp[0][0]
}

// Overlaps reports whether some string matches both patterns.
func (p Pattern) Overlaps(q Pattern) bool {
	// memo[i][j]: p[i:] and q[j:] can match a common string (0 unknown,
	// 1 yes, -1 no).
	memo := make([][]int8, len(p)+1)
	for i := range memo {
		memo[i] = make([]int8, len(q)+1)
	}
	var can func(i, j int) bool
	can = func(i, j int) bool {
		if memo[i][j] != 0 {
			return memo[i][j] > 0
		}
		var res bool
		switch {
		case i == len(p) && j == len(q):
			res = true
		case i < len(p) && p[i].star():
			res = can(i+1, j) || (j < len(q) && can(i, j+1))
		case j < len(q) && q[j].star():
			res = can(i, j+1) || (i < len(p) && can(i+1, j))
		case i == len(p) || j == len(q):
			res = false
		default:
			res = (p[i].anyOne() || q[j].anyOne() || p[i].r == q[j].r) && can(i+1, j+1)
		}
		memo[i][j] = -1
		if res {
			memo[i][j] = 1
		}
		return res
	}
	return can(0, 0)
}
