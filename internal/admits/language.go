package admits

import (
	"slices"
	"strconv"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// langs holds the alphabet of one analysis and the automata every key
// language starts from.
type langs struct {
	a        *alphabet
	all      *dfa // every string
	nonEmpty *dfa // every string but ""
	none     *dfa // no string
	emptyStr *dfa // only ""
	// cache holds literal ("=" + text) and glob ("~" + text) automata;
	// matches holds matchLanguage's answers, by operator and values.
	cache   map[string]*dfa
	matches map[string]matchAnswer
	// remaps map this alphabet's classes to those of shared languages.
	remaps []remapping
	// Storage for the above, saving allocations in every analysis.
	bases    [4]sharedView
	remapBuf [3]remapping // one per shared probe
}

// matchAnswer is one answer of matchLanguage.
type matchAnswer struct {
	d  *dfa
	ok bool
}

// literal returns the automaton of exactly s.
func (l *langs) literal(s string) *dfa { return l.cached("=" + s) }

// glob returns the automaton of the IAM glob text, or nil when it would
// be too large (see maxStates).
func (l *langs) glob(text string) *dfa { return l.cached("~" + text) }

func (l *langs) cached(key string) *dfa {
	if d, ok := l.cache[key]; ok {
		return d
	}
	var d *dfa
	if text := key[1:]; key[0] == '=' {
		d = literalDFA(l.a, text)
	} else {
		d = compile(l.a, [][]elem{l.a.glob(condition.CompileGlob(text))})
	}
	l.cache[key] = d
	return d
}

func newLangs(a *alphabet) *langs {
	l := &langs{a: a, cache: map[string]*dfa{}, matches: map[string]matchAnswer{}}
	l.remaps = l.remapBuf[:0]
	l.all = l.sharedIn(sharedAll, &l.bases[0])
	l.nonEmpty = l.sharedIn(sharedNonEmpty, &l.bases[1])
	l.none = l.sharedIn(sharedNone, &l.bases[2])
	l.emptyStr = l.sharedIn(sharedEmptyStr, &l.bases[3])
	return l
}

// opaque is a condition the analysis cannot turn into a regular language
// (numeric, date, IP and binary operators, and values with policy
// variables). It is decided per value by the evaluator itself.
type opaque struct {
	op        condition.Operator
	key       string
	values    []string
	variables bool
	negate    bool
}

// holds decides the condition for one present value v.
func (o opaque) holds(v string) bool {
	return condition.Evaluate(o.op, o.key, o.values, oneKey{o.key, []string{v}}, o.variables).Matched != o.negate
}

// oneKey is a request context with a single key.
type oneKey struct {
	key    string
	values []string
}

// Lookup implements condition.Context.
func (c oneKey) Lookup(key string) ([]string, bool) {
	if c.values != nil && names.Equal(key, c.key) {
		return c.values, true
	}
	return nil, false
}

// keySet is a set of states of one condition key. absent says whether the
// key may be missing. For a single-valued key, a present value must be in
// lang and satisfy every opaque condition. For a multivalued key (amr, tag
// keys) a present value is a non-empty set of non-empty strings, each in
// lang, with at least one element in each of some.
type keySet struct {
	absent bool
	lang   *dfa
	some   []*dfa
	opaque []opaque
	// except lists single values left out of lang (declared callers a
	// region has escaped): cheaper than a product automaton.
	except []string
	// points, when set, is the exact finite set lang stands for (a
	// declared caller's values), so its complement is an except list.
	points []string
}

// and intersects two sets of the same key.
func (s keySet) and(t keySet) keySet {
	out := keySet{absent: s.absent && t.absent, lang: intersect(s.lang, t.lang)}
	out.some = append(append(out.some, s.some...), t.some...)
	out.opaque = append(append(out.opaque, s.opaque...), t.opaque...)
	out.except = append(append(out.except, s.except...), t.except...)
	return out
}

// not returns the complement of s as a list of sets whose union it is
// (a complement of a conjunction is a disjunction).
func (s keySet) not(l *langs, multi bool) []keySet {
	var out []keySet
	if multi {
		// some element outside lang, or no element in one of some.
		out = append(out, keySet{absent: !s.absent, lang: l.nonEmpty, some: []*dfa{minus(l.nonEmpty, s.lang)}})
		for _, e := range s.some {
			out = append(out, keySet{absent: !s.absent, lang: minus(l.nonEmpty, e)})
		}
		return out
	}
	if s.points != nil && len(s.opaque) == 0 && len(s.except) == 0 {
		return []keySet{{absent: !s.absent, lang: l.all, except: s.points}}
	}
	lang := s.lang
	for _, e := range s.except {
		lang = minus(lang, l.literal(e))
	}
	out = append(out, keySet{absent: !s.absent, lang: lang.complement()})
	for _, o := range s.opaque {
		o.negate = !o.negate
		out = append(out, keySet{absent: !s.absent, lang: l.all, opaque: []opaque{o}})
	}
	return out
}

// presentEmpty reports whether no present state is in the set. When
// opaque conditions are involved it tries the candidates given: finding
// one proves the set non-empty; finding none is reported as empty with
// approx set, since emptiness is then not proven.
func (s keySet) presentEmpty(l *langs, multi bool, candidates func() []string) (empty, approx bool) {
	if s.lang.empty() {
		return true, false
	}
	if multi {
		for _, e := range s.some {
			if intersect(e, s.lang).empty() {
				return true, false
			}
		}
		return false, false
	}
	if len(s.opaque) == 0 {
		// Empty exactly when every member of lang is excluded.
		excluded := 0
		for i, e := range s.except {
			if s.lang.has(l.a, e) && !slices.Contains(s.except[:i], e) {
				excluded++
			}
		}
		return excluded > 0 && s.lang.count(l.a, excluded+1) <= excluded, false
	}
	for _, v := range candidates() {
		if s.hasValue(l, v) {
			return false, false
		}
	}
	return true, true
}

// hasValue reports whether the single value v is in the set.
func (s keySet) hasValue(l *langs, v string) bool {
	if !s.lang.has(l.a, v) || slices.Contains(s.except, v) {
		return false
	}
	for _, o := range s.opaque {
		if !o.holds(v) {
			return false
		}
	}
	return true
}

// hasSet reports whether the multivalued state vs is in the set.
func (s keySet) hasSet(l *langs, vs []string) bool {
	if len(vs) == 0 {
		return false
	}
	for _, v := range vs {
		if v == "" || !s.lang.has(l.a, v) {
			return false
		}
	}
	for _, e := range s.some {
		hit := false
		for _, v := range vs {
			hit = hit || e.has(l.a, v)
		}
		if !hit {
			return false
		}
	}
	return true
}

// unrestricted reports whether every present value is in the set.
func (s keySet) unrestricted(l *langs, multi bool) bool {
	if len(s.opaque) > 0 || len(s.some) > 0 || len(s.except) > 0 {
		return false
	}
	if multi {
		return minus(l.nonEmpty, s.lang).empty()
	}
	return s.lang.universal()
}

// conditionSet translates one condition entry into the set of states of
// its key for which the evaluator finds it true (aws-reference.md#conditions, exactly
// as condition.Evaluate decides). approx is true when part of it is left
// to per-value evaluation.
func (l *langs) conditionSet(c *policy.Condition, variables, multi bool) (set keySet, approx bool) {
	if !c.OperatorValid {
		return keySet{lang: l.none}, false
	}
	op := c.Operator
	vals := rawValues(c)
	// The missing-key case is decided by the evaluator itself.
	set.absent = condition.Evaluate(op, c.Key, vals, oneKey{}, variables).Matched
	if op.Base == condition.Null {
		set.lang = l.none
		for _, v := range vals {
			if !names.Equal(v, "true") {
				set.lang = l.all
			}
		}
		return set, false
	}
	m, ok := l.matchLanguage(op.Base, vals, variables)
	if !ok {
		if multi {
			// Over-approximated: any set of values.
			return keySet{absent: set.absent, lang: l.nonEmpty}, true
		}
		// Exact membership, decided by the evaluator value by value.
		set.lang = l.all
		set.opaque = []opaque{{op: op, key: c.Key, values: vals, variables: variables}}
		return set, false
	}
	switch {
	case multi && op.Set == condition.ForAllValues:
		set.lang = intersect(m, l.nonEmpty)
	case multi:
		set.lang, set.some = l.nonEmpty, []*dfa{m}
	case op.Set == condition.ForAllValues:
		// A lone empty string is a null data set: true.
		set.lang = union(m, l.emptyStr)
	case op.Set == condition.ForAnyValue:
		set.lang = intersect(m, l.nonEmpty)
		if op.IfExists {
			set.lang = union(set.lang, l.emptyStr)
		}
	default:
		set.lang = m
	}
	return set, false
}

// matchLanguage is the set of single request values that match the
// operator against the policy values (after negation). ok is false when
// the operator or a value cannot be expressed as a regular language.
func (l *langs) matchLanguage(base condition.Base, vals []string, variables bool) (*dfa, bool) {
	if len(vals) == 0 {
		return l.none, true
	}
	// Statements often repeat a condition (the audience, say), and each
	// answer is a pure function of the operator and values: build it once.
	var kb strings.Builder
	kb.WriteString(strconv.Itoa(int(base)))
	if variables {
		kb.WriteByte('v')
	}
	for _, v := range vals {
		kb.WriteString(":" + strconv.Itoa(len(v)) + ":")
		kb.WriteString(v)
	}
	key := kb.String()
	if m, ok := l.matches[key]; ok {
		return m.d, m.ok
	}
	d, ok := l.buildMatch(base, vals, variables)
	l.matches[key] = matchAnswer{d, ok}
	return d, ok
}

func (l *langs) buildMatch(base condition.Base, vals []string, variables bool) (*dfa, bool) {
	fam := base.Family()
	if fam != condition.FamilyString && fam != condition.FamilyARN && fam != condition.FamilyBool {
		return nil, false
	}
	var pats [][]elem
	var lits []string // StringEquals values, built as literals below
	for _, v := range vals {
		pv := condition.ExpandValue(v, variables && base.AllowsVariables(), oneKey{})
		if len(pv.Variables) > 0 {
			return nil, false
		}
		switch {
		case pv.Null:
		case base == condition.StringEquals || base == condition.StringNotEquals:
			lits = append(lits, pv.Pattern.Literal())
		case base == condition.StringEqualsIgnoreCase || base == condition.StringNotEqualsIgnoreCase:
			pats = append(pats, l.a.folded(pv.Pattern.Literal()))
		case fam == condition.FamilyBool:
			pats = append(pats, l.a.folded(v))
		case fam == condition.FamilyARN:
			if p, ok := l.a.arn(pv.Pattern); ok {
				pats = append(pats, p)
			}
		default:
			pats = append(pats, l.a.glob(pv.Pattern))
		}
	}
	var m *dfa
	if len(lits) == 1 {
		m = l.literal(lits[0]) // shared with the callers' values
	} else {
		for _, lit := range lits {
			pats = append(pats, l.a.literal(lit))
		}
		m = compile(l.a, pats)
	}
	if m == nil {
		return nil, false
	}
	if base.Negated() {
		m = m.complement()
	}
	return m, true
}

func rawValues(c *policy.Condition) []string {
	out := make([]string, len(c.Values))
	for i, v := range c.Values {
		out[i] = v.Raw
	}
	return out
}
