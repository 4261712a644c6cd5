package redact

import (
	"sort"
	"strings"
)

// MinAnywhere is the length from which a sensitive value is replaced
// wherever it occurs in a text. A shorter value ("qa", "1") is replaced
// where it stands as a value: not glued to a letter, digit or '_' on a
// side where the value itself begins or ends with one, so that the
// environment "qa" is removed from "environment:qa" and "\"qa\"" but not
// from "aws_iam_role.qa_deploy".
const MinAnywhere = 6

// Marks is a set of sensitive values and the derived forms of each.
type Marks struct {
	former *Former
	values map[string][]string // value -> its forms
}

// Former computes the forms of values once for many sets of marks.
type Former struct {
	extra []func(string) string
	cache map[string][]string
}

// NewFormer returns a Former; extra are further forms values are written
// in (see Forms).
func NewFormer(extra ...func(string) string) *Former {
	return &Former{extra: extra, cache: map[string][]string{}}
}

// Marks starts an empty set sharing the Former's forms.
func (f *Former) Marks() *Marks { return &Marks{former: f, values: map[string][]string{}} }

func (f *Former) forms(v string) []string {
	if fs, ok := f.cache[v]; ok {
		return fs
	}
	fs := Forms(v, f.extra...)
	f.cache[v] = fs
	return fs
}

// NewMarks starts an empty set with its own forms (see NewFormer).
func NewMarks(extra ...func(string) string) *Marks { return NewFormer(extra...).Marks() }

// Add marks values sensitive ("" is ignored).
func (m *Marks) Add(values ...string) {
	for _, v := range values {
		if v == "" {
			continue
		}
		if _, ok := m.values[v]; !ok {
			m.values[v] = m.former.forms(v)
		}
	}
}

// AddAll adds every value of other.
func (m *Marks) AddAll(other *Marks) {
	if other == nil {
		return
	}
	for v, f := range other.values {
		if _, ok := m.values[v]; !ok {
			m.values[v] = f
		}
	}
}

// Len is the number of marked values.
func (m *Marks) Len() int {
	if m == nil {
		return 0
	}
	return len(m.values)
}

// Values lists the marked values in order.
func (m *Marks) Values() []string {
	out := make([]string, 0, len(m.values))
	for v := range m.values {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// Redact replaces every form of every marked value in text with
// Placeholder, whatever the value's length (see MinAnywhere), and then
// every JSON Web Token. An occurrence at text[start:end] for which kept
// returns true (it lies inside a resource address: Terraform refuses
// sensitive values in for_each keys, so an address never holds one) is
// left as it is; kept may be nil.
func (m *Marks) Redact(text string, kept func(text string, start, end int) bool) string {
	if m.Len() == 0 || text == "" {
		return JWTs(text)
	}
	var cut [][2]int
	for v, forms := range m.values {
		short := len(v) < MinAnywhere
		for _, f := range forms {
			for i := 0; i < len(text); {
				j := strings.Index(text[i:], f)
				if j < 0 {
					break
				}
				start, end := i+j, i+j+len(f)
				i = start + 1
				if short && !standsAlone(text, f, start, end) {
					continue
				}
				if kept != nil && kept(text, start, end) {
					continue
				}
				cut = append(cut, [2]int{start, end})
			}
		}
	}
	if len(cut) == 0 {
		return JWTs(text)
	}
	sort.Slice(cut, func(i, j int) bool { return cut[i][0] < cut[j][0] })
	var b strings.Builder
	at := 0
	for k := 0; k < len(cut); {
		start, end := cut[k][0], cut[k][1]
		for k++; k < len(cut) && cut[k][0] < end; k++ {
			end = max(end, cut[k][1])
		}
		b.WriteString(text[at:start])
		b.WriteString(Placeholder)
		at = end
	}
	b.WriteString(text[at:])
	return JWTs(b.String())
}

// Replacer returns a function that replaces every form of the marked
// values of at least MinAnywhere characters wherever they occur, and then
// every JSON Web Token: the plan-wide backstop, cheap for many values.
func (m *Marks) Replacer() func(string) string {
	var forms []string
	for v, f := range m.values {
		if len(v) >= MinAnywhere {
			forms = append(forms, f...)
		}
	}
	sortLongestFirst(forms)
	if len(forms) == 0 {
		return JWTs
	}
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		pairs = append(pairs, f, Placeholder)
	}
	rep := strings.NewReplacer(pairs...)
	return func(text string) string { return JWTs(rep.Replace(text)) }
}

// ident reports whether c is a letter, digit or '_'.
func ident(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// standsAlone reports whether the form f at text[start:end] is not glued
// to an identifier character on a side where f itself has one.
func standsAlone(text, f string, start, end int) bool {
	if start > 0 && ident(f[0]) && ident(text[start-1]) {
		return false
	}
	if end < len(text) && ident(f[len(f)-1]) && ident(text[end]) {
		return false
	}
	return true
}
