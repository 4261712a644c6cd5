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
	index map[rune]int
	other rune // a representative of the other class
}

// newAlphabet builds an alphabet from the runes seen. Runes mapped to true
// are compared ignoring case somewhere, so their whole simple case-folding
// orbit joins the alphabet and IgnoreCase comparisons stay exact.
func newAlphabet(seen map[rune]bool) *alphabet {
	all := map[rune]bool{}
	for r, fold := range seen {
		all[r] = true
		for f := unicode.SimpleFold(r); fold && f != r; f = unicode.SimpleFold(f) {
			all[f] = true
		}
	}
	a := &alphabet{index: make(map[rune]int, len(all))}
	for r := range all {
		a.runes = append(a.runes, r)
	}
	slices.Sort(a.runes)
	for i, r := range a.runes {
		a.index[r] = i
	}
	a.other = 'x'
	for _, r := range []rune("xyzqjkvwx0123456789abcdefghilmnoprstu") {
		if !all[r] {
			a.other = r
			return a
		}
	}
	for r := rune(0x3b1); ; r++ { // Greek letters onwards: printable and rarely used
		if !all[r] && unicode.IsLetter(r) && unicode.SimpleFold(r) == r {
			a.other = r
			return a
		}
	}
}

// size is the number of classes.
func (a *alphabet) size() int { return len(a.runes) + 1 }

// class returns the class of a rune.
func (a *alphabet) class(r rune) int {
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

func (a *alphabet) only(rs ...rune) []bool {
	s := make([]bool, a.size())
	for _, r := range rs {
		s[a.class(r)] = true
	}
	return s
}

// literal is the pattern of exactly s.
func (a *alphabet) literal(s string) []elem {
	var out []elem
	for _, r := range s {
		out = append(out, elem{set: a.only(r)})
	}
	return out
}

// folded is the pattern of every string equal to s ignoring case, as
// strings.EqualFold compares (rune by rune, simple folding).
func (a *alphabet) folded(s string) []elem {
	var out []elem
	for _, r := range s {
		set := make([]bool, a.size())
		for f := r; ; {
			set[a.class(f)] = true
			if f = unicode.SimpleFold(f); f == r {
				break
			}
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
	var out []elem
	for i := range p {
		r, wild := patternRune(p, i)
		switch {
		case wild && r == '*':
			out = append(out, elem{star: true, set: anySet})
		case wild:
			out = append(out, elem{set: anySet})
		default:
			out = append(out, elem{set: a.only(r)})
		}
	}
	return out
}

// arn is the pattern of an ArnLike value: six ':'-separated components
// matched separately, the sixth keeping further colons ([S3]). ok is false
// when the value does not have six components (it then matches nothing).
func (a *alphabet) arn(p condition.Pattern) ([]elem, bool) {
	var parts []condition.Pattern
	start := 0
	for i := range p {
		if len(parts) == 5 {
			break
		}
		if r, _ := patternRune(p, i); r == ':' {
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
			out = append(out, elem{set: a.only(':')})
		} else {
			out = append(out, a.glob(part)...)
		}
	}
	return out, true
}

// patternRune reads position i of a compiled pattern: its rune and whether
// it acts as a wildcard.
func patternRune(p condition.Pattern, i int) (rune, bool) {
	seg := p[i : i+1]
	r := []rune(seg.Literal())
	if len(r) == 0 {
		return 0, false
	}
	return r[0], seg.HasWildcard()
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
