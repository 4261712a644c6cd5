package admits

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// manyStatements is a trust of n GitHub statements, each naming another
// repository; the last admits the caller ghMain. Far beyond n = 10 it is
// over IAM's size limit, which IAM refuses.
func manyStatements(t testing.TB, n int) (*policy.Document, []*identity.Request) {
	st := make([]string, 0, n)
	for i := 0; i < n-1; i++ {
		st = append(st, allow(githubARN, fmt.Sprintf(`"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo-org/app-%d:ref:refs/heads/main"}`, i)))
	}
	st = append(st, allow(githubARN, `"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}`))
	return mustParse(t, trust(st...)), callers(ghMain)(t)
}

// BenchmarkAnalyzeManyStatements measures the analysis of trusts far over
// IAM's size limit (issue 16: the cost must stay proportional to what IAM
// accepts).
func BenchmarkAnalyzeManyStatements(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			doc, callers := manyStatements(b, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Analyze(doc, testRole, callers); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestAnalyzeSkipsOverIAMMaximum: a trust longer than any trust IAM
// accepts is not analysed (its cost would grow with the document), with
// the note; one at the limit is.
func TestAnalyzeSkipsOverIAMMaximum(t *testing.T) {
	for _, tc := range []struct {
		n       int
		skipped bool
	}{{2, false}, {20, false}, {200, true}} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			doc, callers := manyStatements(t, tc.n)
			if over := doc.Size > policy.MaxTrustPolicySizeQuota; over != tc.skipped {
				t.Fatalf("%d statements: size %d, over the quota = %v, want %v", tc.n, doc.Size, over, tc.skipped)
			}
			a, err := Analyze(doc, testRole, callers)
			if err != nil {
				t.Fatal(err)
			}
			if a.Skipped != tc.skipped {
				t.Fatalf("Skipped = %v, want %v", a.Skipped, tc.skipped)
			}
			if !tc.skipped {
				if !a.Broader || a.Witness == nil {
					t.Errorf("the trust admits other repositories: Broader %v, witness %+v", a.Broader, a.Witness)
				}
				return
			}
			if a.Broader || a.Witness != nil || len(a.Admits) != 0 || len(a.Shapes) != 0 || a.Exact {
				t.Errorf("a skipped analysis claims nothing: %+v", a)
			}
			if len(a.Notes) != 1 || a.Notes[0] != SkippedNote(doc.Size) || !strings.Contains(a.Notes[0], "8192") {
				t.Errorf("notes %q, want the skip note", a.Notes)
			}
		})
	}
}
