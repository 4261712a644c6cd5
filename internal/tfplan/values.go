package tfplan

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
)

// Get follows a path of object keys (string) and list indexes (int)
// through a decoded JSON value.
func Get(v any, path ...any) (any, bool) {
	for _, step := range path {
		switch s := step.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = m[s]; !ok {
				return nil, false
			}
		case int:
			l, ok := v.([]any)
			if !ok || s < 0 || s >= len(l) {
				return nil, false
			}
			v = l[s]
		}
	}
	return v, true
}

// maskAt reports whether a mask (after_unknown, *_sensitive) marks the
// value at path, or anything above it, true.
func maskAt(mask any, path ...any) bool {
	for _, step := range path {
		if b, ok := mask.(bool); ok {
			return b
		}
		var ok bool
		if mask, ok = Get(mask, step); !ok {
			return false
		}
	}
	b, _ := mask.(bool)
	return b
}

// UnknownAt reports whether the value at path is unknown until apply.
func (r *Resource) UnknownAt(s Side, path ...any) bool {
	return s == After && maskAt(r.AfterUnknown, path...)
}

// SensitiveAt reports whether the value at path is marked sensitive.
func (r *Resource) SensitiveAt(s Side, path ...any) bool {
	if s == Before {
		return maskAt(r.BeforeSensitive, path...)
	}
	return maskAt(r.AfterSensitive, path...)
}

// StringAt returns the string at path on one side ("" and false when absent,
// null, unknown or not a string).
func (r *Resource) StringAt(s Side, path ...any) (string, bool) {
	v, ok := Get(r.Values(s), path...)
	if !ok {
		return "", false
	}
	str, ok := v.(string)
	return str, ok
}

// BoolAt returns the bool at path (def when absent or unknown).
func (r *Resource) BoolAt(s Side, def bool, path ...any) bool {
	v, ok := Get(r.Values(s), path...)
	if !ok {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		return def
	}
	return b
}

// StringsAt returns the string elements of a list or set at path.
func (r *Resource) StringsAt(s Side, path ...any) []string {
	v, _ := Get(r.Values(s), path...)
	return StringList(v)
}

func StringList(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// ObjectsAt returns the object elements of a list or set at path.
func (r *Resource) ObjectsAt(s Side, path ...any) []map[string]any {
	v, _ := Get(r.Values(s), path...)
	l, _ := v.([]any)
	out := make([]map[string]any, 0, len(l))
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// StringMapAt returns the string values of a map at path.
func (r *Resource) StringMapAt(s Side, path ...any) map[string]string {
	v, _ := Get(r.Values(s), path...)
	m, _ := v.(map[string]any)
	out := make(map[string]string, len(m))
	for k, e := range m {
		if s, ok := e.(string); ok {
			out[k] = s
		}
	}
	return out
}

// IndexKey renders a count or for_each key the way addresses write it:
// 0, "name".
func IndexKey(v any) string {
	switch k := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(k, 'f', -1, 64)
	case string:
		return strconv.Quote(k)
	}
	return fmt.Sprint(v)
}

// SortedKeys returns a map's keys in order.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// pruneObject keeps only the listed top-level attributes of a value map
// (all when keep is nil). Non-object values are returned unchanged.
func pruneObject(v any, keep []string) any {
	m, ok := v.(map[string]any)
	if !ok || keep == nil {
		return v
	}
	n := 0
	for _, k := range keep {
		if _, found := m[k]; found {
			n++
		}
	}
	// Sized to what is kept: most maps keep a few attributes, and the
	// unknown and sensitive masks often none.
	out := make(map[string]any, n)
	for _, k := range keep {
		if x, found := m[k]; found {
			out[k] = x
		}
	}
	return out
}

// shareEqual makes b share every part that is equal to the same part of
// a: the before and after values of a resource are decoded separately,
// though for most resources of a plan they are equal, and holding them
// once keeps the plan's memory near what it would be with one side only.
// It returns b, with its equal parts replaced by a's, and whether b equals
// a (then a itself should be used). b must not be shared with anything.
func shareEqual(b, a any) (any, bool) {
	switch bv := b.(type) {
	case map[string]any:
		av, ok := a.(map[string]any)
		if !ok {
			return b, false
		}
		if sameMapObject(bv, av) {
			return av, true // decoded once (readChangeBody)
		}
		same := len(bv) == len(av)
		for k, x := range bv {
			y, found := av[k]
			if !found {
				same = false
				continue
			}
			nx, eq := shareEqual(x, y)
			if eq {
				bv[k] = y
			} else {
				bv[k] = nx
			}
			same = same && eq
		}
		return bv, same
	case []any:
		av, ok := a.([]any)
		if !ok {
			return b, false
		}
		same := len(bv) == len(av)
		for i, x := range bv {
			if i >= len(av) {
				break
			}
			nx, eq := shareEqual(x, av[i])
			if eq {
				bv[i] = av[i]
			} else {
				bv[i] = nx
			}
			same = same && eq
		}
		return bv, same
	case string:
		as, ok := a.(string)
		return b, ok && as == bv
	case float64:
		af, ok := a.(float64)
		return b, ok && af == bv
	case bool:
		ab, ok := a.(bool)
		return b, ok && ab == bv
	case nil:
		return b, a == nil
	}
	return b, false
}

// sameMapObject reports whether a and b are the same map (not only equal).
func sameMapObject(a, b map[string]any) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}
