package condition

import (
	"strings"
	"unicode/utf8"
)

// Context is the request context a condition is evaluated against.
type Context interface {
	// Lookup returns the values of a condition key. Key names are
	// case-insensitive; implementations receive the name as written
	// and must fold case themselves. present is false when the request
	// does not carry the key.
	Lookup(key string) (values []string, present bool)
}

// PolicyValue is one policy value after policy-variable expansion.
type PolicyValue struct {
	// Text is the value as written in the policy.
	Text string
	// Pattern is the expanded value; characters that came from variables
	// or ${*}/${?} are literal. ExpandValue always sets it; Evaluate sets
	// it only for the glob operators (StringLike, Arn*) and for values with
	// variables, since the others compare the text (see Expanded).
	Pattern Pattern
	// Null is true when a variable had no value and no default: the value
	// matches nothing under positive operators and counts as "not equal"
	// under negated ones.
	Null bool
	// Variables lists the variables used, for explanations.
	Variables []string
	// lit caches the expanded text (Pattern.Literal()); hasLit says it is set.
	lit    string
	hasLit bool
}

// Expanded returns the value as the evaluator sees it, for explanations:
// "<null>" for a null value.
func (v PolicyValue) Expanded() string {
	if v.Null {
		return "<null>"
	}
	return v.literal()
}

// literal is the expanded text with wildcards written as-is.
func (v PolicyValue) literal() string {
	if v.hasLit {
		return v.lit
	}
	return v.Pattern.Literal()
}

// ExpandValue expands policy variables in one policy value.
// When enabled is false (policy Version other than 2012-10-17, or an
// operator that does not take variables) the text is taken literally.
// A variable that names a multivalued or absent key, without a default,
// makes the whole value null.
func ExpandValue(text string, enabled bool, ctx Context) PolicyValue {
	return expandValue(text, enabled, ctx, true)
}

// expandValue is ExpandValue; with needPattern false (operators that do
// not glob) a value without variables gets no compiled Pattern, only its
// text, which saves work on the evaluation hot path.
func expandValue(text string, enabled bool, ctx Context, needPattern bool) PolicyValue {
	v := PolicyValue{Text: text}
	if !enabled || !strings.Contains(text, "${") {
		if needPattern || !utf8.ValidString(text) {
			v.Pattern = CompileGlob(text)
		}
		v.lit, v.hasLit = text, utf8.ValidString(text)
		return v
	}
	pat := make(Pattern, 0, len(text))
	rest := text
	for {
		start := strings.Index(rest, "${")
		if start < 0 {
			pat = append(pat, CompileGlob(rest)...)
			break
		}
		end := strings.IndexByte(rest[start:], '}')
		if end < 0 {
			pat = append(pat, CompileGlob(rest)...)
			break
		}
		pat = append(pat, CompileGlob(rest[:start])...)
		body := rest[start+2 : start+end]
		rest = rest[start+end+1:]
		switch body {
		case "*", "?", "$":
			pat = append(pat, literal(body)...)
			continue
		}
		name, def, hasDefault := splitDefault(body)
		v.Variables = append(v.Variables, name)
		vals, present := ctx.Lookup(name)
		switch {
		case present && len(vals) == 1:
			pat = append(pat, literal(vals[0])...)
		case hasDefault:
			pat = append(pat, literal(def)...)
		default:
			v.Null = true
		}
	}
	if !v.Null {
		v.Pattern = pat
		v.lit, v.hasLit = pat.Literal(), true
	}
	return v
}

// splitDefault splits "key, 'default'" into its parts.
func splitDefault(body string) (name, def string, ok bool) {
	comma := strings.IndexByte(body, ',')
	if comma < 0 {
		return strings.TrimSpace(body), "", false
	}
	name = strings.TrimSpace(body[:comma])
	d := strings.TrimSpace(body[comma+1:])
	if len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\'' {
		return name, d[1 : len(d)-1], true
	}
	return name, d, true
}

func literal(s string) Pattern {
	p := make(Pattern, 0, len(s))
	for _, r := range s {
		p = append(p, patternRune{r: r})
	}
	return p
}
