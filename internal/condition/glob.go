package condition

import "unicode/utf8"

// Pattern is a compiled IAM glob: '*' matches any run of characters
// (including none), '?' exactly one character, everything else itself.
// Characters that came from ${*} / ${?} policy variables, or from a
// substituted variable value, are literal even when they are '*' or '?'.
type Pattern []patternRune

type patternRune struct {
	r        rune
	wildcard bool // true for a '*' or '?' that acts as a wildcard
}

// CompileGlob compiles text in which every '*' and '?' is a wildcard.
func CompileGlob(text string) Pattern {
	p := make(Pattern, 0, len(text))
	for _, r := range text {
		p = append(p, patternRune{r: r, wildcard: r == '*' || r == '?'})
	}
	return p
}

// Literal returns the pattern text with wildcards written as-is.
func (p Pattern) Literal() string {
	b := make([]rune, len(p))
	for i, pr := range p {
		b[i] = pr.r
	}
	return string(b)
}

// HasWildcard reports whether the pattern contains an active wildcard.
func (p Pattern) HasWildcard() bool {
	for _, pr := range p {
		if pr.wildcard {
			return true
		}
	}
	return false
}

// Match reports whether s matches the whole pattern (anchored at both
// ends, case-sensitive), as StringLike does. It runs in
// O(len(p)·len(s)) worst case with no recursion.
func (p Pattern) Match(s string) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		r, size := utf8.DecodeRuneInString(s[si:])
		if pi < len(p) {
			pr := p[pi]
			switch {
			case pr.wildcard && pr.r == '*':
				starP, starS = pi, si
				pi++
				continue
			case pr.wildcard && pr.r == '?', !pr.wildcard && pr.r == r:
				pi++
				si += size
				continue
			}
		}
		if starP < 0 {
			return false
		}
		// Let the last '*' absorb one more character and retry.
		_, skip := utf8.DecodeRuneInString(s[starS:])
		starS += skip
		si = starS
		pi = starP + 1
	}
	for pi < len(p) && p[pi].wildcard && p[pi].r == '*' {
		pi++
	}
	return pi == len(p)
}

// MatchGlob reports whether s matches the glob text (all '*' and '?' are
// wildcards).
func MatchGlob(pattern, s string) bool { return CompileGlob(pattern).Match(s) }
