package condition

import (
	"slices"
	"strings"
	"testing"
)

// mapContext is a request context for tests: key names fold case, as
// condition.Context requires ([S2]).
type mapContext map[string][]string

func (m mapContext) Lookup(key string) ([]string, bool) {
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// entryCase is one condition entry evaluated against a context.
type entryCase struct {
	name   string
	op     string
	key    string
	values []string
	ctx    mapContext
	// legacy disables policy variables (a Version other than 2012-10-17).
	legacy bool
	want   bool
	// assumption, when set, must be among the outcome's assumptions.
	assumption string
}

func runEntryCases(t *testing.T, cases []entryCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			op, err := ParseOperator(tc.op)
			if err != nil {
				t.Fatalf("ParseOperator(%q): %v", tc.op, err)
			}
			ctx := tc.ctx
			if ctx == nil {
				ctx = mapContext{}
			}
			out := Evaluate(op, tc.key, tc.values, ctx, !tc.legacy)
			if out.Matched != tc.want {
				t.Errorf("%s %s %q against %v = %v, want %v (reason: %s)", tc.op, tc.key, tc.values, map[string][]string(ctx), out.Matched, tc.want, out.Reason)
			}
			if out.Reason == "" {
				t.Errorf("outcome has no reason")
			}
			if tc.assumption != "" && !slices.Contains(out.Assumptions, tc.assumption) {
				t.Errorf("assumptions %q do not name %q", out.Assumptions, tc.assumption)
			}
			if tc.assumption == "" && len(out.Assumptions) > 0 {
				t.Errorf("unexpected assumptions %q", out.Assumptions)
			}
		})
	}
}

// vals is shorthand for a list of values.
func vals(v ...string) []string { return v }
