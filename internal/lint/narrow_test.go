package lint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// TestNarrowFastPathSameFindings lints every plan of the corpus and of
// testdata/plans (and $STSGUARD_BENCH_PLAN when set, a synthetic plan of
// tests/bench) with and without admits.ProvablyNarrow before the
// over-breadth analysis: the reports must be identical, and the fast path
// must have been taken somewhere (else the comparison proves nothing).
func TestNarrowFastPathSameFindings(t *testing.T) {
	before := narrowSkips.Load()
	sameReportsWith(t, "the fast path", func(on bool) { narrowFast = on })
	skips := narrowSkips.Load() - before
	t.Logf("%d analyses skipped", skips)
	if skips == 0 {
		t.Error("the fast path was never taken: the comparison proves nothing")
	}
}

// TestRequestMemoSameReports: the reports are the same whether each
// binding's request and each account's providers are built once per run
// (request, providersFor) or for every use.
func TestRequestMemoSameReports(t *testing.T) {
	sameReportsWith(t, "the request memory", func(on bool) { requestMemo = on })
}

// sameReportsWith lints every plan of the corpus and of testdata/plans
// (and $STSGUARD_BENCH_PLAN when set) with set(true) and set(false), and
// fails when a report differs; set(true) is restored at the end.
func sameReportsWith(t *testing.T, what string, set func(on bool)) {
	t.Helper()
	var files []string
	for _, glob := range []string{
		filepath.Join(corpusDir, "plans", "*.json"),
		filepath.Join("..", "..", "testdata", "plans", "*.json"),
	} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if p := os.Getenv("STSGUARD_BENCH_PLAN"); p != "" {
		files = append(files, p)
	}
	if len(files) < 50 {
		t.Fatalf("only %d plans found", len(files))
	}
	defer set(true)
	linted := 0
	for _, f := range files {
		p, err := tfplan.LoadFile(f, model.LoadOptions)
		if err != nil {
			continue // a plan of a bad-input test
		}
		linted++
		set(true)
		on, _ := json.Marshal(Analyze(p))
		set(false)
		off, _ := json.Marshal(Analyze(p))
		if string(on) != string(off) {
			t.Errorf("%s: the report differs with %s:\nwith: %s\nwithout: %s", f, what, on, off)
		}
	}
	t.Logf("%d plans", linted)
}
