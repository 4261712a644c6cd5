package callers

import (
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/yamldoc"
)

// ParseYAMLMap reads a Helm values document (a helm_release values
// string) with the project's YAML reader and returns its mapping; several
// documents (---) are merged in order. It never fails: text that is not
// YAML, or whose top level is not a mapping, gives an empty map (Helm
// would refuse it when the plan is applied, so no service account comes
// from it).
func ParseYAMLMap(text string) map[string]any {
	root := map[string]any{}
	docs, err := yamldoc.Parse([]byte(text))
	if err != nil {
		return root
	}
	for _, d := range docs {
		if m, ok := d.Value.(map[string]any); ok {
			MergeMaps(root, m)
		}
	}
	return root
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
