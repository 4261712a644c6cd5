package condition

import "slices"

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
	if p.plainText() {
		for _, l := range langs {
			if l.holds(p) {
				return true
			}
		}
		return false
	}
	var extra []rune // the pattern's own characters outside the probe alphabet
	for _, pr := range p {
		if !pr.wildcard && pr.r > '~' {
			extra = append(extra, pr.r)
		}
	}
	var sc meetScratch // shared by the languages' searches
	for _, l := range langs {
		if p.meets(l, extra, &sc) {
			return true
		}
	}
	return false
}

// plainText reports whether the pattern has no wildcard and each of its
// characters is one the search of meets takes (in the probe alphabet or
// outside ASCII): then the pattern matches some string of a language
// exactly when the language holds the pattern's text, which holds
// decides without the search.
func (p Pattern) plainText() bool {
	for _, pr := range p {
		if pr.wildcard || pr.r < ' ' {
			return false
		}
	}
	return true
}

// holds reports whether the text of a pattern without wildcards is a
// string of the language: reach marks the positions of the text at which
// the next part may start.
func (l Language) holds(p Pattern) bool {
	var buf [2 * 128]bool
	var reach, next []bool
	if len(p) < 128 {
		reach, next = buf[:len(p)+1], buf[128:128+len(p)+1]
	} else {
		reach, next = make([]bool, len(p)+1), make([]bool, len(p)+1)
	}
	reach[0] = true
	for _, part := range l {
		clear(next)
		some := false
		for i, ok := range reach {
			if !ok {
				continue
			}
			if part.Literal != "" {
				if e, ok := p.literalAt(i, part.Literal); ok {
					next[e], some = true, true
				}
				continue
			}
			for e := i; e < len(p) && part.Class(p[e].r); e++ {
				next[e+1], some = true, true // a class part takes one character or more
			}
		}
		if !some {
			return false
		}
		reach, next = next, reach
	}
	return reach[len(p)]
}

// literalAt reports whether the pattern's text at i starts with lit, and
// where lit ends.
func (p Pattern) literalAt(i int, lit string) (int, bool) {
	for _, c := range lit {
		if i >= len(p) || p[i].r != c {
			return 0, false
		}
		i++
	}
	return i, true
}

// meetScratch is the memory of meets, reused from one language to the
// next.
type meetScratch struct {
	seen        []bool
	stack, todo []productState
}

type productState struct {
	i int // position in the pattern
	s langState
}

// inAlphabet reports whether r is a character of the probe alphabet or
// one of extra.
func inAlphabet(r rune, extra []rune) bool {
	return r >= ' ' && r <= '~' || r == 'é' || slices.Contains(extra, r)
}

// meets searches the product of the pattern and the language for a path
// from the start to the end (both consumed). A state is a position i in
// the pattern and a position in the language, numbered: part k starts at
// base[k], plus the characters of a literal taken (or, in a class, 1 once
// a character was taken). Each step takes one character, which must be
// in the probe alphabet (or extra): from a literal part only its next
// character can be taken, and from a class part every character of the
// class leads to the same state, so one witness character is enough.
func (p Pattern) meets(l Language, extra []rune, sc *meetScratch) bool {
	lits := make([][]rune, len(l))
	base := make([]int, len(l)+1)
	n := 0
	for k, part := range l {
		base[k] = n
		if part.Literal != "" {
			lits[k] = []rune(part.Literal)
			n += len(lits[k]) + 1
		} else {
			n += 2
		}
	}
	base[len(l)] = n
	n++
	// classAny[k]: some character of the alphabet is in part k's class
	// (0 not yet known, 1 yes, -1 no).
	classAny := make([]int8, len(l))
	anyInClass := func(k int) bool {
		if classAny[k] == 0 {
			classAny[k] = -1
			for _, c := range probeAlphabet {
				if l[k].Class(c) {
					classAny[k] = 1
					break
				}
			}
			if classAny[k] < 0 && slices.ContainsFunc(extra, l[k].Class) {
				classAny[k] = 1
			}
		}
		return classAny[k] > 0
	}
	seen := sc.seen[:0]
	seen = append(seen, make([]bool, (len(p)+1)*n)...)
	sc.seen = seen
	stack, todo := sc.stack[:0], sc.todo[:0]
	defer func() { sc.stack, sc.todo = stack, todo }()
	// push adds a state and what it reaches without taking a character:
	// a '*' may match nothing; a class part that took a character, or a
	// literal part that took all of its, may end.
	push := func(ps productState) {
		todo = append(todo[:0], ps)
		for len(todo) > 0 {
			cur := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			id := cur.i*n + base[cur.s.k] + cur.s.j
			if seen[id] {
				continue
			}
			seen[id] = true
			stack = append(stack, cur)
			if cur.i < len(p) && p[cur.i].star() {
				todo = append(todo, productState{cur.i + 1, cur.s})
			}
			if k := cur.s.k; k < len(l) && (lits[k] == nil && cur.s.j == 1 || lits[k] != nil && cur.s.j == len(lits[k])) {
				todo = append(todo, productState{cur.i, langState{k + 1, 0}})
			}
		}
	}
	push(productState{0, langState{}})
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if cur.i == len(p) && cur.s.k == len(l) {
			return true
		}
		if cur.s.k >= len(l) || cur.i >= len(p) {
			continue
		}
		k, pr := cur.s.k, p[cur.i]
		if lit := lits[k]; lit != nil {
			if cur.s.j >= len(lit) {
				continue
			}
			c := lit[cur.s.j]
			next := langState{k, cur.s.j + 1}
			switch {
			case !inAlphabet(c, extra):
			case pr.star():
				push(productState{cur.i, next})
			case pr.anyOne(), pr.isLiteral() && pr.r == c:
				push(productState{cur.i + 1, next})
			}
			continue
		}
		next := langState{k, 1}
		switch {
		case pr.star():
			if anyInClass(k) {
				push(productState{cur.i, next})
			}
		case pr.anyOne():
			if anyInClass(k) {
				push(productState{cur.i + 1, next})
			}
		case inAlphabet(pr.r, extra) && l[k].Class(pr.r):
			push(productState{cur.i + 1, next})
		}
	}
	return false
}
