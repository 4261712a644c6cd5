package condition

import "testing"

// TestGlob covers the StringLike glob (spec §4.3, [S3]).
func TestGlob(t *testing.T) {
	cases := []struct {
		name, pattern, s string
		want             bool
	}{
		{"§4.3 empty pattern matches only the empty string [S3]", "", "", true},
		{"§4.3 empty pattern does not match text [S3]", "", "a", false},
		{"§4.3 * matches the empty string [S3]", "*", "", true},
		{"§4.3 * matches anything [S3]", "*", "repo:o/r:ref:refs/heads/main", true},
		{"§4.3 ? needs one character [S3]", "?", "", false},
		{"§4.3 ? matches one character [S3]", "?", "x", true},
		{"§4.3 ? does not match two characters [S3]", "?", "xy", false},
		{"§4.3 prefix * [S3]", "*main", "refs/heads/main", true},
		{"§4.3 infix * with backtracking [S3]", "a*b*c", "aXbYbZc", true},
		{"§4.3 infix * fails when the tail is missing [S3]", "a*b*c", "aXbYbZ", false},
		{"§4.3 consecutive stars [S3]", "a**b", "ab", true},
		{"§4.3 star then question [S3]", "a*?", "a", false},
		{"§4.3 star then question with one char [S3]", "a*?", "ab", true},
		{"§4.3 anchored at the start [S3]", "b*", "ab", false},
		{"§4.3 anchored at the end [S3]", "*a", "ab", false},
		{"§4.3 case-sensitive [S3]", "Repo:*", "repo:x", false},
		{"§4.3 multi-byte characters count once for ? [S3]", "??", "éü", true},
		{"§4.3 colon is an ordinary character for StringLike [S3]", "repo:*:ref:*", "repo:o/r:ref:refs/heads/x", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := MatchGlob(tc.pattern, tc.s); got != tc.want {
				t.Errorf("MatchGlob(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
			}
			if ref := referenceMatch(withLiterals(tc.pattern, 0), []rune(tc.s)); ref != tc.want {
				t.Errorf("reference matcher disagrees with the table for (%q, %q)", tc.pattern, tc.s)
			}
		})
	}
}

// TestGlobLiteralWildcards: wildcards that came from ${*}, ${?} or a
// variable's value are literal (spec §4.5, [S10]).
func TestGlobLiteralWildcards(t *testing.T) {
	p := append(CompileGlob("a"), literal("*?")...)
	p = append(p, CompileGlob("*")...)
	for s, want := range map[string]bool{"a*?": true, "a*?tail": true, "axy": false, "a*": false} {
		if got := p.Match(s); got != want {
			t.Errorf("§4.5 pattern a + literal(*?) + * matching %q = %v, want %v [S10]", s, got, want)
		}
	}
	if !p.HasWildcard() || literal("*?").HasWildcard() {
		t.Errorf("HasWildcard must see only active wildcards")
	}
	if p.Literal() != "a*?*" {
		t.Errorf("Literal() = %q", p.Literal())
	}
}

// withLiterals compiles text, making the '*' and '?' at rune positions set
// in mask (below 64) literal.
func withLiterals(text string, mask uint64) Pattern {
	p := CompileGlob(text)
	for i := range p {
		if i < 64 && mask&(1<<uint(i)) != 0 {
			p[i].wildcard = false
		}
	}
	return p
}

// referenceMatch is a plain recursive glob matcher over runes, memoised so
// the fuzzer cannot make it exponential.
func referenceMatch(p Pattern, s []rune) bool {
	memo := map[[2]int]bool{}
	var rec func(i, j int) bool
	rec = func(i, j int) bool {
		key := [2]int{i, j}
		if v, ok := memo[key]; ok {
			return v
		}
		var res bool
		switch {
		case i == len(p):
			res = j == len(s)
		case p[i].wildcard && p[i].r == '*':
			res = rec(i+1, j) || (j < len(s) && rec(i, j+1))
		case j == len(s):
			res = false
		case p[i].wildcard && p[i].r == '?':
			res = rec(i+1, j+1)
		default:
			res = p[i].r == s[j] && rec(i+1, j+1)
		}
		memo[key] = res
		return res
	}
	return rec(0, 0)
}

// FuzzGlob compares Pattern.Match with the reference matcher.
func FuzzGlob(f *testing.F) {
	seeds := []struct {
		p, s string
		mask uint64
	}{
		{"repo:octo-org/*", "repo:octo-org/octo-repo:ref:refs/heads/main", 0},
		{"repo:octo-org/octo-rep?:*", "repo:octo-org/octo-repo:ref:refs/heads/main", 0},
		{"a*b*c", "aXbYbZc", 0},
		{"*?*?", "é", 0},
		{"a*?", "a*?", 2},
		{"**", "", 0},
		{"\xff*", "\xfe\xff", 0},
		{"system:serviceaccount:default:*", "system:serviceaccount:default:my-sa", 0},
	}
	for _, s := range seeds {
		f.Add(s.p, s.s, s.mask)
	}
	f.Fuzz(func(t *testing.T, pattern, s string, mask uint64) {
		if len(pattern) > 256 || len(s) > 256 {
			t.Skip()
		}
		p := withLiterals(pattern, mask)
		got := p.Match(s)
		want := referenceMatch(p, []rune(s))
		if got != want {
			t.Fatalf("pattern %q (literal mask %b) on %q: Match = %v, reference = %v", pattern, mask, s, got, want)
		}
	})
}
