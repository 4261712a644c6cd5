package redact

import (
	"strings"
	"testing"
)

func TestShorten(t *testing.T) {
	long := strings.Repeat("a", MaxPrintedWord+1)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"short text unchanged", "the value \"x\" is fine", "the value \"x\" is fine"},
		{"long text of short words unchanged", strings.Repeat("ab ", 400), strings.Repeat("ab ", 400)},
		{"word at the limit unchanged", "v " + long[1:] + " end", "v " + long[1:] + " end"},
		{"long word shortened with its length", "v \"" + long + "\" end", "v \"" + strings.Repeat("a", ShortenedHead-1) + "…[1027 bytes]…" + strings.Repeat("a", ShortenedTail-1) + "\" end"},
		{"cut on a rune boundary", "é" + strings.Repeat("é", 600) + " x", strings.Repeat("é", ShortenedHead/2) + "…[1202 bytes]…" + strings.Repeat("é", ShortenedTail/2) + " x"},
		{"odd cut on a rune boundary", "a" + strings.Repeat("é", 600) + "b x", "a" + strings.Repeat("é", ShortenedHead/2-1) + "…[1202 bytes]…" + strings.Repeat("é", ShortenedTail/2-1) + "b x"},
		{"newline and tab separate words", long + "\n\tx", strings.Repeat("a", ShortenedHead) + "…[1025 bytes]…" + strings.Repeat("a", ShortenedTail) + "\n\tx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Shorten(tc.in); got != tc.want {
				t.Errorf("shorten = %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("whole text bounded", func(t *testing.T) {
		in := strings.Repeat("word ", 10000)
		got := Shorten(in)
		if !strings.HasPrefix(got, in[:MaxPrintedText]) || !strings.HasSuffix(got, "…[33616 more bytes]") {
			t.Errorf("shorten of %d bytes = %.100q...%q", len(in), got, got[len(got)-40:])
		}
	})
	t.Run("no allocation within the bounds", func(t *testing.T) {
		in := strings.Repeat("ab ", 1000)
		if n := testing.AllocsPerRun(10, func() { _ = Shorten(in) }); n != 0 {
			t.Errorf("%v allocations, want 0", n)
		}
	})
}
