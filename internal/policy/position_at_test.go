package policy

import "testing"

// TestPositionAt: lines are 1-based, columns count code points, offsets
// past the end are clamped.
func TestPositionAt(t *testing.T) {
	data := []byte("{\n  \"é\": 1,\n  x\n}")
	for _, tc := range []struct {
		off, line, col int
	}{
		{0, 1, 1}, {1, 1, 2}, {2, 2, 1}, {4, 2, 3},
		{8, 2, 6}, // after "é": é is two bytes, one column
		{13, 3, 1}, {-5, 1, 1}, {999, 4, 2},
	} {
		if p := PositionAt(data, tc.off); p.Line != tc.line || p.Column != tc.col {
			t.Errorf("PositionAt(%d) = %d:%d, want %d:%d", tc.off, p.Line, p.Column, tc.line, tc.col)
		}
	}
}
