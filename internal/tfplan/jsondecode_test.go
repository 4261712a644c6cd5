package tfplan

import (
	"encoding/json"
	"errors"
	"math/rand"
	"reflect"
	"testing"
)

// FuzzDecodeAny: of every input the scanner accepts, decodeAny gives
// exactly what encoding/json.Unmarshal gives an `any` (and refuses
// exactly the numbers it refuses).
func FuzzDecodeAny(f *testing.F) {
	for _, seed := range []string{`{}`, `[]`, `{"a":[1,-2.5e3,true,false,null,"x"]}`, `"\u00e9\ud83d\ude00\n\t\"\\\/"`, ` [ 1 , { "b" : { } } ] `, `1e999`, `-0`, `"\u0000"`, `{"\u0061b":1}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !strictValid(data) {
			return
		}
		got, gotErr := decodeAny(data, 0)
		var want any
		wantErr := json.Unmarshal(data, &want)
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("%q: decodeAny error %v, encoding/json error %v", data, gotErr, wantErr)
		}
		if wantErr != nil {
			var te *json.UnmarshalTypeError
			if !errors.As(gotErr, &te) {
				t.Fatalf("%q: decodeAny error %T, want a *json.UnmarshalTypeError", data, gotErr)
			}
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: decodeAny = %#v, encoding/json = %#v", data, got, want)
		}
	})
}

// FuzzProbe: of every object the scanner accepts, probe finds each
// top-level string member encoding/json finds (by exact key), and ""
// for a member that is absent or not a string.
func FuzzProbe(f *testing.F) {
	for _, seed := range []string{`{"mode":"managed","type":"aws_iam_role"}`, `{"address":"a","change":{"mode":"x"},"mode":"data","type":"t"}`,
		`{"type":1,"mode":[{"type":"no"}],"address":"\"q\""}`, `{ "x" : "}" , "type" : "a\\" }`, `{}`, `[]`, `{"mode":null,"type":true}`, `{"mode":"m","n":1e999}`} {
		f.Add([]byte(seed))
	}
	keys := []string{"mode", "type", "address"}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !strictValid(data) {
			return
		}
		// A number too large for a float64 is an error, but encoding/json
		// still decodes the other members; a value that is not an object
		// is an error, and probe finds nothing in it either.
		var m map[string]any
		_ = json.Unmarshal(data, &m)
		got := make([]string, len(keys))
		probe(data, keys, got)
		for i, k := range keys {
			want, _ := m[k].(string)
			if got[i] != want {
				t.Fatalf("%q: probe %s = %q, encoding/json %q", data, k, got[i], want)
			}
		}
	})
}

// TestPlainRun: the eight-bytes-at-a-time search stops where the byte
// loop would (or where fewer than eight bytes are left), on random
// buffers rich in the bytes it stops at and in their neighbours.
func TestPlainRun(t *testing.T) {
	stops := func(c byte) bool { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80 }
	alphabet := []byte{'a', 'z', ' ', '!', '#', '"', '\\', 0x1f, 0x20, 0x21, 0x00, 0x7f, 0x80, 0xff, 0x5b, 0x5d, 0x23, 0x22 ^ 0x80, 0x5c ^ 0x80, 0x01, 0x02}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 100000; n++ {
		buf := make([]byte, rng.Intn(40))
		for i := range buf {
			if rng.Intn(4) == 0 {
				buf[i] = alphabet[rng.Intn(len(alphabet))]
			} else {
				buf[i] = byte('a' + rng.Intn(26))
			}
		}
		start := 0
		if len(buf) > 0 {
			start = rng.Intn(len(buf) + 1)
		}
		want := start
		for want < len(buf) && !stops(buf[want]) {
			want++
		}
		got := plainRun(buf, start)
		// got stops at the first stop byte, or at the last full word.
		if got > want || (got < want && len(buf)-got >= 8) {
			t.Fatalf("plainRun(%q, %d) = %d, the byte loop stops at %d", buf, start, got, want)
		}
	}
}
