package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// benchPlan is the plan the benchmarks read: $STSGUARD_BENCH_PLAN (for
// example a synthetic plan from tests/bench/benchtool gen), else a fixture.
func benchPlan(b *testing.B) string {
	if p := os.Getenv("STSGUARD_BENCH_PLAN"); p != "" {
		return p
	}
	return filepath.Join(plansDir, "helm-values-break.json")
}

// BenchmarkLoad measures reading a plan. Profile with
// STSGUARD_BENCH_PLAN=plan.json go test -bench Load -cpuprofile cpu.out.
func BenchmarkLoad(b *testing.B) {
	path := benchPlan(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := tfplan.LoadFile(path, model.LoadOptions); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyze measures pairing and evaluation of a loaded plan.
func BenchmarkAnalyze(b *testing.B) {
	p, err := tfplan.LoadFile(benchPlan(b), model.LoadOptions)
	if err != nil {
		b.Skip(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Analyze(p)
	}
}
