package lint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// corpusDir holds real plans (published ones and plans of real public
// modules) with hand-written labels: testdata/corpus/README.md.
var corpusDir = filepath.Join("..", "..", "testdata", "corpus")

type corpusEntry struct {
	ID, File, Source, Repository, Commit, Path, Licence string
}

type corpusExpectation struct {
	Roles []struct {
		Address     string `json:"address"`
		WebIdentity bool   `json:"web_identity"`
	} `json:"roles"`
	Pairs []struct {
		Role, Caller, Kind, Identity, Before, After string
	} `json:"pairs"`
	RulesExpected  []string `json:"rules_expected"`
	RulesAllowed   []string `json:"rules_allowed"`
	RulesForbidden []string `json:"rules_forbidden"`
}

func loadCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "manifest*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus manifest in %s (%v)", corpusDir, err)
	}
	var all []corpusEntry
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var entries []corpusEntry
		if err := json.Unmarshal(data, &entries); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all = append(all, entries...)
	}
	return all
}

// labelMatches says whether the linter's verdict agrees with the label:
// "allowed" is allow, "refused" any refusal, "absent" and "unknown" as
// written.
func labelMatches(label, verdict string) bool {
	switch label {
	case "allowed":
		return verdict == "allow"
	case "refused":
		return verdict != "allow" && verdict != VerdictUnknown && verdict != VerdictAbsent && verdict != ""
	}
	return label == verdict
}

// TestCorpus lints every plan of the corpus and holds the linter to the
// labels written by reading each plan: every expected rule is reported,
// no rule the labels do not list appears (so a new false error fails
// here), no forbidden rule appears, every labelled pair is found, and no
// verdict contradicts a label (a pair the linter leaves unknown is
// tolerated and counted; an allowed pair reported refused, or the
// reverse, fails).
func TestCorpus(t *testing.T) {
	entries := loadCorpus(t)
	var plans, roles, pairs, found, decided int
	for _, e := range entries {
		t.Run(e.ID, func(t *testing.T) {
			for _, field := range []string{e.Repository, e.Commit, e.Path, e.Licence} {
				if field == "" {
					t.Errorf("manifest entry %s lacks provenance (repository, commit, path, licence)", e.ID)
				}
			}
			data, err := os.ReadFile(filepath.Join(corpusDir, "expectations", e.ID+".json"))
			if err != nil {
				t.Fatalf("no expectations: %v", err)
			}
			var want corpusExpectation
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatalf("expectations: %v", err)
			}
			p, err := tfplan.LoadFile(filepath.Join(corpusDir, e.File), model.LoadOptions)
			if err != nil {
				t.Fatal(err)
			}
			rep := Analyze(p)
			plans++
			for _, r := range want.Roles {
				if r.WebIdentity {
					roles++
				}
			}
			got := rulesOf(rep)
			for _, r := range want.RulesExpected {
				if !slices.Contains(got, r) && !refusalReported(r, got, want) {
					t.Errorf("expected %s, got %v", r, got)
				}
			}
			for _, f := range rep.Findings {
				switch {
				case slices.Contains(want.RulesForbidden, f.Rule):
					t.Errorf("forbidden %s on %s / %s: %s", f.Rule, f.Role, f.Caller, f.Message)
				case !slices.Contains(want.RulesExpected, f.Rule) && !slices.Contains(want.RulesAllowed, f.Rule):
					t.Errorf("unlisted %s on %s / %s: %s", f.Rule, f.Role, f.Caller, f.Message)
				}
			}
			for _, lp := range want.Pairs {
				pairs++
				i := slices.IndexFunc(rep.Pairs, func(p Pair) bool {
					return p.Role == lp.Role && (p.Address == lp.Caller || strings.HasPrefix(p.Caller, lp.Caller))
				})
				if i < 0 {
					t.Errorf("pair %s -> %s not found; pairs: %v", lp.Caller, lp.Role, pairNames(rep.Pairs))
					continue
				}
				found++
				gp := rep.Pairs[i]
				for _, side := range [][2]string{{lp.Before, gp.Before}, {lp.After, gp.After}} {
					if side[1] != VerdictUnknown && !labelMatches(side[0], side[1]) {
						t.Errorf("pair %s -> %s: label %s, lint says %s", lp.Caller, lp.Role, side[0], side[1])
					}
				}
				if labelMatches(lp.After, gp.After) {
					decided++
				} else {
					t.Logf("pair %s -> %s left %s (label %s): %s", lp.Caller, lp.Role, gp.After, lp.After, strings.Join(gp.Notes, "; "))
				}
			}
		})
	}
	t.Logf("corpus: %d plans, %d web-identity roles, %d labelled pairs, %d found, %d with the labelled verdict after the plan", plans, roles, pairs, found, decided)
}

// refusalRules say that a caller is refused; which of them a refusal gets
// is a matter of precision (the side that changed, the provider, the
// audience), not of whether the break is reported.
var refusalRules = []string{RuleRefused, RuleRegression, RuleMissingRole, RuleProvider, RuleAudience}

// refusalReported reports whether an expected refusal rule is met by
// another refusal rule the labels expect or allow.
func refusalReported(rule string, got []string, want corpusExpectation) bool {
	if !slices.Contains(refusalRules, rule) {
		return false
	}
	for _, g := range got {
		if slices.Contains(refusalRules, g) && (slices.Contains(want.RulesExpected, g) || slices.Contains(want.RulesAllowed, g)) {
			return true
		}
	}
	return false
}

func pairNames(ps []Pair) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Caller+" -> "+p.Role)
	}
	sort.Strings(out)
	return out
}
