package cli

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// lintBenchPlan is the plan BenchmarkLintCommand reads:
// $STSGUARD_BENCH_PLAN (a synthetic plan from tests/bench/benchtool gen),
// else a small fixture so that the benchmark always compiles and runs.
func lintBenchPlan(b *testing.B) string {
	if p := os.Getenv("STSGUARD_BENCH_PLAN"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "testdata", "plans", "helm-values-break.json")
}

// BenchmarkLintCommand runs `lint --format json` end to end (load,
// analyse, render) and, in the same run, the floor: reading the file and
// checking it with encoding/json.Valid. Compare the two sub-benchmarks
// (never absolute figures: the machine is shared). Profile with
//
//	STSGUARD_BENCH_PLAN=plan.json go test ./internal/cli -run '^$' \
//	  -bench LintCommand/lint -cpuprofile cpu.out -memprofile mem.out
func BenchmarkLintCommand(b *testing.B) {
	path := lintBenchPlan(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Skip(err)
	}
	b.Run("floor", func(b *testing.B) {
		b.SetBytes(st.Size())
		b.ReportAllocs()
		for b.Loop() {
			data, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			if !json.Valid(data) {
				b.Fatal("not valid JSON")
			}
		}
	})
	b.Run("lint", func(b *testing.B) {
		b.SetBytes(st.Size())
		b.ReportAllocs()
		for b.Loop() {
			if code := runLint([]string{"--format", "json", "--fail-on", "never", path}, io.Discard, io.Discard, "bench"); code != ExitOK {
				b.Fatalf("lint exited %d", code)
			}
		}
	})
}
