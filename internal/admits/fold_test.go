package admits

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// subjectKeyVariant spells key with random ASCII case changes and, now and
// then, a non-ASCII rune that folds onto one of its letters (U+017F for s,
// U+212A for k) or another non-ASCII letter.
func subjectKeyVariant(r *rand.Rand, key string) string {
	var b strings.Builder
	for _, c := range key {
		switch x := r.IntN(12); {
		case x == 0 && c == 's':
			b.WriteRune('\u017f')
		case x == 0 && c == 'k':
			b.WriteRune('\u212a')
		case x == 1 && c == 'i':
			b.WriteRune('\u0131') // dotless i: folds to nothing ASCII
		case x == 2 && c == 'e':
			b.WriteRune('\u00e9')
		case x < 6 && 'a' <= c && c <= 'z':
			b.WriteRune(c - 'a' + 'A')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// TestEvaluatorAndAdmitsAgreeOnKeyPresence is a property test: for random
// spellings of the GitHub subject key, the evaluator (request key lookup,
// decision) and the over-breadth analysis agree on whether the policy key
// names the request's subject, and both agree with names.Equal.
func TestEvaluatorAndAdmitsAgreeOnKeyPresence(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 1))
	real := gh + ":sub"
	main := githubRef(t, "o/r", "refs/heads/main")
	evil := githubRef(t, "evil/x", "refs/heads/main")
	seen := map[bool]int{}
	for i := 0; i < 300; i++ {
		key := subjectKeyVariant(r, real)
		if i == 0 {
			key = gh + ":\u017fub" // the reproducer of issue 16
		}
		doc := mustParse(t, trust(allow(githubARN, conditionGH+`, "StringEqualsIfExists": {`+strconv.Quote(key)+`: "repo:o/r:ref:refs/heads/main"}`)))
		want := names.Equal(key, real)
		seen[want]++

		res, err := evil.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		if _, present := res.Lookup(key); present != want {
			t.Fatalf("%q: evaluator lookup present=%v, names.Equal=%v", key, present, want)
		}
		dec, err := evaluate.Request(doc, evil)
		if err != nil {
			t.Fatal(err)
		}
		if dec.Decision.Allowed() == want {
			t.Fatalf("%q: evaluator decision %s for repo:evil/x; want allowed=%v (key absent means IfExists holds)", key, dec.Decision, !want)
		}

		an, err := Analyze(doc, testRole, []*identity.Request{main})
		if err != nil {
			t.Fatal(err)
		}
		source := ""
		for _, a := range an.Admits {
			for _, k := range a.Keys {
				if names.Equal(k.Key, key) {
					source = k.Source
				}
			}
		}
		if (source == "claim") != want {
			t.Fatalf("%q: admits reads the key as source %q; evaluator present=%v", key, source, want)
		}
		if an.Broader == want {
			t.Fatalf("%q: admits Broader=%v, evaluator present=%v", key, an.Broader, want)
		}
		if !want {
			checkWitness(t, doc, []*identity.Request{main}, an.Witness)
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Fatalf("the generator produced only one kind of key: %v", seen)
	}
}

// TestNonASCIIFoldingReproducers: issue 16's reproducers, as the analysis
// sees them. Each key or action equals the real one only through Unicode
// folding, so it is another name: the condition restricts nothing.
func TestNonASCIIFoldingReproducers(t *testing.T) {
	main := githubRef(t, "o/r", "refs/heads/main")
	evil := githubRef(t, "evil/x", "refs/heads/main")
	cases := []struct {
		name, doc   string
		evilAllowed bool
	}{
		{"StringEqualsIfExists on :\u017fub", trust(allow(githubARN, conditionGH+`, "StringEqualsIfExists": {"`+gh+`:\u017fub": "repo:o/r:ref:refs/heads/main"}`)), true},
		{"Null true on :\u017fub", trust(allow(githubARN, conditionGH+`, "StringEquals": {"`+gh+`:sub": ["repo:o/r:ref:refs/heads/main", "repo:evil/x:ref:refs/heads/main"]}`), deny(`"Null": {"`+gh+`:\u017fub": "false"}`)), true},
		{"StringEquals on :\u017fub (absent: never matches)", trust(allow(githubARN, conditionGH+`, "StringEquals": {"`+gh+`:\u017fub": "repo:evil/x:ref:refs/heads/main"}`)), false},
		{"ASCII case variant :SUB is the key", trust(allow(githubARN, conditionGH+`, "StringEqualsIfExists": {"`+gh+`:SUB": "repo:o/r:ref:refs/heads/main"}`)), false},
		{"action \u017fts:AssumeRoleWithWebIdentity is another action", strings.Replace(trust(allow(githubARN, conditionGH)), "sts:Assume", "\u017fts:Assume", 1), false},
		{"StringEqualsIgnoreCase does not fold U+017F", trust(allow(githubARN, conditionGH+`, "StringEqualsIgnoreCase": {"`+gh+`:sub": "repo:evil/x:ref:ref\u017f/heads/main"}`)), false},
		{"StringEqualsIgnoreCase folds ASCII", trust(allow(githubARN, conditionGH+`, "StringEqualsIgnoreCase": {"`+gh+`:sub": "REPO:EVIL/X:ref:refs/heads/MAIN"}`)), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustParse(t, tc.doc)
			res, err := evaluate.Request(doc, evil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Decision.Allowed() != tc.evilAllowed {
				t.Errorf("repo:evil/x: decision %s, want allowed=%v", res.Decision, tc.evilAllowed)
			}
			an, err := Analyze(doc, testRole, []*identity.Request{main})
			if err != nil {
				t.Fatal(err)
			}
			// evil is not the declared caller: when the evaluator allows it
			// the analysis must say the trust is broader; any witness it
			// gives must be one the evaluator allows.
			if tc.evilAllowed && !an.Broader {
				t.Errorf("the evaluator allows repo:evil/x but admits says the trust is not broader than main")
			}
			if an.Broader {
				checkWitness(t, doc, []*identity.Request{main}, an.Witness)
			}
		})
	}
}
