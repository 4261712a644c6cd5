package standin

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ToValue converts a plain Go value into a tftypes.Value of type t.
//
// Accepted inputs: nil (null), tftypes.Value (used as is), string, bool,
// int, int64, float64, []string, []any, []map[string]any, map[string]string
// and map[string]any (for maps and objects). Object attributes missing from a
// map[string]any become null.
func ToValue(t tftypes.Type, v any) (tftypes.Value, error) {
	if v == nil {
		return tftypes.NewValue(t, nil), nil
	}
	if tv, ok := v.(tftypes.Value); ok {
		return tv, nil
	}
	switch typ := t.(type) {
	case tftypes.List:
		return collectionValue(t, typ.ElementType, v)
	case tftypes.Set:
		return collectionValue(t, typ.ElementType, v)
	case tftypes.Map:
		return mapValue(typ, v)
	case tftypes.Object:
		return objectValue(typ, v)
	}
	raw := v
	if t.Is(tftypes.Number) {
		switch n := v.(type) {
		case int:
			raw = new(big.Float).SetInt64(int64(n))
		case int64:
			raw = new(big.Float).SetInt64(n)
		case float64:
			raw = big.NewFloat(n)
		}
	}
	if err := tftypes.ValidateValue(t, raw); err != nil {
		return tftypes.Value{}, fmt.Errorf("stand-in value %v does not fit type %s: %w", v, t, err)
	}
	return tftypes.NewValue(t, raw), nil
}

func collectionValue(t, elem tftypes.Type, v any) (tftypes.Value, error) {
	var items []any
	switch list := v.(type) {
	case []string:
		for _, s := range list {
			items = append(items, s)
		}
	case []map[string]any:
		for _, m := range list {
			items = append(items, m)
		}
	case []tftypes.Value:
		for _, e := range list {
			items = append(items, e)
		}
	case []any:
		items = list
	default:
		return tftypes.Value{}, fmt.Errorf("stand-in value of Go type %T cannot become %s", v, t)
	}
	out := make([]tftypes.Value, 0, len(items))
	for _, item := range items {
		ev, err := ToValue(elem, item)
		if err != nil {
			return tftypes.Value{}, err
		}
		out = append(out, ev)
	}
	if err := tftypes.ValidateValue(t, out); err != nil {
		return tftypes.Value{}, fmt.Errorf("stand-in collection does not fit %s: %w", t, err)
	}
	return tftypes.NewValue(t, out), nil
}

func mapValue(t tftypes.Map, v any) (tftypes.Value, error) {
	out := map[string]tftypes.Value{}
	switch m := v.(type) {
	case map[string]string:
		for k, s := range m {
			out[k] = tftypes.NewValue(tftypes.String, s)
		}
	case map[string]any:
		for k, item := range m {
			ev, err := ToValue(t.ElementType, item)
			if err != nil {
				return tftypes.Value{}, err
			}
			out[k] = ev
		}
	default:
		return tftypes.Value{}, fmt.Errorf("stand-in value of Go type %T cannot become %s", v, t)
	}
	if err := tftypes.ValidateValue(t, out); err != nil {
		return tftypes.Value{}, fmt.Errorf("stand-in map does not fit %s: %w", t, err)
	}
	return tftypes.NewValue(t, out), nil
}

func objectValue(t tftypes.Object, v any) (tftypes.Value, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("stand-in value of Go type %T cannot become %s", v, t)
	}
	out := map[string]tftypes.Value{}
	for name, at := range t.AttributeTypes {
		ev, err := ToValue(at, m[name])
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("attribute %q: %w", name, err)
		}
		out[name] = ev
	}
	for name := range m {
		if _, known := t.AttributeTypes[name]; !known {
			return tftypes.Value{}, fmt.Errorf("stand-in object has no attribute %q", name)
		}
	}
	if err := tftypes.ValidateValue(t, out); err != nil {
		return tftypes.Value{}, fmt.Errorf("stand-in object does not fit %s: %w", t, err)
	}
	return tftypes.NewValue(t, out), nil
}

// NullUnknowns replaces every unknown value inside v with a null of the same
// type, so that the result can be stored as state after apply.
func NullUnknowns(v tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(v, func(_ *tftypes.AttributePath, val tftypes.Value) (tftypes.Value, error) {
		if !val.IsKnown() {
			return tftypes.NewValue(val.Type(), nil), nil
		}
		return val, nil
	})
}

// KeepPrior copies prior values into planned values that are unknown only
// because they are computed and unset in the configuration. This mimics how
// SDKv2 providers (most of the real ones modelled here) keep computed values
// across an in-place update unless the provider marks them "known after
// apply". Values inside sets are left alone.
func KeepPrior(planned, config, prior tftypes.Value) (tftypes.Value, error) {
	if prior.IsNull() || !prior.IsKnown() {
		return planned, nil
	}
	return tftypes.Transform(planned, func(p *tftypes.AttributePath, val tftypes.Value) (tftypes.Value, error) {
		if val.IsKnown() || len(p.Steps()) == 0 || throughSet(p) {
			return val, nil
		}
		cv, ok := valueAt(config, p)
		if ok && !cv.IsNull() {
			return val, nil // set or unknown in configuration: not ours to fill
		}
		pv, ok := valueAt(prior, p)
		if !ok {
			return val, nil
		}
		return pv, nil
	})
}

func throughSet(p *tftypes.AttributePath) bool {
	for _, step := range p.Steps() {
		if _, ok := step.(tftypes.ElementKeyValue); ok {
			return true
		}
	}
	return false
}

// valueAt returns the value at path p inside v; ok is false when the path
// does not exist (or leads through a null or unknown value).
func valueAt(v tftypes.Value, p *tftypes.AttributePath) (tftypes.Value, bool) {
	got, rest, err := tftypes.WalkAttributePath(v, p)
	if err != nil || (rest != nil && len(rest.Steps()) > 0) {
		return tftypes.Value{}, false
	}
	tv, ok := got.(tftypes.Value)
	return tv, ok
}

// SortedKeys returns the keys of m in ascending order.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
