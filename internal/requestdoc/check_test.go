package requestdoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// FuzzCheck: the shape check never panics, and whatever it
// accepts the engine's decoder accepts too, so every shape mistake is
// reported with a position by the CLI rather than by the decoder.
func FuzzCheck(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "cli", "testdata", "*", "*", "request.json"))
	bad, _ := filepath.Glob(filepath.Join("..", "cli", "testdata", "badinput", "*.json"))
	for _, p := range append(seeds, bad...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"claims": {"a": [[[{"b": null}]]]}, "context": {"k": []}}`))
	f.Add([]byte(`{"oidc_providers": [], "now": ""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := Check(data); err != nil {
			if !startsWithPosition(err.Error()) && !strings.HasPrefix(err.Error(), "the request is empty") {
				t.Errorf("error without a position: %v", err)
			}
			return
		}
		if _, err := identity.ParseRequest(data); err != nil {
			t.Errorf("shape check passed but the decoder refused: %v\n%q", err, data)
		}
	})
}

func startsWithPosition(msg string) bool {
	line, rest, ok := strings.Cut(msg, ":")
	if !ok || line == "" || strings.Trim(line, "0123456789") != "" {
		return false
	}
	col, _, ok := strings.Cut(rest, ":")
	return ok && col != "" && strings.Trim(col, "0123456789") == ""
}

func TestLineColumn(t *testing.T) {
	data := []byte("ab\ncé\nx")
	cases := []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {4, 2, 2}, {6, 2, 3}, {7, 3, 1}, {100, 3, 2}, {-5, 1, 1},
	}
	for _, tc := range cases {
		if l, c := LineColumn(data, tc.off); l != tc.line || c != tc.col {
			t.Errorf("LineColumn(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}
