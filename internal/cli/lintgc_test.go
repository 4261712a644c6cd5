package cli

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestGCLimit: the soft memory limit is one and a half times the plans'
// size less limitMargin (at least minHeapLimit), and none is set when the environment sets
// GOGC or GOMEMLIMIT or a plan's size is unknown; the run sets GOGC to
// gcPercent and restores the previous limit and GOGC.
func TestGCLimit(t *testing.T) {
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.json"), filepath.Join(dir, "big.json")
	if err := os.WriteFile(small, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, make([]byte, 40<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(vars ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(vars); i += 2 {
				if vars[i] == k {
					return vars[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name  string
		files []string
		env   func(string) string
		want  int64 // 0: no limit
	}{
		{"one big plan", []string{big}, env(), 60<<20 - limitMargin},
		{"plans add up", []string{big, big}, env(), 120<<20 - limitMargin},
		{"small plans get the floor", []string{small}, env(), minHeapLimit},
		{"GOGC stands", []string{big}, env("GOGC", "50"), 0},
		{"GOMEMLIMIT stands", []string{big}, env("GOMEMLIMIT", "1GiB"), 0},
		{"standard input", []string{"-"}, env(), 0},
		{"a directory", []string{dir}, env(), 0},
		{"a missing file", []string{filepath.Join(dir, "none.json")}, env(), 0},
	} {
		got, ok := gcLimit(tc.files, tc.env)
		if !ok {
			got = 0
		}
		if got != tc.want {
			t.Errorf("%s: limit %d, want %d", tc.name, got, tc.want)
		}
	}
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return // the run sets no limit: nothing to restore
	}
	before := debug.SetMemoryLimit(-1)
	restore := limitMemory([]string{big})
	if got := debug.SetMemoryLimit(-1); got != 60<<20-limitMargin {
		t.Errorf("during the run the limit is %d, want %d", got, 60<<20-limitMargin)
	}
	percent := debug.SetGCPercent(gcPercent)
	restore()
	if got := debug.SetMemoryLimit(-1); got != before || before != math.MaxInt64 {
		t.Errorf("after the run the limit is %d, want the previous %d (no limit)", got, before)
	}
	if percent != gcPercent {
		t.Errorf("during the run GOGC is %d, want %d", percent, gcPercent)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after the run GOGC is %d, want the previous 100", got)
	}
}
