package model

// Glob helpers for the patterns callers carry for claims with parts the
// plan does not know (Identity.Patterns, e.g. sub "repo:octo-org/app:*"
// for a repository-level variable). A literal '*' or '?' of a known value
// is escaped with escapeGlob so that it is not taken for a wildcard.

import "strings"

// EscapeGlob marks literal '*' and '?' of a known value so that
// containment treats them as characters (they are stored as \x00* and
// \x00?, which no real value contains).
func EscapeGlob(s string) string {
	if !strings.ContainsAny(s, "*?") {
		return s
	}
	return strings.NewReplacer("*", "\x00*", "?", "\x00?").Replace(s)
}

type globToken struct {
	r    rune
	star bool
	any  bool // '?'
}

func tokens(p string) []globToken {
	var out []globToken
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == 0 && i+1 < len(rs):
			out = append(out, globToken{r: rs[i+1]})
			i++
		case rs[i] == '*':
			out = append(out, globToken{star: true})
		case rs[i] == '?':
			out = append(out, globToken{any: true})
		default:
			out = append(out, globToken{r: rs[i]})
		}
	}
	return out
}

// GlobContains reports whether every string matched by inner is matched
// by outer: a '*' of inner can only be covered by a '*' of outer, a '?'
// by '?' or '*'. Sound for all patterns and exact for the usual shapes.
func GlobContains(outer, inner string) bool {
	o, in := tokens(outer), tokens(inner)
	// dp[i][j]: outer[i:] covers inner[j:].
	dp := make([][]bool, len(o)+1)
	for i := range dp {
		dp[i] = make([]bool, len(in)+1)
	}
	dp[len(o)][len(in)] = true
	for i := len(o) - 1; i >= 0; i-- {
		for j := len(in); j >= 0; j-- {
			switch {
			case o[i].star:
				dp[i][j] = dp[i+1][j] || (j < len(in) && dp[i][j+1])
			case j == len(in):
				dp[i][j] = false
			case o[i].any:
				dp[i][j] = !in[j].star && dp[i+1][j+1]
			default:
				dp[i][j] = !in[j].star && !in[j].any && in[j].r == o[i].r && dp[i+1][j+1]
			}
		}
	}
	return dp[0][0]
}

// GlobIntersect reports whether some string matches both patterns.
func GlobIntersect(a, b string) bool {
	x, y := tokens(a), tokens(b)
	// memo[i][j]: x[i:] and y[j:] can match a common string.
	memo := make([][]int8, len(x)+1)
	for i := range memo {
		memo[i] = make([]int8, len(y)+1)
	}
	var can func(i, j int) bool
	can = func(i, j int) bool {
		if memo[i][j] != 0 {
			return memo[i][j] > 0
		}
		res := false
		switch {
		case i == len(x) && j == len(y):
			res = true
		case i < len(x) && x[i].star:
			res = can(i+1, j) || (j < len(y) && can(i, j+1))
		case j < len(y) && y[j].star:
			res = can(i, j+1) || (i < len(x) && can(i+1, j))
		case i == len(x) || j == len(y):
			res = false
		default:
			res = (x[i].any || y[j].any || x[i].r == y[j].r) && can(i+1, j+1)
		}
		memo[i][j] = -1
		if res {
			memo[i][j] = 1
		}
		return res
	}
	return can(0, 0)
}

// GlobMatch matches a literal string against a pattern.
func GlobMatch(pattern, s string) bool { return GlobContains(pattern, EscapeGlob(s)) }
