package admits

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"
	"unicode"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// Tests of the memory-saving forms of automata (chains, views of shared
// languages, pooled scratch): each must decide exactly what the plain
// construction decides.

// sameLanguage compares two automata over the same alphabet on every
// string over runes up to length n, and on their first members.
func sameLanguage(t *testing.T, name string, a *alphabet, got, want *dfa, runes string, n int) {
	t.Helper()
	for _, s := range allStrings(runes, n) {
		if got.has(a, s) != want.has(a, s) {
			t.Fatalf("%s: on %q got %v, want %v", name, s, got.has(a, s), want.has(a, s))
		}
	}
	if g, w := got.members(a, 3), want.members(a, 3); !slices.Equal(g, w) {
		t.Errorf("%s: members %q, want %q", name, g, w)
	}
	if g, w := got.count(a, 5), want.count(a, 5); g != w {
		t.Errorf("%s: count %d, want %d", name, g, w)
	}
	if got.empty() != want.empty() || got.universal() != want.universal() {
		t.Errorf("%s: empty/universal %v/%v, want %v/%v", name, got.empty(), got.universal(), want.empty(), want.universal())
	}
}

// TestLiteralDFAMatchesCompile: the chain of a literal is the very
// automaton (states and numbering) that subset construction gives.
func TestLiteralDFAMatchesCompile(t *testing.T) {
	a := newAlphabet(map[rune]bool{'a': false, 'b': false, ':': false, 'é': true})
	for _, s := range []string{"", "a", "ab", "ba:é", "zz", "aaaa", "É:x", "système:serviceaccount"} {
		want := compile(a, [][]elem{a.literal(s)})
		got := literalDFA(a, s)
		if got.k != want.k || !slices.Equal(got.accept, want.accept) {
			t.Fatalf("literal %q: got %d classes, accept=%v; want %d, accept=%v", s, got.k, got.accept, want.k, want.accept)
		}
		for st := range want.accept {
			for c := 0; c < want.k; c++ {
				if g, w := got.step(int32(st), c), want.step(int32(st), c); g != w {
					t.Errorf("literal %q: state %d class %d goes to %d, want %d", s, st, c, g, w)
				}
			}
		}
	}
}

// TestSharedLanguagesMatchBuiltOnes: views of the shared languages decide
// what the same languages built over the analysis's alphabet decide.
func TestSharedLanguagesMatchBuiltOnes(t *testing.T) {
	seen := map[rune]bool{'q': false, '9': false, 'R': true}
	for _, r := range probeRunes {
		seen[r] = false
	}
	a := newAlphabet(seen)
	l := newLangs(a)
	const runes = "repo:/_qux" // probe runes, others, and the other class (x)
	for name, s := range map[string]*shared{"all": sharedAll, "nonEmpty": sharedNonEmpty, "none": sharedNone, "emptyStr": sharedEmptyStr} {
		sameLanguage(t, name, a, l.shared(s), s.build(a), runes, 4)
	}
	for name, tc := range map[string]struct {
		s       *shared
		samples []string
	}{
		"pull request": {sharedPullRequest, []string{"repo:o/r:pull_request", "repo:o:r:pull_request", "repo:/:pull_request", "repo:o/r:pull_requests", "x"}},
		"owner":        {sharedGitHubOwner, []string{"repo:o/r", "repo:/", "repo:o:x/r", "repo:o", "repo:a/b/c"}},
		"kube-system":  {sharedKubeSystem, []string{"system:serviceaccount:kube-system:x", "system:serviceaccount:kube-system:", "system:serviceaccount:default:x"}},
	} {
		got, want := l.shared(tc.s), tc.s.build(a)
		sameLanguage(t, name, a, got, want, "repo:/_x", 3)
		for _, v := range tc.samples {
			if got.has(a, v) != want.has(a, v) {
				t.Errorf("%s: on %q got %v, want %v", name, v, got.has(a, v), want.has(a, v))
			}
		}
		sameLanguage(t, name+" complement", a, got.complement(), want.complement(), "repo:/_x", 3)
		sameLanguage(t, name+" product", a, intersect(got, l.literal("repo:o/r:pull_request")), intersect(want, l.literal("repo:o/r:pull_request")), "repo:/_x", 2)
	}
	// An alphabet without the probe's runes gets the language built over
	// it, as before shared languages.
	small := newLangs(newAlphabet(map[rune]bool{'a': false}))
	got := small.shared(sharedPullRequest)
	if got.view != nil {
		t.Error("pull request probe over an alphabet without its runes is a view")
	}
	sameLanguage(t, "pull request, small alphabet", small.a, got, sharedPullRequest.build(small.a), "ar:", 4)
}

// referenceAlphabet is newAlphabet as it was written with maps.
func referenceAlphabet(seen map[rune]bool) ([]rune, rune) {
	all := map[rune]bool{}
	for r, fold := range seen {
		all[r] = true
		for f := unicode.SimpleFold(r); fold && f != r; f = unicode.SimpleFold(f) {
			all[f] = true
		}
	}
	var runes []rune
	for r := range all {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	for _, r := range "xyzqjkvwx0123456789abcdefghilmnoprstu" {
		if !all[r] {
			return runes, r
		}
	}
	for r := rune(0x3b1); ; r++ {
		if !all[r] && unicode.IsLetter(r) && unicode.SimpleFold(r) == r {
			return runes, r
		}
	}
}

// TestAlphabetMatchesReference: the map-free alphabet has the same classes
// and the same representative of the other class as the reference.
func TestAlphabetMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	pool := []rune("xyzqjkvwXYZKk0123456789abcdefghilmnoprstu:/*é\u212aßſΣσςα")
	for n := 0; n < 500; n++ {
		seen := map[rune]bool{}
		for i := rng.IntN(len(pool)); i > 0; i-- {
			seen[pool[rng.IntN(len(pool))]] = rng.IntN(3) == 0
		}
		runes, other := referenceAlphabet(seen)
		a := newAlphabet(seen)
		if !slices.Equal(a.runes, runes) || a.other != other {
			t.Fatalf("%v: runes %q other %q, want %q other %q", seen, string(a.runes), a.other, string(runes), other)
		}
		for i, r := range runes {
			if a.class(r) != i {
				t.Fatalf("%v: class of %q is %d, want %d", seen, r, a.class(r), i)
			}
		}
		if a.class(other) != len(runes) {
			t.Fatalf("%v: the other rune %q has class %d", seen, other, a.class(other))
		}
	}
}

// TestScratchReuseKeepsAutomataIndependent: automata built one after the
// other from pooled scratch memory keep their own tables.
func TestScratchReuseKeepsAutomataIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	a := newAlphabet(map[rune]bool{'a': false, 'b': false})
	type built struct {
		glob string
		d    *dfa
		next []int32
	}
	var all []built
	for i := 0; i < 200; i++ {
		g := randomGlob(rng)
		d := compile(a, [][]elem{a.glob(condition.CompileGlob(g))})
		all = append(all, built{g, d, slices.Clone(d.next)})
		if i > 0 {
			_ = union(d, all[i-1].d).members(a, 2)
			_ = meets(d, all[i-1].d)
		}
	}
	for _, b := range all {
		if !slices.Equal(b.d.next, b.next) {
			t.Fatalf("automaton of %q changed after later constructions", b.glob)
		}
		for _, s := range allStrings("abc", 4) {
			if got, want := b.d.has(a, s), condition.CompileGlob(b.glob).Match(s); got != want {
				t.Fatalf("glob %q on %q: automaton says %v, matcher %v", b.glob, s, got, want)
			}
		}
	}
}

// TestAnalyzeResolvedMatchesAnalyze: given the callers resolved, the
// answer is Analyze's.
func TestAnalyzeResolvedMatchesAnalyze(t *testing.T) {
	doc, callers := largeTrust(t)
	want, err := Analyze(doc, testRole, callers)
	if err != nil {
		t.Fatal(err)
	}
	resolved := make([]*identity.Resolved, len(callers))
	for i, c := range callers {
		req := *c
		req.RoleARN = testRole
		if resolved[i], err = req.Resolve(); err != nil {
			t.Fatal(err)
		}
	}
	got, err := AnalyzeResolved(doc, testRole, resolved)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AnalyzeResolved differs from Analyze:\n got %+v\nwant %+v", got, want)
	}
	if _, err := AnalyzeResolved(nil, testRole, resolved); err == nil {
		t.Error("no error for a missing trust")
	}
	if _, err := AnalyzeResolved(doc, "arn:aws:s3:::bucket", resolved); err == nil {
		t.Error("no error for a role ARN that is not a role's")
	}
}

// TestConcurrentAnalyses: analyses share languages and scratch memory;
// run under -race, concurrent ones must not interfere.
func TestConcurrentAnalyses(t *testing.T) {
	doc, callers := largeTrust(t)
	want, err := Analyze(doc, testRole, callers)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := Analyze(doc, testRole, callers)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("concurrent analysis differs (err %v)", err)
			}
		}()
	}
	wg.Wait()
}

// referenceMinimize is minimize as it was written with maps.
func referenceMinimize(d *dfa) *dfa {
	n, k := len(d.accept), d.k
	part := make([]int32, n)
	for s := range part {
		if d.accept[s] {
			part[s] = 1
		}
	}
	count := 0
	for {
		ids := map[string]int32{}
		np := make([]int32, n)
		for s := 0; s < n; s++ {
			key := []int32{part[s]}
			for c := 0; c < k; c++ {
				key = append(key, part[d.step(int32(s), c)])
			}
			var b []byte
			for _, v := range key {
				b = append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
			}
			id, ok := ids[string(b)]
			if !ok {
				id = int32(len(ids))
				ids[string(b)] = id
			}
			np[s] = id
		}
		part = np
		if len(ids) == count {
			break
		}
		count = len(ids)
	}
	order := map[int32]int32{part[0]: 0}
	rep := []int{0}
	out := &dfa{k: k}
	for i := 0; i < len(rep); i++ {
		s := rep[i]
		out.accept = append(out.accept, d.accept[s])
		for c := 0; c < k; c++ {
			t := d.step(int32(s), c)
			id, ok := order[part[t]]
			if !ok {
				id = int32(len(rep))
				order[part[t]] = id
				rep = append(rep, int(t))
			}
			out.next = append(out.next, id)
		}
	}
	return out
}

// TestMinimizeMatchesReference: minimization with pooled tables gives the
// automaton the map-based version gives, state for state.
func TestMinimizeMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 13))
	a := newAlphabet(map[rune]bool{'a': false, 'b': false, 'c': false})
	for n := 0; n < 300; n++ {
		var pats [][]elem
		for i := rng.IntN(4) + 1; i > 0; i-- {
			pats = append(pats, a.glob(condition.CompileGlob(randomGlob(rng)+randomGlob(rng))))
		}
		d := compile(a, pats)
		got, want := d.minimize(), referenceMinimize(d)
		if !slices.Equal(got.next, want.next) || !slices.Equal(got.accept, want.accept) {
			t.Fatalf("minimize differs: got %v %v, want %v %v", got.next, got.accept, want.next, want.accept)
		}
	}
}
