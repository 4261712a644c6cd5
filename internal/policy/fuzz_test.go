package policy

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"
)

// defaultFuzzMinimizeTime replaces the testing package's 60s default for
// -fuzzminimizetime when the flag is not given. Go minimizes every new
// interesting input with a quadratic search; for the kilobyte-sized inputs
// this target grows, one minimization would otherwise take the whole of a
// `-fuzztime=60s` run and the fuzzer would report 0 execs/sec.
const defaultFuzzMinimizeTime = "5s"

func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.fuzzminimizetime" })
	if !explicit {
		if err := flag.Set("test.fuzzminimizetime", defaultFuzzMinimizeTime); err != nil {
			fmt.Fprintln(os.Stderr, "setting -fuzzminimizetime:", err)
		}
	}
	os.Exit(m.Run())
}

// FuzzParse checks Parse on arbitrary input. The seed corpus lives in
// testdata/fuzz/FuzzParse. Invariants: no panic; an error (always a
// *SyntaxError) or a non-nil document, never both; every position lies
// within the input and agrees with its offset; Parse is deterministic; a
// document Parse accepts is valid JSON.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, problems, err := Parse(data)
		doc2, problems2, err2 := Parse(bytes.Clone(data))
		if !reflect.DeepEqual(doc, doc2) || !reflect.DeepEqual(problems, problems2) || !reflect.DeepEqual(err, err2) {
			t.Fatal("Parse is not deterministic")
		}
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SyntaxError", err)
			}
			if doc != nil || problems != nil {
				t.Fatal("a document or problems were returned with an error")
			}
			checkPositions(t, data, []namedPosition{{"syntax error", se.Position}}, true)
			if se.Path == "" || se.Message == "" {
				t.Fatalf("syntax error without a path or message: %v", se)
			}
			return
		}
		if doc == nil {
			t.Fatal("nil document without an error")
		}
		if !json.Valid(data) {
			t.Fatal("Parse accepted input that is not valid JSON")
		}
		if doc.Size < 0 || doc.Size > utf8.RuneCount(data) {
			t.Fatalf("Size %d out of range", doc.Size)
		}
		var positions []namedPosition
		for _, p := range problems {
			positions = append(positions, namedPosition{"problem " + p.Code, p.Position})
			if _, known := problemSources[p.Code]; !known || p.Message == "" || p.Path == "" {
				t.Fatalf("problem %+v has an unknown code or empty fields", p)
			}
		}
		for _, s := range doc.Statements {
			positions = append(positions, namedPosition{s.Label(), s.Loc.Pos})
			for _, pr := range []*Principal{s.Principal, s.NotPrincipal} {
				if pr != nil {
					positions = append(positions, namedPosition{s.Label() + " principal", pr.Loc.Pos})
				}
			}
			for _, c := range s.Conditions {
				positions = append(positions, namedPosition{s.Label() + " condition " + c.Key, c.Loc.Pos})
			}
			if s.Effect != Allow && s.Effect != Deny {
				t.Fatalf("%s kept with effect %q", s.Label(), s.Effect)
			}
		}
		checkPositions(t, data, positions, false)
		compareWithEncodingJSON(t, data, doc)
	})
}

// namedPosition is a position to check, with a name for failures.
type namedPosition struct {
	what string
	pos  Position
}

// checkPositions verifies that every position lies within data (atEndOK
// allows the offset just past the end, where truncation errors point) and
// that its line and column match its offset. One sweep over the input
// serves all positions.
func checkPositions(t *testing.T, data []byte, positions []namedPosition, atEndOK bool) {
	t.Helper()
	limit := len(data) - 1
	if atEndOK {
		limit = len(data)
	}
	slices.SortStableFunc(positions, func(a, b namedPosition) int { return cmp.Compare(a.pos.Offset, b.pos.Offset) })
	line, col, off := 1, 1, 0
	for _, np := range positions {
		if np.pos.Offset < 0 || np.pos.Offset > limit {
			t.Fatalf("%s: offset %d outside the input (length %d)", np.what, np.pos.Offset, len(data))
		}
		for off < np.pos.Offset {
			r, size := utf8.DecodeRune(data[off:])
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			off += size
		}
		if off != np.pos.Offset || np.pos.Line != line || np.pos.Column != col {
			t.Fatalf("%s: position %s does not match offset %d (want %d:%d)", np.what, np.pos, np.pos.Offset, line, col)
		}
	}
}

// compareWithEncodingJSON decodes data with encoding/json (which also lets
// the last of repeated keys win) and checks that the hand-written scanner
// decoded the same strings, numbers and booleans.
func compareWithEncodingJSON(t *testing.T, data []byte, doc *Document) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("encoding/json cannot decode a document Parse accepted: %v", err)
	}
	if v, _ := root["Version"].(string); v != doc.Version {
		t.Fatalf("Version = %q, encoding/json says %q", doc.Version, v)
	}
	if v, _ := root["Id"].(string); v != doc.ID {
		t.Fatalf("Id = %q, encoding/json says %q", doc.ID, v)
	}
	var stmts []any
	switch v := root["Statement"].(type) {
	case []any:
		stmts = v
	case map[string]any:
		stmts = []any{v}
	}
	for _, s := range doc.Statements {
		if s.Index >= len(stmts) {
			t.Fatalf("%s: index beyond the %d statements encoding/json sees", s.Label(), len(stmts))
		}
		raw := stmts[s.Index].(map[string]any)
		if sid, _ := raw["Sid"].(string); sid != s.Sid || raw["Effect"] != string(s.Effect) {
			t.Fatalf("%s: Sid/Effect %q/%q, encoding/json says %q/%v", s.Label(), s.Sid, s.Effect, sid, raw["Effect"])
		}
		for _, c := range s.Conditions {
			want := raw["Condition"].(map[string]any)[c.OperatorName].(map[string]any)[c.Key]
			list, isList := want.([]any)
			if !isList {
				list = []any{want}
			}
			if len(list) != len(c.Values) {
				t.Fatalf("%s: %d values, encoding/json says %d", c.Loc, len(c.Values), len(list))
			}
			for i, v := range c.Values {
				if got := fmt.Sprint(list[i]); got != v.Raw {
					t.Fatalf("%s: value %q, encoding/json says %q", c.Loc, v.Raw, got)
				}
			}
		}
	}
}
