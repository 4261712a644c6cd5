package admits

import (
	"sync"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
)

// Some languages are the same in every analysis: every string, no string,
// the probe patterns of shapes. They are built once, over the small
// alphabet of the runes they name, and each analysis reads them through a
// class map (a view) instead of building its own copy over its own
// alphabet. An analysis's alphabet holds every rune a shared language
// names (probeRunes are always collected), and every other rune falls in
// the shared alphabet's other class, so a view decides exactly what a
// fresh automaton would, with the same states reachable.

// view reads a shared automaton over another alphabet.
type view struct {
	base  *dfa
	remap []int32 // class of the analysis -> class of base's alphabet; nil: all to 0
}

// shared is a language built once, on first use, over the alphabet of the
// runes of runes.
type shared struct {
	runes string
	build func(a *alphabet) *dfa
	once  sync.Once
	a     *alphabet
	d     *dfa
}

func (s *shared) get() (*alphabet, *dfa) {
	s.once.Do(func() {
		seen := map[rune]bool{}
		for _, r := range s.runes {
			seen[r] = false
		}
		s.a = newAlphabet(seen)
		s.d = s.build(s.a)
	})
	return s.a, s.d
}

// The shared languages.
var (
	sharedAll = &shared{build: func(a *alphabet) *dfa {
		return compile(a, [][]elem{{{star: true, set: a.full()}}})
	}}
	sharedNonEmpty = &shared{build: func(a *alphabet) *dfa {
		return compile(a, [][]elem{{{set: a.full()}, {star: true, set: a.full()}}})
	}}
	sharedNone     = &shared{build: func(a *alphabet) *dfa { return compile(a, nil) }}
	sharedEmptyStr = &shared{build: func(a *alphabet) *dfa { return compile(a, [][]elem{{}}) }}
	// repo:OWNER/REPO:pull_request; owner and repository contain no ':'.
	sharedPullRequest = &shared{runes: "repo::pull_request", build: func(a *alphabet) *dfa {
		return compile(a, [][]elem{concat(a.literal("repo:"), a.glob(condition.CompileGlob("*"), ':'), a.literal(":pull_request"))})
	}}
	// repo:OWNER/...; the owner contains no '/' or ':'.
	sharedGitHubOwner = &shared{runes: "repo:/", build: func(a *alphabet) *dfa {
		return compile(a, [][]elem{concat(a.literal("repo:"), a.glob(condition.CompileGlob("*"), '/', ':'), a.literal("/"), a.glob(condition.CompileGlob("*")))})
	}}
	sharedKubeSystem = &shared{runes: "system:serviceaccount:kube-system:", build: func(a *alphabet) *dfa {
		return compile(a, [][]elem{a.glob(condition.CompileGlob("system:serviceaccount:kube-system:*"))})
	}}
)

// shared returns the analysis's view of a shared language; when the
// analysis's alphabet lacks a rune the language names (not in Analyze,
// which collects probeRunes), the language is built over it instead.
func (l *langs) shared(s *shared) *dfa { return l.sharedIn(s, new(sharedView)) }

// sharedView holds a view and its automaton in one allocation.
type sharedView struct {
	d dfa
	v view
}

// sharedIn is shared, filling sv (unless the language must be built).
func (l *langs) sharedIn(s *shared, sv *sharedView) *dfa {
	sa, base := s.get()
	var remap []int32 // nil: every class is sa's other class
	if len(sa.runes) > 0 {
		found := false
		for _, r := range l.remaps {
			if r.a == sa {
				remap, found = r.remap, true
				break
			}
		}
		if !found {
			remap = l.remapTo(sa)
			l.remaps = append(l.remaps, remapping{sa, remap})
		}
		if remap == nil {
			return s.build(l.a)
		}
	}
	sv.v = view{base: base, remap: remap}
	sv.d = dfa{k: l.a.size(), view: &sv.v, accept: base.accept}
	return &sv.d
}

// remapping is the class map from an analysis's alphabet to a shared one.
type remapping struct {
	a     *alphabet
	remap []int32
}

// remapTo maps the analysis's classes to those of sa; nil when some rune
// of sa is not in the analysis's alphabet.
func (l *langs) remapTo(sa *alphabet) []int32 {
	for _, r := range sa.runes {
		if l.a.class(r) == len(l.a.runes) {
			return nil // r is in the analysis's other class
		}
	}
	remap := make([]int32, l.a.size())
	for c := range remap {
		remap[c] = int32(sa.class(l.a.rep(c)))
	}
	return remap
}
