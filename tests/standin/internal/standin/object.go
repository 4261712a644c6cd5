package standin

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Object is a mutable view of one known, non-null object value (a resource,
// a data source, a nested block). Setters record the first error instead of
// returning it, so hooks stay short; check Err once at the end.
type Object struct {
	typ   tftypes.Object
	attrs map[string]tftypes.Value
	err   error
}

// NewObject wraps v, which must be a known, non-null object value.
func NewObject(v tftypes.Value) (*Object, error) {
	typ, ok := v.Type().(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("stand-in expected an object value, got %s", v.Type())
	}
	if v.IsNull() || !v.IsKnown() {
		return nil, errors.New("stand-in expected a known, non-null object value")
	}
	attrs := map[string]tftypes.Value{}
	if err := v.As(&attrs); err != nil {
		return nil, fmt.Errorf("stand-in could not read object: %w", err)
	}
	return &Object{typ: typ, attrs: attrs}, nil
}

// Value rebuilds the object value from the current attributes.
func (o *Object) Value() (tftypes.Value, error) {
	if o.err != nil {
		return tftypes.Value{}, o.err
	}
	if err := tftypes.ValidateValue(o.typ, o.attrs); err != nil {
		return tftypes.Value{}, fmt.Errorf("stand-in object became invalid: %w", err)
	}
	return tftypes.NewValue(o.typ, o.attrs), nil
}

// Err returns the first error recorded by a setter.
func (o *Object) Err() error { return o.err }

// Fail records err (the first one wins).
func (o *Object) Fail(err error) {
	if o.err == nil && err != nil {
		o.err = err
	}
}

// Type returns the type of attribute name (nil when there is none).
func (o *Object) Type(name string) tftypes.Type { return o.typ.AttributeTypes[name] }

// Raw returns the value of attribute name.
func (o *Object) Raw(name string) tftypes.Value { return o.attrs[name] }

// IsUnknown reports whether attribute name is unknown.
func (o *Object) IsUnknown(name string) bool {
	v, ok := o.attrs[name]
	return ok && !v.IsKnown()
}

// IsNull reports whether attribute name is null (or absent).
func (o *Object) IsNull(name string) bool {
	v, ok := o.attrs[name]
	return !ok || (v.IsKnown() && v.IsNull())
}

// String returns attribute name as a string and whether it is known and set.
func (o *Object) String(name string) (string, bool) {
	v, ok := o.attrs[name]
	if !ok || !v.IsKnown() || v.IsNull() || !v.Type().Is(tftypes.String) {
		return "", false
	}
	var s string
	if err := v.As(&s); err != nil {
		return "", false
	}
	return s, true
}

// Str returns attribute name as a string, "" when null or unknown.
func (o *Object) Str(name string) string {
	s, _ := o.String(name)
	return s
}

// Bool returns attribute name as a bool and whether it is known and set.
func (o *Object) Bool(name string) (bool, bool) {
	v, ok := o.attrs[name]
	if !ok || !v.IsKnown() || v.IsNull() || !v.Type().Is(tftypes.Bool) {
		return false, false
	}
	var b bool
	if err := v.As(&b); err != nil {
		return false, false
	}
	return b, true
}

// Int returns attribute name as an int64 and whether it is known and set.
func (o *Object) Int(name string) (int64, bool) {
	v, ok := o.attrs[name]
	if !ok || !v.IsKnown() || v.IsNull() || !v.Type().Is(tftypes.Number) {
		return 0, false
	}
	f := new(big.Float)
	if err := v.As(&f); err != nil {
		return 0, false
	}
	n, _ := f.Int64()
	return n, true
}

// Strings returns the known string elements of a list or set attribute.
func (o *Object) Strings(name string) []string {
	return stringElems(o.attrs[name])
}

// StringMap returns the known string entries of a map attribute.
func (o *Object) StringMap(name string) map[string]string {
	v, ok := o.attrs[name]
	out := map[string]string{}
	if !ok || !v.IsKnown() || v.IsNull() {
		return out
	}
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		return out
	}
	for k, e := range m {
		var s string
		if e.IsKnown() && !e.IsNull() && e.As(&s) == nil {
			out[k] = s
		}
	}
	return out
}

// Objects returns the known object elements of a list or set attribute
// (nested blocks and nested attributes).
func (o *Object) Objects(name string) []*Object {
	v, ok := o.attrs[name]
	if !ok || !v.IsKnown() || v.IsNull() {
		return nil
	}
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		return nil
	}
	var out []*Object
	for _, e := range elems {
		if obj, err := NewObject(e); err == nil {
			out = append(out, obj)
		}
	}
	return out
}

// Set stores a Go value (see ToValue) in attribute name.
func (o *Object) Set(name string, v any) {
	t, ok := o.typ.AttributeTypes[name]
	if !ok {
		o.Fail(fmt.Errorf("stand-in schema has no attribute %q", name))
		return
	}
	tv, err := ToValue(t, v)
	if err != nil {
		o.Fail(fmt.Errorf("attribute %q: %w", name, err))
		return
	}
	o.attrs[name] = tv
}

// SetIfUnknown stores v in attribute name only when it is unknown.
func (o *Object) SetIfUnknown(name string, v any) {
	if o.IsUnknown(name) {
		o.Set(name, v)
	}
}

// SetUnknown marks attribute name as unknown ("known after apply").
func (o *Object) SetUnknown(name string) {
	t, ok := o.typ.AttributeTypes[name]
	if !ok {
		o.Fail(fmt.Errorf("stand-in schema has no attribute %q", name))
		return
	}
	o.attrs[name] = tftypes.NewValue(t, tftypes.UnknownValue)
}

// SetObjects stores nested objects in a list or set attribute.
func (o *Object) SetObjects(name string, objs []*Object) {
	vals := make([]tftypes.Value, 0, len(objs))
	for _, obj := range objs {
		v, err := obj.Value()
		if err != nil {
			o.Fail(fmt.Errorf("attribute %q: %w", name, err))
			return
		}
		vals = append(vals, v)
	}
	o.Set(name, vals)
}

func stringElems(v tftypes.Value) []string {
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		return nil
	}
	var out []string
	for _, e := range elems {
		var s string
		if e.IsKnown() && !e.IsNull() && e.As(&s) == nil {
			out = append(out, s)
		}
	}
	return out
}
