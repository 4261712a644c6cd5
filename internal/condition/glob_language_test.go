package condition

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestMatchesSome(t *testing.T) {
	name := func(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' }
	noColon := func(r rune) bool { return r != ':' }
	sub := Language{{Literal: "repo:"}, {Class: name}, {Literal: "/"}, {Class: name}, {Literal: ":"}, {Class: noColon}}
	for _, tc := range []struct {
		pattern string
		want    bool
	}{
		{"repo:octo/app:main", true},
		{"repo:octo/app:ref:refs/heads/main", false},
		{"repo:octo/*", true},
		{"repo:octo/team-*/environment:devl", false}, // '/' where ':' belongs
		{"repo:octo/team-*:environment", true},
		{"repo:octo/team-*:environment:devl", false}, // the last part takes no ':'
		{"repo:octo/app", false},                     // the language needs ':' and more
		{"repo:Octo/app:x", false},                   // upper case is not in the class
		{"repo:o?to/app:x", true},                    // '?' takes a class character
		{"repo:octo/app:${*}", true},                 // a literal '*' is a character of the class
		{"*", true},
		{"repo:é/app:x", false},
		{"", false},
	} {
		if got := ParseGlob(tc.pattern).MatchesSome(sub); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.pattern, got, tc.want)
		}
	}
	if !ParseGlob("repo:octo/app").MatchesSome(sub, Language{{Literal: "repo:"}, {Class: name}, {Literal: "/"}, {Class: name}}) {
		t.Error("a second language is not tried")
	}
}

// TestMatchesSomeAgreesWithAlphabetSearch: the product search with one
// witness character per class (meets) decides exactly what the search
// that tries every character of the probe alphabet at every step decides
// (the first implementation, kept here as the oracle), on random patterns
// against subject shapes like those of identity.SubjectShapes.
func TestMatchesSomeAgreesWithAlphabetSearch(t *testing.T) {
	owner := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-'
	}
	repo := func(r rune) bool { return owner(r) || r == '.' || r == '_' }
	notColon := func(r rune) bool { return r != ':' }
	label := func(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' }
	none := func(rune) bool { return false }
	head := Language{{Literal: "repo:"}, {Class: owner}, {Literal: "/"}, {Class: repo}, {Literal: ":"}}
	langs := []Language{
		append(append(Language{}, head...), Part{Literal: "environment:"}, Part{Class: notColon}),
		append(append(Language{}, head...), Part{Literal: "pull_request"}),
		{{Literal: "system:serviceaccount:"}, {Class: label}, {Literal: ":"}, {Class: label}},
		{{Class: none}},
		{{Literal: "a"}},
	}
	pieces := []string{"repo:", "octo", "/", ":", "*", "?", "é", "ü", "\n", "-", "A", "x", "environment:", "pull_request", "system:serviceaccount:", "${*}", "a"}
	rng := rand.New(rand.NewPCG(15, 15))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for range rng.IntN(7) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		p := ParseGlob(b.String())
		for li, l := range langs {
			if got, want := p.MatchesSome(l), p.alphabetSearch(l); got != want {
				t.Fatalf("%q against language %d: %v, the alphabet search says %v", b.String(), li, got, want)
			}
		}
	}
}

// alphabetSearch is the first implementation of MatchesSome for one
// language: a breadth-first search of the product that tries every
// character of the probe alphabet (and the pattern's own) at every step.
func (p Pattern) alphabetSearch(l Language) bool {
	alphabet := []rune(probeAlphabet)
	for _, pr := range p {
		if !pr.wildcard && pr.r > '~' {
			alphabet = append(alphabet, pr.r)
		}
	}
	seen := map[productState]bool{}
	var queue []productState
	push := func(ps productState) {
		stack := []productState{ps}
		for len(stack) > 0 {
			cur := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[cur] {
				continue
			}
			seen[cur] = true
			queue = append(queue, cur)
			if cur.i < len(p) && p[cur.i].star() {
				stack = append(stack, productState{cur.i + 1, cur.s})
			}
			if cur.s.k < len(l) && l[cur.s.k].Literal == "" && cur.s.j == 1 {
				stack = append(stack, productState{cur.i, langState{cur.s.k + 1, 0}})
			}
			if cur.s.k < len(l) && l[cur.s.k].Literal != "" && cur.s.j == len(l[cur.s.k].Literal) {
				stack = append(stack, productState{cur.i, langState{cur.s.k + 1, 0}})
			}
		}
	}
	push(productState{0, langState{}})
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur.i == len(p) && cur.s.k == len(l) {
			return true
		}
		if cur.s.k >= len(l) {
			continue
		}
		part := l[cur.s.k]
		for _, c := range alphabet {
			var next langState
			switch {
			case part.Literal != "":
				lit := []rune(part.Literal)
				if cur.s.j >= len(lit) || lit[cur.s.j] != c {
					continue
				}
				next = langState{cur.s.k, cur.s.j + 1}
			case part.Class(c):
				next = langState{cur.s.k, 1}
			default:
				continue
			}
			if cur.i >= len(p) {
				continue
			}
			switch pr := p[cur.i]; {
			case pr.star():
				push(productState{cur.i, next})
			case pr.anyOne(), pr.isLiteral() && pr.r == c:
				push(productState{cur.i + 1, next})
			}
		}
	}
	return false
}

// TestHoldsAgreesWithSearch: for patterns without wildcards, the direct
// membership test MatchesSome takes (holds) decides what the product
// search (meets) decides, on random texts near subject shapes.
func TestHoldsAgreesWithSearch(t *testing.T) {
	label := func(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' }
	notColon := func(r rune) bool { return r != ':' }
	any := func(rune) bool { return true }
	langs := []Language{
		{{Literal: "repo:"}, {Class: label}, {Literal: "/"}, {Class: label}, {Literal: ":"}, {Literal: "ref:refs/heads/"}, {Class: notColon}},
		{{Literal: "system:serviceaccount:"}, {Class: label}, {Literal: ":"}, {Class: label}},
		{{Class: label}, {Class: notColon}, {Literal: "é:"}, {Class: any}},
		{{Literal: "a"}},
		{},
	}
	pieces := []string{"repo:", "octo", "/", ":", "ref:refs/heads/", "main", "system:serviceaccount:", "ns", "-", "A", "é", "é:", "\n", "\x7f", "a", "x", "\ufffd", "\xff"}
	rng := rand.New(rand.NewPCG(15, 16))
	found := 0
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(9) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		p := CompileGlob(strings.NewReplacer("*", "", "?", "").Replace(b.String()))
		if !p.plainText() {
			continue
		}
		for li, l := range langs {
			var sc meetScratch
			var extra []rune // as MatchesSome gives meets
			for _, pr := range p {
				if pr.r > '~' {
					extra = append(extra, pr.r)
				}
			}
			if got, want := l.holds(p), p.meets(l, extra, &sc); got != want {
				t.Fatalf("%q against language %d: holds says %v, the search %v", b.String(), li, got, want)
			} else if got {
				found++
			}
		}
	}
	if found < 100 {
		t.Fatalf("only %d texts in a language: the test does not reach holds' true answers", found)
	}
}
