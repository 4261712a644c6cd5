package tfplan

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strconv"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// FuzzScan: the streaming scanner accepts exactly the inputs that
// encoding/json.Valid accepts that are also valid UTF-8, have no unpaired
// surrogate escape and no duplicate object key (strictValid), so no
// malformed or ambiguous plan is read and no valid one refused.
func FuzzScan(f *testing.F) {
	for _, seed := range []string{`{}`, `[1,2,{"a":"b"}]`, `"\\u00e9"`, `{"a":`, `1e5`, `-0.5E-3`, `[,]`, `"\x01"`, `{"a":1,}`, `nul`, `[1] x`,
		`{"a":1,"a":2}`, `{"a":1,"\u0061":2}`, `{"a":{"b":1},"c":{"b":2}}`, `[{"k":1},{"k":1}]`, "\"\xff\"", "\"\xe2\x82\"", `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00"`, `{"\ud800":1}`, "{\"\xc3\xa9\":1,\"\\u00e9\":2}",
		`{"aaaaaaaaaaaaaaaa":1,"aaaaaaaaaaaaaaa\u0061":2}`, `{"aaaaaaaaaaaaaaaaa":1,"aaaaaaaaaaaaaaaa\u0061":2}`, `{"a":1,"a\u0000":2}`, `{"a\u0000":1,"a\u0000":2}`,
		`{"aaaaaaaaaaaaaaaa":1,"aaaaaaaaaaaaaaaab":2}`, `{"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9":1,"ééééééé\u00e9":2}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		valid := strictValid(data)
		// One byte per read as well, so that every character, escape and
		// key straddles the scanner's buffer.
		for _, r := range []io.Reader{bytes.NewReader(data), iotest.OneByteReader(bytes.NewReader(data))} {
			s := newStream(r)
			err := s.skip()
			if err == nil {
				var eof bool
				if eof, err = s.atEOF(); err == nil && !eof {
					err = s.fail("trailing data")
				}
			}
			if valid != (err == nil) {
				t.Fatalf("strictValid = %v but the scanner (%T) says %v for %q", valid, r, err, data)
			}
		}
	})
}

// FuzzLoad: Load never panics, accepts only valid JSON, and decodes every
// resource change it keeps exactly as encoding/json does (after keeping
// only the attributes the options name).
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[]}`))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_iam_role.r","type":"aws_iam_role","mode":"managed","change":{"actions":["create"],"after":{"assume_role_policy":"{}","tags":{"a":"b"}}}}]}`))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_iam_role.r","type":"aws_iam_role","mode":"managed","change":{"actions":["update"],"before":{"arn":"x","name":"n"},"after":{"arn":"x","name":"m"},"after_unknown":{"id":true}}}]}`))
	f.Add([]byte("\xff\xfe{\x00}\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Load(bytes.NewReader(data), "fuzz", testOptions)
		if err != nil {
			return
		}
		text, err := textReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("Load accepted what textReader refuses: %v", err)
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(text); err != nil {
			t.Fatal(err)
		}
		if !strictValid(buf.Bytes()) {
			t.Fatalf("Load accepted invalid or ambiguous JSON %q", data)
		}
		var doc struct {
			ResourceChanges []struct {
				Address, Mode, Type string
				Change              struct {
					Before, After any
					AfterUnknown  any `json:"after_unknown"`
				}
			} `json:"resource_changes"`
		}
		if json.Unmarshal(buf.Bytes(), &doc) != nil {
			return // a valid document of another shape: nothing to compare
		}
		byAddress := map[string]int{}
		for i, rc := range doc.ResourceChanges {
			byAddress[rc.Address] = i
		}
		for _, r := range p.Resources {
			i, ok := byAddress[r.Address]
			if r.FromState || !ok {
				continue
			}
			rc := doc.ResourceChanges[i]
			keep, _ := testOptions.wanted(rc.Mode, rc.Type)
			want := func(v any) map[string]any { m, _ := pruneObject(v, keep).(map[string]any); return m }
			if !reflect.DeepEqual(r.Before, want(rc.Change.Before)) || !reflect.DeepEqual(r.After, want(rc.Change.After)) ||
				!reflect.DeepEqual(r.AfterUnknown, want(rc.Change.AfterUnknown)) {
				t.Fatalf("%s decoded differently from encoding/json: %#v %#v %#v vs %#v %#v %#v", r.Address, r.Before, r.After, r.AfterUnknown, want(rc.Change.Before), want(rc.Change.After), want(rc.Change.AfterUnknown))
			}
		}
	})
}

// strictValid is the oracle for FuzzScan, written independently of the
// scanner: encoding/json.Valid, valid UTF-8, no unpaired surrogate escape,
// and no object that repeats a key (compared decoded, as encoding/json's
// Decoder gives them).
func strictValid(data []byte) bool {
	if !json.Valid(data) || !utf8.Valid(data) || unpairedSurrogate(data) {
		return false
	}
	type frame struct {
		object, wantKey bool
		keys            map[string]bool
	}
	var stack []*frame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // 1e700 is valid JSON, though no float64
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
			if tok == json.Delim('}') {
				stack = stack[:n-1]
				valueDone()
				continue
			}
			key := tok.(string)
			if stack[n-1].keys[key] {
				return false
			}
			stack[n-1].keys[key] = true
			stack[n-1].wantKey = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, wantKey: true, keys: map[string]bool{}})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
		default:
			valueDone()
		}
	}
}

// unpairedSurrogate reports a \u escape of a surrogate that is not a high
// one followed by a low one. In valid JSON a backslash occurs only inside
// strings, so the escapes can be read without tracking strings.
func unpairedSurrogate(data []byte) bool {
	hex := func(i int) rune {
		if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
			return -1
		}
		v, err := strconv.ParseUint(string(data[i+2:i+6]), 16, 32)
		if err != nil {
			return -1
		}
		return rune(v)
	}
	for i := 0; i < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		r := hex(i)
		switch {
		case r < 0:
			i++ // a two-character escape
		case r >= 0xDC00 && r < 0xE000:
			return true
		case r >= 0xD800 && r < 0xDC00:
			if lo := hex(i + 6); lo < 0xDC00 || lo >= 0xE000 {
				return true
			}
			i += 11
		default:
			i += 5
		}
	}
	return false
}
