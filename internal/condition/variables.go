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
	// notes are the undocumented rules the expansion relied on.
	notes notes
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
// makes the whole value null; a key given with an empty list of values is
// absent. A multivalued key has no value as a variable even when the
// request gives it one (AssumeMultiValueVariable): "You can't use a
// multivalued condition key as a variable".
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
			v.notes |= noteVariableSyntax
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
		name, def, hasDefault, canonical := splitDefault(body)
		if !canonical {
			v.notes |= noteVariableSyntax
		}
		v.Variables = append(v.Variables, name)
		vals, present := ctx.Lookup(name)
		multi := present && multivalued(ctx, name, vals)
		switch {
		case multi:
			v.notes |= noteMultiValueVariable
		case present && len(vals) == 0:
			v.notes |= noteEmptyValueList
		}
		switch {
		case present && len(vals) == 1 && !multi:
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

// splitDefault splits "key, 'default'" into its parts. canonical is false
// when the text is not written as the documentation writes it, "key" or
// "key, 'default'" with exactly one space after the comma and no spaces
// around the name; it is then read the same way
// (AssumeVariableSyntax).
func splitDefault(body string) (name, def string, ok, canonical bool) {
	comma := strings.IndexByte(body, ',')
	if comma < 0 {
		name = strings.TrimSpace(body)
		return name, "", false, name == body
	}
	name = strings.TrimSpace(body[:comma])
	raw := body[comma+1:]
	d := strings.TrimSpace(raw)
	quoted := len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\''
	canonical = name == body[:comma] && quoted && raw == " "+d
	if quoted {
		return name, d[1 : len(d)-1], true, canonical
	}
	return name, d, true, canonical
}

func literal(s string) Pattern {
	p := make(Pattern, 0, len(s))
	for _, r := range s {
		p = append(p, patternRune{r: r})
	}
	return p
}
