package condition

// This file decides whether an IAM glob can match any string of a simple
// language: the subjects an issuer can mint (identity.SubjectShapes).

// Part is one piece of a Language: a literal, or one or more characters
// of a class.
type Part struct {
	Literal string
	// Class, when Literal is "", says which characters the part takes
	// (at least one).
	Class func(r rune) bool
}

// Language is a sequence of parts; a string belongs to it when it is the
// concatenation of one string per part.
type Language []Part

// probeAlphabet is every printable ASCII character and one character
// outside ASCII: the classes of a Language are ASCII classes or "any
// character", so these, with the pattern's own characters, decide every
// intersection exactly.
const probeAlphabet = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~é"

// langState is a position in a Language: part k, and within a literal the
// next character j, within a class whether a character was taken (j 1).
type langState struct{ k, j int }

// MatchesSome reports whether some string of one of the languages matches
// the pattern.
func (p Pattern) MatchesSome(langs ...Language) bool {
	alphabet := []rune(probeAlphabet)
	for _, pr := range p {
		if !pr.wildcard && pr.r > '~' {
			alphabet = append(alphabet, pr.r)
		}
	}
	for _, l := range langs {
		if p.meets(l, alphabet) {
			return true
		}
	}
	return false
}

type productState struct {
	i int // position in the pattern
	s langState
}

func (p Pattern) meets(l Language, alphabet []rune) bool {
	seen := map[productState]bool{}
	var queue []productState
	push := func(ps productState) {
		// Epsilon moves: a '*' may match nothing; a class part that took a
		// character may end.
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
