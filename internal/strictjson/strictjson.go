// Package strictjson closes a gap between encoding/json and the readers
// stsguard is compared with: json.Unmarshal matches an object member to a
// struct field ignoring case (Unicode simple folding: "TYPE", "Type" and
// "typE" all fill the field tagged "type", and so do "ſ" for "s" and the
// Kelvin sign for "k"), so {"type":"a","TYPE":"b"} passes an exact-key
// duplicate check and the last spelling silently wins. CheckNames refuses
// any member that fills a struct field without being spelt exactly as the
// field's name. It walks the document along the Go type it is decoded
// into, and knows no IAM, plan or token.
//
// Files: strictjson.go (CheckNames, NameError), skip.go (a byte-level walk
// of a valid JSON document).
package strictjson

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// NameError is a member whose name matches a struct field only by
// ignoring case.
type NameError struct {
	// Path is the JSON path of the object holding the member, e.g.
	// `$.change` or `$.keys[0]`.
	Path string
	// Got is the member as written; Want the field's name.
	Got, Want string
	// Offset is the byte offset of the member name in the document.
	Offset int
}

func (e *NameError) Error() string {
	return fmt.Sprintf("member %q of %s (at byte %d) must be spelt %q: member names are case-sensitive here; a JSON reader that folds case would read it as %q, another would not, so stsguard refuses it", e.Got, e.Path, e.Offset, e.Want, e.Want)
}

// CheckNames reports the first member of data (a valid JSON document that
// json.Unmarshal decodes into v without error) that fills a field of a
// struct in v's type without being spelt exactly as that field's name.
// Values decoded by a type's own UnmarshalJSON, into interfaces, maps of
// interfaces or json.RawMessage are not looked into: their names are
// data, not fields.
func CheckNames(data []byte, v any) error {
	t := reflect.TypeOf(v)
	w := &walker{data: data}
	w.skipSpace()
	return w.value(t, "$")
}

var unmarshaler = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

// fields maps a struct's JSON member names to their types.
type fields struct {
	exact map[string]reflect.Type
	names []string
}

var cache sync.Map // reflect.Type -> *fields

func fieldsOf(t reflect.Type) *fields {
	if f, ok := cache.Load(t); ok {
		return f.(*fields)
	}
	f := &fields{exact: map[string]reflect.Type{}}
	collect(t, f, 0)
	cache.Store(t, f)
	return f
}

func collect(t reflect.Type, f *fields, depth int) {
	if depth > 8 {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := sf.Type
		if sf.Anonymous && name == "" {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				collect(et, f, depth+1)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if _, dup := f.exact[name]; !dup {
			f.exact[name] = ft
			f.names = append(f.names, name)
		}
	}
}

// normalize strips pointers and reports whether names under t are fields
// to check (false for nil, interfaces and custom unmarshalers).
func normalize(t reflect.Type) (reflect.Type, bool) {
	for t != nil {
		if t.Implements(unmarshaler) || reflect.PointerTo(t).Implements(unmarshaler) {
			return nil, false
		}
		if t.Kind() != reflect.Pointer {
			break
		}
		t = t.Elem()
	}
	if t == nil || t.Kind() == reflect.Interface {
		return nil, false
	}
	return t, true
}

func (w *walker) value(t reflect.Type, path string) error {
	t, check := normalize(t)
	if !check {
		w.skipValue()
		return nil
	}
	switch w.peek() {
	case '{':
		return w.object(t, path)
	case '[':
		var elem reflect.Type
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			elem = t.Elem()
		}
		w.pos++
		for i := 0; ; i++ {
			w.skipSpace()
			if w.peek() == ']' {
				w.pos++
				return nil
			}
			if err := w.value(elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
			w.skipSpace()
			if w.peek() == ',' {
				w.pos++
			}
		}
	}
	w.skipValue()
	return nil
}

func (w *walker) object(t reflect.Type, path string) error {
	var fs *fields
	var elem reflect.Type
	switch t.Kind() {
	case reflect.Struct:
		fs = fieldsOf(t)
	case reflect.Map:
		elem = t.Elem()
	}
	w.pos++
	for {
		w.skipSpace()
		if w.peek() == '}' {
			w.pos++
			return nil
		}
		at := w.pos
		key := w.key()
		w.skipSpace()
		w.pos++ // ':'
		w.skipSpace()
		sub := elem
		if fs != nil {
			var ok bool
			if sub, ok = fs.exact[key]; !ok {
				for _, name := range fs.names {
					if strings.EqualFold(key, name) {
						return &NameError{Path: path, Got: key, Want: name, Offset: at}
					}
				}
			}
		}
		if err := w.value(sub, path+"."+key); err != nil {
			return err
		}
		w.skipSpace()
		if w.peek() == ',' {
			w.pos++
		}
	}
}
