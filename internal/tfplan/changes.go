package tfplan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// This file reads one resource_changes entry member by member from the
// stream: an entry whose type the options do not keep is skipped without
// decoding anything (its bytes are still checked), and of a kept entry
// only the kept attributes of before, after and the masks are decoded.
// Keys name fields as encoding/json matches them (case-insensitively);
// a field given twice in different spellings is refused as ambiguous.

// changeFields are the members of a resource_changes entry that are read.
var changeFields = []string{"address", "previous_address", "module_address", "mode", "type", "name", "index", "provider_name", "change"}

const (
	fAddress = iota
	fPreviousAddress
	fModuleAddress
	fMode
	fType
	fName
	fIndex
	fProviderName
	fChange
)

// changeBodyFields are the members of an entry's change that are read.
var changeBodyFields = []string{"actions", "before", "after", "after_unknown", "before_sensitive", "after_sensitive"}

// fieldIndex returns the index of the field a key names (-1: none).
func fieldIndex(key string, fields []string) int {
	return slices.Index(fields, key)
}

// caseVariant refuses a key that names one of fields only by ignoring
// case (Unicode folding, as encoding/json matches struct fields): the
// same rule as strictNames for the entries decoded with encoding/json.
func caseVariant(s *stream, key string, fields []string) error {
	for _, f := range fields {
		if strings.EqualFold(key, f) {
			return &strictError{offset: s.keyOffset,
				msg:    fmt.Sprintf("the member %q is a case variant of %q", key, f),
				detail: fmt.Sprintf(" (JSON readers disagree on it: encoding/json reads it as %q, others ignore it)", f)}
		}
	}
	return nil
}

// fieldSet records the fields of an object already read, to refuse one
// given twice (in two spellings: the scanner refuses exact repeats).
type fieldSet uint32

func (fs *fieldSet) add(f int, key string, off int64) error {
	if *fs&(1<<f) != 0 {
		return &strictError{offset: off, msg: "an object repeats the key " + strconv.QuoteToASCII(key) + " in another spelling",
			detail: " (JSON readers disagree on whether keys that differ only in case are the same)"}
	}
	*fs |= 1 << f
	return nil
}

// readChange reads one resource_changes entry. It returns ok false for an
// entry whose mode and type the options do not keep, and otherwise the
// entry with the kept attributes only (keep lists them; nil: all), valid
// until the next call.
func (l *loader) readChange() (rc *rawChange, keep []string, ok bool, err error) {
	s := l.s
	c, err := s.peek()
	if err != nil {
		return nil, nil, false, err
	}
	if c != '{' {
		raw, err := s.capture()
		if err != nil {
			return nil, nil, false, err
		}
		return nil, nil, false, l.expectObject(raw)
	}
	// One entry is read at a time and resourceChange copies what it
	// keeps: the entry's struct is reused.
	rc = &l.entry
	*rc = rawChange{}
	var (
		seen      fieldSet
		mode, typ string
		decided   bool
		badType   error // the first member of the wrong JSON type: an error only when the entry is kept
		change    []byte
		changeAt  int64
	)
	decide := func() {
		if !decided {
			keep, ok = l.opts.wanted(mode, typ)
			decided = true
		}
	}
	err = s.object(func(key string) error {
		f := fieldIndex(key, changeFields)
		if f < 0 {
			if err := caseVariant(s, key, changeFields); err != nil {
				return err
			}
			return s.skip()
		}
		if err := seen.add(f, key, s.offset()); err != nil {
			return err
		}
		switch f {
		case fAddress:
			return s.stringField(key, &rc.Address, &badType)
		case fPreviousAddress:
			return s.stringField(key, &rc.PreviousAddress, &badType)
		case fModuleAddress:
			return s.stringField(key, &rc.ModuleAddress, &badType)
		case fMode:
			err := s.stringField(key, &mode, &badType)
			rc.Mode = tfjson.ResourceMode(mode)
			return err
		case fType:
			err := s.stringField(key, &typ, &badType)
			rc.Type = typ
			return err
		case fName:
			return s.stringField(key, &rc.Name, &badType)
		case fProviderName:
			return s.stringField(key, &rc.ProviderName, &badType)
		case fIndex:
			var err error
			rc.Index, err = s.anyValue()
			return err
		}
		// fChange. Terraform writes mode and type first: the entry is
		// decided here, and an entry not kept is skipped unread.
		if seen&(1<<fMode) != 0 && seen&(1<<fType) != 0 {
			decide()
			if !ok {
				return s.skip()
			}
			return s.readChangeBody(keep, &rc.Change, &l.memo)
		}
		// Written before mode or type (keys sorted, as jq -S leaves a
		// plan): kept undecoded until the entry is decided. The bytes are
		// only decoded from (the values copy what they keep), so one
		// buffer serves every entry.
		changeAt = s.offset()
		raw, err := s.capture()
		change = append(l.deferred[:0], raw...)
		l.deferred = change
		return err
	})
	if err != nil {
		return nil, nil, false, err
	}
	decide()
	if !ok {
		return nil, nil, false, nil
	}
	if badType != nil {
		return nil, nil, false, badType
	}
	if change != nil {
		rs := &stream{src: eofReader{}, buf: change, end: len(change), base: changeAt, checked: true}
		if err := rs.readChangeBody(keep, &rc.Change, &l.memo); err != nil {
			return nil, nil, false, err
		}
	}
	return rc, keep, true, nil
}

// readChangeBody reads an entry's change: the actions, and the kept
// attributes of before, after and the masks. A member of after (or of
// after_sensitive) with the same bytes as the same member of before (of
// before_sensitive) is not decoded again: before's value is used (the
// bytes are still scanned and checked; load shares equal parts anyway).
func (s *stream) readChangeBody(keep []string, ch *tfjson.Change, memo *[2]sideMemo) error {
	var seen fieldSet
	memo[0].reset()
	memo[1].reset()
	return s.object(func(key string) error {
		f := fieldIndex(key, changeBodyFields)
		if f < 0 {
			if err := caseVariant(s, key, changeBodyFields); err != nil {
				return err
			}
			return s.skip() // importing, generated_config, replace_paths, identities: not used
		}
		if err := seen.add(f, key, s.offset()); err != nil {
			return err
		}
		var err error
		switch f {
		case 0:
			if err = s.decode(&ch.Actions); err != nil {
				var te *json.UnmarshalTypeError
				if asTypeError(err, &te) && te.Field == "" {
					te.Field = "change.actions"
				}
			}
		case 1:
			ch.Before, err = s.prunedValue(keep, &memo[0], nil)
		case 2:
			ch.After, err = s.prunedValue(keep, nil, &memo[0])
		case 3:
			ch.AfterUnknown, err = s.prunedValue(keep, nil, nil)
		case 4:
			ch.BeforeSensitive, err = s.prunedValue(keep, &memo[1], nil)
		case 5:
			ch.AfterSensitive, err = s.prunedValue(keep, nil, &memo[1])
		}
		return err
	})
}

// sideMemo holds the members of one side of a change as read (their
// bytes and decoded values), for the other side to reuse a member with
// the same bytes. One is reused from entry to entry.
type sideMemo struct {
	buf  []byte
	ents []memoEntry
}

// memoEntry is one member: key (whole for a value not read by member),
// its bytes buf[lo:hi] and its value.
type memoEntry struct {
	key    string
	whole  bool
	lo, hi int
	v      any
}

func (m *sideMemo) reset() {
	clear(m.ents) // drop the values for the collector
	m.buf, m.ents = m.buf[:0], m.ents[:0]
}

func (m *sideMemo) add(key string, whole bool, raw []byte, v any) {
	lo := len(m.buf)
	m.buf = append(m.buf, raw...)
	m.ents = append(m.ents, memoEntry{key: key, whole: whole, lo: lo, hi: len(m.buf), v: v})
}

// find returns the value recorded for key with the same bytes as raw.
func (m *sideMemo) find(key string, whole bool, raw []byte) (any, bool) {
	for _, e := range m.ents {
		if e.key == key && e.whole == whole {
			return e.v, bytes.Equal(m.buf[e.lo:e.hi], raw)
		}
	}
	return nil, false
}

func asTypeError(err error, te **json.UnmarshalTypeError) bool {
	t, ok := err.(*json.UnmarshalTypeError)
	if ok {
		*te = t
	}
	return ok
}

// prunedValue decodes the next value, of an object only the members keep
// lists (all when keep is nil), as pruneObject would leave it; the other
// members are skipped undecoded. The values read are recorded in record
// (when not nil); a value whose bytes reuse recorded is not decoded again.
func (s *stream) prunedValue(keep []string, record, reuse *sideMemo) (any, error) {
	c, err := s.peek()
	if err != nil {
		return nil, err
	}
	if c != '{' || keep == nil {
		return s.memoValue("", true, record, reuse)
	}
	out := map[string]any{}
	err = s.object(func(k string) error {
		if !slices.Contains(keep, k) {
			return s.skip()
		}
		v, err := s.memoValue(k, false, record, reuse)
		out[k] = v
		return err
	})
	return out, err
}

// memoValue decodes the next value (the member key, or the whole value),
// unless reuse holds the same bytes for it; it records it in record.
func (s *stream) memoValue(key string, whole bool, record, reuse *sideMemo) (any, error) {
	if record == nil && reuse == nil {
		return s.anyValue()
	}
	start := s.offset()
	raw, err := s.capture()
	if err != nil {
		return nil, err
	}
	if reuse != nil {
		if v, same := reuse.find(key, whole, raw); same {
			return v, nil
		}
	}
	v, err := decodeAny(raw, start)
	if err == nil && record != nil {
		record.add(key, whole, raw, v)
	}
	return v, err
}

// anyValue decodes the next value as encoding/json decodes into an `any`.
func (s *stream) anyValue() (any, error) {
	if _, err := s.peek(); err != nil {
		return nil, err
	}
	start := s.offset()
	raw, err := s.capture()
	if err != nil {
		return nil, err
	}
	return decodeAny(raw, start)
}

// stringField decodes a string member into dst. null leaves dst as it is
// (as encoding/json does); another JSON type is recorded in *bad (the
// first one only) and skipped.
func (s *stream) stringField(field string, dst *string, bad *error) error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	off := s.offset()
	switch c {
	case '"':
		raw, err := s.capture()
		if err != nil {
			return err
		}
		*dst, err = decodeString(raw)
		return err
	case 'n':
		return s.skip()
	}
	if *bad == nil {
		*bad = &json.UnmarshalTypeError{Value: jsonKind(c), Type: reflect.TypeFor[string](), Field: field, Offset: off}
	}
	return s.skip()
}

// jsonKind names the JSON type of a value by its first byte, in
// encoding/json's words.
func jsonKind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}
