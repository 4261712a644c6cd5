package condition

import (
	"slices"
	"strings"
	"testing"
)

// FuzzEvaluateEntry decides random condition entries and checks what must
// hold for any of them: a reason, assumptions that each carry a distinct
// stable id, determinism, and one notion of presence (IfExists is true
// exactly when Null says the key is absent, and otherwise changes nothing).
// Values are separated by NUL; state picks absent, present or empty list.
func FuzzEvaluateEntry(f *testing.F) {
	f.Add("ForAnyValue:StringEquals", "team", "", uint8(1))
	f.Add("StringNotEquals", "a\x00b", "a", uint8(1))
	f.Add("NumericNotEquals", "abc", "5", uint8(1))
	f.Add("IpAddress", "::ffff:203.0.113.0/120", "203.0.113.7", uint8(1))
	f.Add("StringEquals", "${k:k,'x'}", "x", uint8(2))
	f.Add("Null", "TRUE", "", uint8(1))
	f.Add("ForAllValues:DateLessThanIfExists", "2026-01-01", "2025-01-01T00:00:00", uint8(1))
	f.Fuzz(func(t *testing.T, opName, policyText, requestText string, state uint8) {
		op, err := ParseOperator(opName)
		if err != nil || len(policyText) > 512 || len(requestText) > 512 {
			t.Skip()
		}
		var policyVals []string
		if policyText != "" {
			policyVals = strings.Split(policyText, "\x00")
		}
		ctx := mapContext{}
		switch state % 3 {
		case 1:
			ctx["k:k"] = strings.Split(requestText, "\x00")
		case 2:
			ctx["k:k"] = []string{}
		}
		out := Evaluate(op, "k:k", policyVals, ctx, true)
		if out.Reason == "" {
			t.Fatalf("%s: no reason", op)
		}
		var ids []string
		for _, a := range out.Assumptions {
			id := AssumptionID(a)
			if id == "" || slices.Contains(ids, id) {
				t.Fatalf("%s: assumption %q has no id or is repeated in %q", op, a, out.Assumptions)
			}
			ids = append(ids, id)
		}
		again := Evaluate(op, "k:k", policyVals, ctx, true)
		if again.Matched != out.Matched || !slices.Equal(again.Assumptions, out.Assumptions) {
			t.Fatalf("%s: not deterministic", op)
		}
		if op.Base == Null {
			return
		}
		null := Operator{Base: Null}
		absent := Evaluate(null, "k:k", []string{"true"}, ctx, true).Matched
		plain, withIf := op, op
		plain.IfExists, withIf.IfExists = false, true
		without := Evaluate(plain, "k:k", policyVals, ctx, true).Matched
		with := Evaluate(withIf, "k:k", policyVals, ctx, true).Matched
		if want := absent || without; with != want {
			t.Fatalf("%s on %v: IfExists gives %v, want %v (Null says absent: %v)", withIf, ctx, with, want, absent)
		}
	})
}
