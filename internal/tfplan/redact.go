package tfplan

import (
	"regexp"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Redacted replaces a sensitive value in every output.
const Redacted = "(sensitive value)"

// minSecretLen is the shortest sensitive string that is redacted; shorter
// ones ("true", "1") would blank out ordinary words.
const minSecretLen = 6

// NoteSensitive records every string under a true mark of a sensitive
// mask (before_sensitive, after_sensitive, sensitive_values).
func (p *Plan) NoteSensitive(value, mask any) {
	switch m := mask.(type) {
	case bool:
		if m {
			p.noteStrings(value)
		}
	case map[string]any:
		v, _ := value.(map[string]any)
		for k, sub := range m {
			p.NoteSensitive(v[k], sub)
		}
	case []any:
		v, _ := value.([]any)
		for i, sub := range m {
			if i < len(v) {
				p.NoteSensitive(v[i], sub)
			}
		}
	}
}

func (p *Plan) noteStrings(value any) {
	switch v := value.(type) {
	case string:
		if len(v) >= minSecretLen {
			if p.sensitive == nil {
				p.sensitive = map[string]bool{}
			}
			p.sensitive[v] = true
		}
	case map[string]any:
		for _, x := range v {
			p.noteStrings(x)
		}
	case []any:
		for _, x := range v {
			p.noteStrings(x)
		}
	}
}

// secretAttr matches provider arguments that hold credentials.
var secretAttr = regexp.MustCompile(`(?i)(token|password|secret|private|key$|_key|credential)`)

// noteProviderSecrets records credentials written in provider blocks (real
// plans carry EKS bearer tokens there with no sensitive mark).
func (p *Plan) noteProviderSecrets(pc *tfjson.ProviderConfig) {
	if pc == nil {
		return
	}
	var walk func(map[string]*tfjson.Expression)
	walk = func(exprs map[string]*tfjson.Expression) {
		for k, e := range exprs {
			if e == nil || e.ExpressionData == nil {
				continue
			}
			for _, nb := range e.NestedBlocks {
				walk(nb)
			}
			if secretAttr.MatchString(k) {
				p.noteStrings(e.ConstantValue)
			}
		}
	}
	walk(pc.Expressions)
}

// noteSensitiveVariables records the values of root variables declared
// sensitive.
func (p *Plan) noteSensitiveVariables(vars map[string]*tfjson.ConfigVariable) {
	for name, v := range vars {
		if v != nil && v.Sensitive {
			p.noteStrings(p.variables[name])
			p.noteStrings(v.Default)
		}
	}
}

// isSensitive reports whether a string is a recorded sensitive value.
func (p *Plan) isSensitive(s string) bool { return p.sensitive[s] }

// jwtLike matches JSON Web Tokens (bearer tokens) wherever they appear.
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)

// Redactor returns a function that removes every sensitive value the plan
// marks, every credential from provider blocks and every token-like
// string from a text. Renderers pass all output through it.
func (p *Plan) Redactor() func(string) string { return Redactor(p) }

// Redactor is Plan.Redactor over several plans linted together: the
// sensitive values of all of them, longest first, so that a value of one
// plan that contains a value of another is removed whole.
func Redactor(plans ...*Plan) func(string) string {
	seen := map[string]bool{}
	var secrets []string
	for _, p := range plans {
		for s := range p.sensitive {
			if !seen[s] {
				seen[s] = true
				secrets = append(secrets, s)
			}
		}
	}
	sort.Slice(secrets, func(i, j int) bool {
		if len(secrets[i]) != len(secrets[j]) {
			return len(secrets[i]) > len(secrets[j])
		}
		return secrets[i] < secrets[j]
	})
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, Redacted)
	}
	rep := strings.NewReplacer(pairs...)
	return func(text string) string {
		if len(pairs) > 0 {
			text = rep.Replace(text)
		}
		return jwtLike.ReplaceAllString(text, "(token)")
	}
}
