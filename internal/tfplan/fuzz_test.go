package tfplan

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzScan: the streaming scanner accepts exactly the inputs that
// encoding/json.Valid accepts, so no malformed plan is read and no valid
// one refused.
func FuzzScan(f *testing.F) {
	for _, seed := range []string{`{}`, `[1,2,{"a":"b"}]`, `"\\u00e9"`, `{"a":`, `1e5`, `-0.5E-3`, `[,]`, `"\x01"`, `{"a":1,}`, `nul`, `[1] x`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := newStream(bytes.NewReader(data))
		err := s.skip()
		if err == nil {
			var eof bool
			if eof, err = s.atEOF(); err == nil && !eof {
				err = s.fail("trailing data")
			}
		}
		if valid := json.Valid(data); valid != (err == nil) {
			t.Fatalf("json.Valid = %v but the scanner says %v for %q", valid, err, data)
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
		if !json.Valid(buf.Bytes()) {
			t.Fatalf("Load accepted invalid JSON %q", data)
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
