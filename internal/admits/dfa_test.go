package admits

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// naiveMatch is an independent, obviously correct glob matcher ('*' any
// run, '?' one character), used as the oracle.
func naiveMatch(p, s []rune) bool {
	if len(p) == 0 {
		return len(s) == 0
	}
	switch p[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if naiveMatch(p[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return len(s) > 0 && naiveMatch(p[1:], s[1:])
	}
	return len(s) > 0 && s[0] == p[0] && naiveMatch(p[1:], s[1:])
}

// globDiffOracle decides exactly whether glob a admits a string glob b
// does not, over the full alphabet. Why a finite enumeration suffices:
//
//  1. Take w in L(a) \ L(b) and one way a matches it. Replace every
//     character matched by a's '?' or '*' with 'c', a character b does not
//     name. The result is still in L(a) (same match), and still not in
//     L(b): a match of b would cover each 'c' with '?' or '*', which would
//     also match the original character.
//  2. Reading a run of n 'c's, b's set of active positions depends only on
//     min(n, |b|+1): a position is reached either through '?'s alone
//     (exactly that many characters, at most |b|) or through a '*' (any
//     number at least its '?'s). So each '*' of a needs a fill of at most
//     |b|+1 'c's.
//
// Hence it suffices to try a with '?' as 'c' and each '*' as c^j,
// 0 <= j <= |b|+1.
func globDiffOracle(a, b string) (string, bool) {
	br := []rune(b)
	stars := strings.Count(a, "*")
	fills := make([]int, stars)
	for {
		var sb strings.Builder
		k := 0
		for _, r := range a {
			switch r {
			case '?':
				sb.WriteByte('c')
			case '*':
				sb.WriteString(strings.Repeat("c", fills[k]))
				k++
			default:
				sb.WriteRune(r)
			}
		}
		w := sb.String()
		if !naiveMatch(br, []rune(w)) {
			return w, true
		}
		i := 0
		for ; i < stars; i++ {
			if fills[i]++; fills[i] <= len(br)+1 {
				break
			}
			fills[i] = 0
		}
		if i == stars {
			return "", false
		}
	}
}

func randomGlob(rng *rand.Rand) string {
	const symbols = "ab*?"
	n := rng.IntN(6)
	b := make([]byte, n)
	for i := range b {
		b[i] = symbols[rng.IntN(len(symbols))]
	}
	return string(b)
}

// allStrings lists every string over alphabet up to length n.
func allStrings(alphabet string, n int) []string {
	out := []string{""}
	layer := []string{""}
	for i := 0; i < n; i++ {
		var next []string
		for _, p := range layer {
			for _, r := range alphabet {
				next = append(next, p+string(r))
			}
		}
		out = append(out, next...)
		layer = next
	}
	return out
}

// TestGlobDifferenceProperty: for random globs A and B over {a,b,*,?} of
// length at most 5, "A admits something B does not" computed on automata
// agrees with the exact oracle above and with brute-force enumeration of
// all strings up to length 6 over {a,b,c} ('c' stands for every other
// character); the automaton's own example is checked with the naive
// matcher. spec §4.3 [S3] (StringLike globs).
func TestGlobDifferenceProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	a := newAlphabet(map[rune]bool{'a': true, 'b': true})
	strs := allStrings("abc", 6)
	for n := 0; n < 4000; n++ {
		ga, gb := randomGlob(rng), randomGlob(rng)
		da := compile(a, [][]elem{a.glob(condition.CompileGlob(ga))})
		db := compile(a, [][]elem{a.glob(condition.CompileGlob(gb))})
		diff := minus(da, db)
		got := !diff.empty()
		example, want := globDiffOracle(ga, gb)
		if got != want {
			t.Fatalf("A=%q B=%q: automata say %v, oracle says %v (oracle example %q)", ga, gb, got, want, example)
		}
		brute := false
		for _, s := range strs {
			if naiveMatch([]rune(ga), []rune(s)) && !naiveMatch([]rune(gb), []rune(s)) {
				brute = true
				break
			}
		}
		if brute && !got {
			t.Fatalf("A=%q B=%q: brute force finds a string the automata miss", ga, gb)
		}
		if got {
			m := diff.members(a, 1)
			if len(m) != 1 || !naiveMatch([]rune(ga), []rune(m[0])) || naiveMatch([]rune(gb), []rune(m[0])) {
				t.Fatalf("A=%q B=%q: automaton example %q is not in A minus B", ga, gb, m)
			}
		}
	}
}

// TestGlobMembershipAgreesWithEvaluator: automaton membership equals the
// evaluator's glob matcher, including characters outside the alphabet.
func TestGlobMembershipAgreesWithEvaluator(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	a := newAlphabet(map[rune]bool{'a': true, 'b': true})
	strs := allStrings("abcé", 4)
	for n := 0; n < 500; n++ {
		g := randomGlob(rng)
		d := compile(a, [][]elem{a.glob(condition.CompileGlob(g))})
		for _, s := range strs {
			if d.has(a, s) != condition.MatchGlob(g, s) {
				t.Fatalf("glob %q, string %q: automaton %v, evaluator %v", g, s, d.has(a, s), condition.MatchGlob(g, s))
			}
		}
	}
}

// TestAllowMinusDenyProperty runs the whole analysis on random globs: an
// Allow with StringLike sub A, a Deny with StringLike sub B and a declared
// caller whose subject no instantiation can equal. The trust is broader
// exactly when A admits something B does not, and the witness passes the
// evaluator (spec §6.1 [S1], §4.3 [S3]).
func TestAllowMinusDenyProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 1))
	caller := mustRequest(t, identity.GitHubActions{Repository: "o/r", Subject: "d"})
	for n := 0; n < 300; n++ {
		ga, gb := randomGlob(rng), randomGlob(rng)
		doc := mustParse(t, trust(
			allow(githubARN, `"StringLike": {"token.actions.githubusercontent.com:sub": "`+ga+`"}`),
			deny(`"StringLike": {"token.actions.githubusercontent.com:sub": "`+gb+`"}`)))
		an, err := Analyze(doc, testRole, []*identity.Request{caller})
		if err != nil {
			t.Fatal(err)
		}
		_, want := globDiffOracle(ga, gb)
		if an.Broader != want {
			t.Fatalf("A=%q B=%q: Broader=%v, want %v", ga, gb, an.Broader, want)
		}
		if want {
			checkWitness(t, doc, []*identity.Request{caller}, an.Witness)
		}
	}
}

func TestIgnoreCaseAndARNLanguages(t *testing.T) {
	// As in Analyze, the alphabet holds every rune of every pattern.
	seen := map[rune]bool{}
	for _, r := range "ka" + "arn:aws:iam::*:role/*" {
		seen[r] = true
	}
	a := newAlphabet(seen)
	l := newLangs(a)
	fold := compile(a, [][]elem{a.folded("ka")})
	// IgnoreCase folds ASCII only (names.Equal): the Kelvin sign is not k.
	for s, want := range map[string]bool{"ka": true, "KA": true, "kA": true, "\u212aa": false, "kb": false, "k": false} {
		if fold.has(a, s) != want || names.Equal(s, "ka") != want {
			t.Errorf("IgnoreCase language on %q = %v, want %v", s, fold.has(a, s), want)
		}
	}
	arn, ok := a.arn(condition.CompileGlob("arn:aws:iam::*:role/*"))
	if !ok {
		t.Fatal("six-part ARN pattern refused")
	}
	d := compile(a, [][]elem{arn})
	for s, want := range map[string]bool{
		"arn:aws:iam::111122223333:role/app":   true,
		"arn:aws:iam::1111:2222:role/app":      false, // '*' in the account cannot span ':'
		"arn:aws:iam::111122223333:role/a:b":   true,  // the sixth part keeps colons
		"arn:aws:iam::111122223333:user/app":   false,
		"arn:aws:iam::111122223333":            false,
		"arn:aws:iam:us-east-1:1:role/x":       false,
		"arn:aws:iam::111122223333:role/app/x": true,
	} {
		if d.has(a, s) != want {
			t.Errorf("ArnLike language on %q = %v, want %v", s, d.has(a, s), want)
		}
	}
	if _, ok := a.arn(condition.CompileGlob("arn:aws:iam")); ok {
		t.Error("a three-part ARN pattern should match nothing")
	}
	if !l.all.universal() || !l.none.empty() || l.nonEmpty.has(a, "") || !l.emptyStr.has(a, "") {
		t.Error("base languages are wrong")
	}
}
