package admits

import (
	"slices"
	"unicode"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
)

// alphabet splits all runes into classes: one class per rune that appears
// in some pattern, value or candidate of the analysis, plus one "other"
// class for every remaining rune. No pattern can tell two runes of the
// other class apart, so automata over classes decide exactly the same
// questions as automata over all runes.
type alphabet struct {
	runes []rune
	ascii [128]int16   // class+1 of ASCII runes; 0 for the other class
	index map[rune]int // class of the other runes; nil when none
	other rune         // a representative of the other class
	ones  [][]bool     // the set of exactly class c, built on first use
}

// runeSet collects the runes an analysis must tell apart, without a map
// for the ASCII ones (nearly all of them).
type runeSet struct {
	ascii [128]uint8 // 0: absent, 1: present, 2: present and compared ignoring case
	other map[rune]bool
}

// add adds r; fold says it is compared ignoring case somewhere.
func (s *runeSet) add(r rune, fold bool) {
	if r >= 0 && r < 128 {
		if fold {
			s.ascii[r] = 2
		} else if s.ascii[r] == 0 {
			s.ascii[r] = 1
		}
		return
	}
	if s.other == nil {
		s.other = map[rune]bool{}
	}
	s.other[r] = s.other[r] || fold
}

// newAlphabet builds an alphabet from the runes seen. Runes mapped to true
// are compared ignoring case somewhere, so their whole simple case-folding
// orbit joins the alphabet and IgnoreCase comparisons stay exact.
func newAlphabet(seen map[rune]bool) *alphabet {
	var s runeSet
	for r, fold := range seen {
		s.add(r, fold)
	}
	return s.alphabet()
}

// alphabet builds the alphabet of the set, as newAlphabet does.
func (s *runeSet) alphabet() *alphabet {
	var all runeSet
	visit := func(r rune, fold bool) {
		all.add(r, false)
		for f := unicode.SimpleFold(r); fold && f != r; f = unicode.SimpleFold(f) {
			all.add(f, false)
		}
	}
	for r, v := range s.ascii {
		if v > 0 {
			visit(rune(r), v == 2)
		}
	}
	for r, fold := range s.other {
		visit(r, fold)
	}
	n := len(all.other)
	for _, v := range all.ascii {
		if v > 0 {
			n++
		}
	}
	a := &alphabet{runes: make([]rune, 0, n)}
	for r, v := range all.ascii {
		if v > 0 {
			a.ascii[r] = int16(len(a.runes) + 1)
			a.runes = append(a.runes, rune(r))
		}
	}
	if len(all.other) > 0 {
		a.index = make(map[rune]int, len(all.other))
		ascii := len(a.runes)
		for r := range all.other {
			a.runes = append(a.runes, r)
		}
		slices.Sort(a.runes[ascii:])
		for i, r := range a.runes[ascii:] {
			a.index[r] = ascii + i
		}
	}
	absent := func(r rune) bool { return a.class(r) == len(a.runes) }
	a.other = 'x'
	for _, r := range "xyzqjkvwx0123456789abcdefghilmnoprstu" {
		if absent(r) {
			a.other = r
			return a
		}
	}
	for r := rune(0x3b1); ; r++ { // Greek letters onwards: printable and rarely used
		if absent(r) && unicode.IsLetter(r) && unicode.SimpleFold(r) == r {
			a.other = r
			return a
		}
	}
}

// size is the number of classes.
func (a *alphabet) size() int { return len(a.runes) + 1 }

// class returns the class of a rune.
func (a *alphabet) class(r rune) int {
	if r >= 0 && r < 128 {
		if i := a.ascii[r]; i > 0 {
			return int(i) - 1
		}
		return len(a.runes)
	}
	if i, ok := a.index[r]; ok {
		return i
	}
	return len(a.runes)
}

// rep returns a representative rune of a class.
func (a *alphabet) rep(c int) rune {
	if c < len(a.runes) {
		return a.runes[c]
	}
	return a.other
}

// elem is one position of a pattern: a single character from set, or, when
// star is true, any run of characters from set (including none).
type elem struct {
	star bool
	set  []bool // indexed by class
}

func (a *alphabet) full() []bool {
	s := make([]bool, a.size())
	for i := range s {
		s[i] = true
	}
	return s
}

// one returns the set of exactly class c, shared: callers must not
// modify it.
func (a *alphabet) one(c int) []bool {
	if a.ones == nil {
		a.ones = make([][]bool, a.size())
	}
	if a.ones[c] == nil {
		a.ones[c] = make([]bool, a.size())
		a.ones[c][c] = true
	}
	return a.ones[c]
}

// literal is the pattern of exactly s.
func (a *alphabet) literal(s string) []elem {
	out := make([]elem, 0, len(s))
	for _, r := range s {
		out = append(out, elem{set: a.one(a.class(r))})
	}
	return out
}

// folded is the pattern of every string equal to s ignoring case, as
// the IgnoreCase operators compare (names.Equal: ASCII letters only, so
// "s" does not admit U+017F).
func (a *alphabet) folded(s string) []elem {
	var out []elem
	for _, r := range s {
		set := make([]bool, a.size())
		set[a.class(r)] = true
		switch {
		case 'a' <= r && r <= 'z':
			set[a.class(r-'a'+'A')] = true
		case 'A' <= r && r <= 'Z':
			set[a.class(r-'A'+'a')] = true
		}
		out = append(out, elem{set: set})
	}
	return out
}

// glob is the pattern of an IAM glob; wildcards never match the runes in
// exclude (ARN components cannot contain ':').
func (a *alphabet) glob(p condition.Pattern, exclude ...rune) []elem {
	anySet := a.full()
	for _, r := range exclude {
		anySet[a.class(r)] = false
	}
	lit := []rune(p.Literal()) // one rune per position
	out := make([]elem, 0, len(p))
	for i := range p {
		r, wild := lit[i], p[i:i+1].HasWildcard()
		switch {
		case wild && r == '*':
			out = append(out, elem{star: true, set: anySet})
		case wild:
			out = append(out, elem{set: anySet})
		default:
			out = append(out, elem{set: a.one(a.class(r))})
		}
	}
	return out
}

// arn is the pattern of an ArnLike value: six ':'-separated components
// matched separately, the sixth keeping further colons. ok is false
// when the value does not have six components (it then matches nothing).
func (a *alphabet) arn(p condition.Pattern) ([]elem, bool) {
	var parts []condition.Pattern
	start := 0
	lit := []rune(p.Literal()) // one rune per position
	for i := range p {
		if len(parts) == 5 {
			break
		}
		if lit[i] == ':' {
			parts = append(parts, p[start:i])
			start = i + 1
		}
	}
	parts = append(parts, p[start:])
	if len(parts) != 6 {
		return nil, false
	}
	var out []elem
	for i, part := range parts {
		if i < 5 {
			out = append(out, a.glob(part, ':')...)
			out = append(out, elem{set: a.one(a.class(':'))})
		} else {
			out = append(out, a.glob(part)...)
		}
	}
	return out, true
}

func countTrue(set []bool) int {
	n := 0
	for _, v := range set {
		if v {
			n++
		}
	}
	return n
}
