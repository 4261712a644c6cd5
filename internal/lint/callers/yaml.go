package callers

import (
	"strconv"
	"strings"
)

// ParseYAMLMap reads the subset of YAML that Helm values files use for
// settings such as serviceAccount.name and annotations: nested block
// mappings of scalars, quoted or plain keys and values, comments, empty
// flow collections ({} and []) and simple flow mappings. Sequences and
// block scalars are skipped. It never fails: what it cannot read is left
// out, and several documents (---) are merged.
func ParseYAMLMap(text string) map[string]any {
	root := map[string]any{}
	type frame struct {
		indent int
		m      map[string]any
	}
	stack := []frame{{indent: -1, m: root}}
	skipDeeper := -1 // skip lines indented more than this (sequences, block scalars)
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := stripYAMLComment(raw)
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if skipDeeper >= 0 {
			if indent > skipDeeper || (indent == skipDeeper && strings.HasPrefix(trimmed, "-")) {
				continue
			}
			skipDeeper = -1
		}
		if trimmed == "---" || trimmed == "..." {
			stack = stack[:1]
			continue
		}
		if strings.HasPrefix(trimmed, "- ") || trimmed == "-" {
			skipDeeper = indent
			continue
		}
		key, value, ok := splitYAMLKey(trimmed)
		if !ok {
			continue
		}
		for len(stack) > 1 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1].m
		switch {
		case value == "":
			child, ok := parent[key].(map[string]any)
			if !ok {
				child = map[string]any{}
				parent[key] = child
			}
			stack = append(stack, frame{indent: indent, m: child})
		case strings.HasPrefix(value, "|") || strings.HasPrefix(value, ">"):
			parent[key] = ""
			skipDeeper = indent
		case strings.HasPrefix(value, "{"):
			parent[key] = parseFlowMap(value)
		case strings.HasPrefix(value, "["):
			parent[key] = []any{}
		default:
			parent[key] = yamlScalar(value)
		}
	}
	return root
}

// stripYAMLComment removes a # comment that is not inside quotes.
func stripYAMLComment(line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return line[:i]
		}
	}
	return line
}

// splitYAMLKey splits "key: value" (key possibly quoted).
func splitYAMLKey(s string) (key, value string, ok bool) {
	if s[0] == '"' || s[0] == '\'' {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", "", false
		}
		key = yamlScalar(s[:end+2]).(string)
		rest := strings.TrimSpace(s[end+2:])
		if !strings.HasPrefix(rest, ":") {
			return "", "", false
		}
		return key, strings.TrimSpace(rest[1:]), true
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i == len(s)-1 || s[i+1] == ' ' || s[i+1] == '\t') {
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
		}
	}
	return "", "", false
}

// yamlScalar unquotes a scalar; plain scalars stay strings except for
// true/false.
func yamlScalar(s string) any {
	switch {
	case len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"':
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
		return s[1 : len(s)-1]
	case len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'':
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	case s == "true" || s == "True":
		return true
	case s == "false" || s == "False":
		return false
	}
	return s
}

// parseFlowMap reads {a: b, "c": 'd'} (no nesting).
func parseFlowMap(s string) map[string]any {
	out := map[string]any{}
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}"))
	if s == "" {
		return out
	}
	for _, part := range strings.Split(s, ",") {
		if k, v, ok := splitYAMLKey(strings.TrimSpace(part)); ok {
			out[k] = yamlScalar(v)
		}
	}
	return out
}

// SetPath stores a value at a Helm --set path (dots separate keys, "\."
// is a literal dot): serviceAccount.annotations.eks\.amazonaws\.com/role-arn.
func SetPath(m map[string]any, path string, value any) {
	keys := splitHelmPath(path)
	for i, k := range keys {
		if i == len(keys)-1 {
			m[k] = value
			return
		}
		child, ok := m[k].(map[string]any)
		if !ok {
			child = map[string]any{}
			m[k] = child
		}
		m = child
	}
}

func splitHelmPath(path string) []string {
	var keys []string
	var cur strings.Builder
	for i := 0; i < len(path); i++ {
		switch {
		case path[i] == '\\' && i+1 < len(path):
			i++
			cur.WriteByte(path[i])
		case path[i] == '.':
			keys = append(keys, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(path[i])
		}
	}
	return append(keys, cur.String())
}

// LookupPath reads a dotted path of plain keys from nested maps.
func LookupPath(m map[string]any, keys ...string) (any, bool) {
	var v any = m
	for _, k := range keys {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = mm[k]; !ok {
			return nil, false
		}
	}
	return v, true
}
