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
	defer func() { narrowFast = true }()
	before := narrowSkips.Load()
	linted := 0
	for _, f := range files {
		p, err := tfplan.LoadFile(f, model.LoadOptions)
		if err != nil {
			continue // a plan of a bad-input test
		}
		linted++
		narrowFast = true
		fast, _ := json.Marshal(Analyze(p))
		narrowFast = false
		full, _ := json.Marshal(Analyze(p))
		if string(fast) != string(full) {
			t.Errorf("%s: the report differs with the fast path:\nfast: %s\nfull: %s", f, fast, full)
		}
	}
	skips := narrowSkips.Load() - before
	t.Logf("%d plans, %d analyses skipped", linted, skips)
	if skips == 0 {
		t.Error("the fast path was never taken: the comparison proves nothing")
	}
}
