package tfplan

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Redacted replaces a sensitive value in every output (the same text as
// redact.Placeholder, which the linter's redaction writes).
const Redacted = "(sensitive value)"

// minSecretLen is the shortest sensitive string that marks an equal value
// elsewhere in the plan sensitive (see isSensitive). Redaction itself
// (internal/redact, applied by the linter) removes values of any length.
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
	collectStrings(value, false, func(v string) {
		if p.sensitive == nil {
			p.sensitive = map[string]bool{}
		}
		p.sensitive[v] = true
	})
}

// collectStrings calls add for every string in a decoded JSON value, of
// any length. With deep, map keys are added too, and a string that holds
// a JSON document (a policy written with jsonencode) adds the strings
// inside it: messages quote the parsed values, not the whole text. The
// plan-wide set is not deep: it is replaced in every message, and the
// words of a policy ("Statement") would blank out every finding.
func collectStrings(value any, deep bool, add func(string)) {
	switch v := value.(type) {
	case string:
		if v == "" {
			return
		}
		add(v)
		if t := strings.TrimSpace(v); deep && len(t) > 1 && (t[0] == '{' || t[0] == '[') {
			var inner any
			if json.Unmarshal([]byte(t), &inner) == nil {
				collectStrings(inner, deep, add)
			}
		}
	case map[string]any:
		for k, x := range v {
			if deep {
				add(k)
			}
			collectStrings(x, deep, add)
		}
	case []any:
		for _, x := range v {
			collectStrings(x, deep, add)
		}
	}
}

// markedStrings calls add for every string under a true mark of a mask.
func markedStrings(value, mask any, add func(string)) {
	switch m := mask.(type) {
	case bool:
		if m {
			collectStrings(value, true, add)
		}
	case map[string]any:
		v, _ := value.(map[string]any)
		for k, sub := range m {
			markedStrings(v[k], sub, add)
		}
	case []any:
		v, _ := value.([]any)
		for i, sub := range m {
			if i < len(v) {
				markedStrings(v[i], sub, add)
			}
		}
	}
}

// SensitiveValues lists every string the resource's sensitive masks mark,
// on either side, whatever its length (map keys and the strings inside a
// marked JSON document included): the values a message about the
// resource must not print.
func (r *Resource) SensitiveValues() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	markedStrings(r.Before, r.BeforeSensitive, add)
	markedStrings(r.After, r.AfterSensitive, add)
	sort.Strings(out)
	return out
}

// SensitiveValues lists every sensitive string of the plan, whatever its
// length: under the resources' sensitive masks, in root variables declared
// sensitive, and credentials in provider blocks.
func (p *Plan) SensitiveValues() []string {
	out := make([]string, 0, len(p.sensitive))
	for s := range p.sensitive {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
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
// sensitive, and their names: a value followed through one is sensitive.
func (p *Plan) noteSensitiveVariables(vars map[string]*tfjson.ConfigVariable) {
	for name, v := range vars {
		if v != nil && v.Sensitive {
			if p.sensitiveVars == nil {
				p.sensitiveVars = map[string]bool{}
			}
			p.sensitiveVars[name] = true
			p.noteStrings(p.variables[name])
			p.noteStrings(v.Default)
		}
	}
}

// isSensitive reports whether a string of at least minSecretLen
// characters is a recorded sensitive value: a known value equal to one is
// marked even where the plan does not mark it (shorter ones, "true", "1",
// would mark ordinary values).
func (p *Plan) isSensitive(s string) bool { return len(s) >= minSecretLen && p.sensitive[s] }
