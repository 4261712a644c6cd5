package standin

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var testObjectType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"name":  tftypes.String,
	"count": tftypes.Number,
	"tags":  tftypes.Map{ElementType: tftypes.String},
	"ids":   tftypes.Set{ElementType: tftypes.String},
	"nested": tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"issuer": tftypes.String,
	}}},
}}

func TestToValue(t *testing.T) {
	tests := []struct {
		name    string
		typ     tftypes.Type
		in      any
		want    tftypes.Value
		wantErr bool
	}{
		{"nil is null", tftypes.String, nil, tftypes.NewValue(tftypes.String, nil), false},
		{"string", tftypes.String, "x", tftypes.NewValue(tftypes.String, "x"), false},
		{"int", tftypes.Number, 3, tftypes.NewValue(tftypes.Number, 3), false},
		{"bool", tftypes.Bool, true, tftypes.NewValue(tftypes.Bool, true), false},
		{"string list", tftypes.List{ElementType: tftypes.String}, []string{"a"},
			tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "a")}), false},
		{"string map", tftypes.Map{ElementType: tftypes.String}, map[string]string{"k": "v"},
			tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"k": tftypes.NewValue(tftypes.String, "v")}), false},
		{"wrong Go type", tftypes.String, 3, tftypes.Value{}, true},
		{"unknown object attribute", tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String}},
			map[string]any{"b": "x"}, tftypes.Value{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ToValue(tt.typ, tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ToValue error = %v, wantErr %v", err, tt.wantErr)
			}
			if !tt.wantErr && !got.Equal(tt.want) {
				t.Errorf("ToValue = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestToValueNestedObjectList(t *testing.T) {
	typ := testObjectType.AttributeTypes["nested"]
	got, err := ToValue(typ, []any{map[string]any{"issuer": "https://example"}})
	if err != nil {
		t.Fatal(err)
	}
	obj := mustObject(t, map[string]tftypes.Value{"nested": got})
	inner := obj.Objects("nested")
	if len(inner) != 1 || inner[0].Str("issuer") != "https://example" {
		t.Errorf("nested issuer = %v", inner)
	}
}

func mustObject(t *testing.T, attrs map[string]tftypes.Value) *Object {
	t.Helper()
	full := map[string]tftypes.Value{}
	for name, typ := range testObjectType.AttributeTypes {
		full[name] = tftypes.NewValue(typ, nil)
	}
	for name, v := range attrs {
		full[name] = v
	}
	obj, err := NewObject(tftypes.NewValue(testObjectType, full))
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

func TestNullUnknowns(t *testing.T) {
	obj := mustObject(t, map[string]tftypes.Value{
		"name":  tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"count": tftypes.NewValue(tftypes.Number, 1),
	})
	v, err := obj.Value()
	if err != nil {
		t.Fatal(err)
	}
	out, err := NullUnknowns(v)
	if err != nil {
		t.Fatal(err)
	}
	if !out.IsFullyKnown() {
		t.Fatalf("NullUnknowns left unknowns in %s", out)
	}
	got, _ := NewObject(out)
	if !got.IsNull("name") {
		t.Errorf("name = %s, want null", got.Raw("name"))
	}
	if n, _ := got.Int("count"); n != 1 {
		t.Errorf("count = %d, want 1", n)
	}
}

func TestKeepPrior(t *testing.T) {
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	tests := []struct {
		name       string
		planned    tftypes.Value
		config     tftypes.Value
		prior      tftypes.Value
		wantName   tftypes.Value
		wantSource string
	}{
		{"computed and unset: prior kept", unknown, tftypes.NewValue(tftypes.String, nil),
			tftypes.NewValue(tftypes.String, "old"), tftypes.NewValue(tftypes.String, "old"), "prior"},
		{"unknown in configuration: stays unknown", unknown, unknown,
			tftypes.NewValue(tftypes.String, "old"), unknown, "config"},
		{"known: untouched", tftypes.NewValue(tftypes.String, "new"), tftypes.NewValue(tftypes.String, "new"),
			tftypes.NewValue(tftypes.String, "old"), tftypes.NewValue(tftypes.String, "new"), "plan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			planned, _ := mustObject(t, map[string]tftypes.Value{"name": tt.planned}).Value()
			config, _ := mustObject(t, map[string]tftypes.Value{"name": tt.config}).Value()
			prior, _ := mustObject(t, map[string]tftypes.Value{"name": tt.prior}).Value()
			out, err := KeepPrior(planned, config, prior)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := NewObject(out)
			if !got.Raw("name").Equal(tt.wantName) {
				t.Errorf("name = %s, want %s (from %s)", got.Raw("name"), tt.wantName, tt.wantSource)
			}
		})
	}
}

func TestObjectSetRecordsErrors(t *testing.T) {
	obj := mustObject(t, nil)
	obj.Set("missing", "x")
	obj.Set("name", "still recorded after the first error")
	if obj.Err() == nil {
		t.Fatal("Set on an unknown attribute recorded no error")
	}
	if _, err := obj.Value(); err == nil {
		t.Error("Value succeeded although a setter failed")
	}
}

func TestObjectAccessors(t *testing.T) {
	obj := mustObject(t, nil)
	obj.Set("name", "api")
	obj.Set("tags", map[string]string{"team": "a"})
	obj.Set("ids", []string{"b", "a"})
	obj.SetIfUnknown("name", "ignored")
	obj.SetUnknown("count")
	if got := obj.Str("name"); got != "api" {
		t.Errorf("name = %q", got)
	}
	if got := obj.StringMap("tags")["team"]; got != "a" {
		t.Errorf("tags.team = %q", got)
	}
	if got := obj.Strings("ids"); len(got) != 2 {
		t.Errorf("ids = %v", got)
	}
	if !obj.IsUnknown("count") {
		t.Error("count is not unknown")
	}
	if err := obj.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestIDsAreStableAndShaped(t *testing.T) {
	// Pinned values: generated plans and IDs must not change from one run
	// (or one build) to the next, and the parts stay separate ("a","b" is
	// not "ab").
	if got := HexID(8, "a", "b"); got != "59b271ae" {
		t.Errorf(`HexID(8, "a", "b") = %q, want "59b271ae"`, got)
	}
	if got := HexID(8, "ab"); got != "fb8e20fc" {
		t.Errorf(`HexID(8, "ab") = %q, want "fb8e20fc"`, got)
	}
	if got := HexID(100, "a"); len(got) != 64 {
		t.Errorf("HexID(100, ...) has %d digits, want the whole 64", len(got))
	}
	if got := UpperID("AROA", 17, "x"); len(got) != 21 || got[:4] != "AROA" {
		t.Errorf("UpperID = %q", got)
	}
	if got := UUID("x"); len(got) != 36 || got[8] != '-' {
		t.Errorf("UUID = %q", got)
	}
	for i := 0; i < 20; i++ {
		if n := Number(10, 5, string(rune('a'+i))); n < 10 || n >= 15 {
			t.Errorf("Number out of range: %d", n)
		}
	}
}
