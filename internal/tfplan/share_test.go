package tfplan

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// decodeJSON decodes a JSON text as the loader does (into any).
func decodeJSON(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// sameMap reports whether two values are the very same map.
func sameMap(a, b any) bool {
	ma, ok1 := a.(map[string]any)
	mb, ok2 := b.(map[string]any)
	return ok1 && ok2 && reflect.ValueOf(ma).UnsafePointer() == reflect.ValueOf(mb).UnsafePointer()
}

func TestShareEqual(t *testing.T) {
	for _, tc := range []struct {
		name, before, after string
		same                bool
		// shared lists the keys of before whose (map) value must now be
		// after's.
		shared []string
	}{
		{"equal objects", `{"a":"x","m":{"k":[1,true,null]}}`, `{"a":"x","m":{"k":[1,true,null]}}`, true, []string{"m"}},
		{"one attribute differs", `{"a":"x","m":{"k":1},"n":{"k":2}}`, `{"a":"y","m":{"k":1},"n":{"k":3}}`, false, []string{"m"}},
		{"extra key before", `{"a":"x","b":"y"}`, `{"a":"x"}`, false, nil},
		{"extra key after", `{"a":"x"}`, `{"a":"x","b":"y"}`, false, nil},
		{"list lengths differ", `{"l":[1,2]}`, `{"l":[1]}`, false, nil},
		{"types differ", `{"a":"1"}`, `{"a":1}`, false, nil},
		{"null and missing", `{"a":null}`, `{}`, false, nil},
		{"both null", `null`, `null`, true, nil},
		{"false masks", `false`, `false`, true, nil},
		{"masks differ", `{"a":true}`, `false`, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, a := decodeJSON(t, tc.before), decodeJSON(t, tc.after)
			want := decodeJSON(t, tc.before)
			got, same := shareEqual(b, a)
			if same != tc.same {
				t.Errorf("same = %v, want %v", same, tc.same)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the before value changed: %v, want %v", got, want)
			}
			for _, k := range tc.shared {
				if !sameMap(got.(map[string]any)[k], a.(map[string]any)[k]) {
					t.Errorf("%q is not shared with the after value", k)
				}
			}
		})
	}
}

// TestLoadSharesUnchangedValues: a resource the plan does not change is
// held once; a changed one keeps both sides.
func TestLoadSharesUnchangedValues(t *testing.T) {
	role := func(name, trust string) string {
		return `{"name":"` + name + `","arn":"arn:aws:iam::111122223333:role/` + name + `","assume_role_policy":` + jsonString(trust) + `,"tags":{"a":"b"}}`
	}
	trust := `{"Version":"2012-10-17","Statement":[]}`
	text := `{"format_version":"1.2","resource_changes":[
	{"address":"aws_iam_role.same","mode":"managed","type":"aws_iam_role","name":"same","change":{"actions":["no-op"],"before":` + role("same", trust) + `,"after":` + role("same", trust) + `,"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}},
	{"address":"aws_iam_role.changed","mode":"managed","type":"aws_iam_role","name":"changed","change":{"actions":["update"],"before":` + role("changed", trust) + `,"after":` + role("changed", strings.Replace(trust, "[]", `[{"Effect":"Allow"}]`, 1)) + `,"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}]}`
	p, err := Load(strings.NewReader(text), "share.json", testOptions)
	if err != nil {
		t.Fatal(err)
	}
	same, changed := p.Lookup("aws_iam_role.same"), p.Lookup("aws_iam_role.changed")
	if same == nil || changed == nil {
		t.Fatal("roles not loaded")
	}
	if !sameMap(same.Before, same.After) {
		t.Error("the unchanged role's values are held twice")
	}
	if sameMap(changed.Before, changed.After) || changed.Before["assume_role_policy"] == changed.After["assume_role_policy"] {
		t.Error("the changed role's sides are merged")
	}
	if changed.Before["arn"] != changed.After["arn"] || changed.Before["name"] != "changed" {
		t.Errorf("the changed role's values: %v / %v", changed.Before, changed.After)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestLoadDecodesSameBytesOnce: a member of after with the same bytes as
// before's is before's value (decoded once); one with other bytes for the
// same value is decoded apart and equal; the masks likewise; nothing is
// reused across entries; an after member whose bytes differ and break the
// strict rules is still refused, at its own byte.
func TestLoadDecodesSameBytesOnce(t *testing.T) {
	entry := func(before, after, bs, as string) string {
		return `{"format_version":"1.2","resource_changes":[{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","change":{"actions":["update"],"before":` + before + `,"after":` + after + `,"after_unknown":{},"before_sensitive":` + bs + `,"after_sensitive":` + as + `}}]}`
	}
	first := func(v any) any {
		l, _ := v.([]any)
		if len(l) == 0 {
			return nil
		}
		return l[0]
	}
	// Read below the loader (which shares equal parts afterwards anyway):
	// the same bytes give before's value itself, other bytes a value of
	// their own.
	body := `{"actions":["update"],"before":{"name":"r","inline_policy":[{"name":"x"}],"managed_policy_arns":[{"a":"b"}]},` +
		`"after":{"name":"r","inline_policy":[{"name":"x"}],"managed_policy_arns":[ {"a":"b"}]},` +
		`"before_sensitive":{"inline_policy":[{"name":true}]},"after_sensitive":{"inline_policy":[{"name":true}]}}`
	var ch tfjson.Change
	var memo [2]sideMemo
	if err := newStream(strings.NewReader(body)).readChangeBody(testOptions.Keep["aws_iam_role"], &ch, &memo); err != nil {
		t.Fatal(err)
	}
	before, _ := ch.Before.(map[string]any)
	after, _ := ch.After.(map[string]any)
	if b, a := first(before["inline_policy"]), first(after["inline_policy"]); b == nil || !sameMap(b, a) {
		t.Errorf("inline_policy with the same bytes is decoded twice: %v / %v", before, after)
	}
	if b, a := first(before["managed_policy_arns"]), first(after["managed_policy_arns"]); b == nil || sameMap(b, a) || !reflect.DeepEqual(b, a) {
		t.Errorf("managed_policy_arns (other bytes, same value): %v / %v", before, after)
	}
	bm, _ := ch.BeforeSensitive.(map[string]any)
	am, _ := ch.AfterSensitive.(map[string]any)
	if b, a := first(bm["inline_policy"]), first(am["inline_policy"]); b == nil || !sameMap(b, a) {
		t.Errorf("masks with the same bytes are decoded twice: %v / %v", ch.BeforeSensitive, ch.AfterSensitive)
	}
	// The memo is per entry: the next entry's after does not reuse it.
	body2 := `{"actions":["create"],"before":null,"after":{"inline_policy":[{"name":"x"}]}}`
	if err := newStream(strings.NewReader(body2)).readChangeBody(testOptions.Keep["aws_iam_role"], &ch, &memo); err != nil {
		t.Fatal(err)
	}
	after2, _ := ch.After.(map[string]any)
	if a := first(after2["inline_policy"]); a == nil || sameMap(first(before["inline_policy"]), a) {
		t.Errorf("the next entry reused the previous entry's value: %v", after2)
	}
	for _, tc := range []struct{ after, at, want string }{
		{`{"name":"r","inline_policy":[{"name":"x","name":"x"}]}`, `"name":"x"}`, "repeats the key"},
		{`{"name":"r","inline_policy":[{"name":"\ud800"}]}`, `\ud800`, "surrogate"},
		{"{\"name\":\"r\",\"inline_policy\":[{\"name\":\"\xff\"}]}", "\xff", "UTF-8"},
	} {
		text := entry(`{"name":"r","inline_policy":[{"name":"x"}]}`, tc.after, `{}`, `{}`)
		_, err := Load(strings.NewReader(text), "bad.json", testOptions)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.after, err, tc.want)
			continue
		}
		at := strings.Index(text, `"after":`) + len(`"after":`) + strings.Index(tc.after, tc.at)
		if want := fmt.Sprintf("at byte %d", at); !strings.Contains(err.Error(), want+" ") && !strings.Contains(err.Error(), want+";") {
			t.Errorf("%s: %v, want %q", tc.after, err, want)
		}
	}
}
