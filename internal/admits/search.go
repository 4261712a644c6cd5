package admits

import (
	"slices"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// searchBudget bounds the number of regions one search visits. Realistic
// trusts need a few dozen; when the budget runs out the answer is marked
// incomplete rather than guessed.
const searchBudget = 50000

// search looks for a region of requests inside an Allow box and outside
// every subtracted box (Deny statements, declared callers). A request
// escapes a box when one of its keys lies outside the box's set for that
// key, so the search branches on which key each box is escaped by, in the
// group's key order; a box the region does not meet needs no branch.
type search struct {
	l      *langs
	g      *group
	order  []int
	nodes  int
	leaves int
	// found is set when some non-empty region was reached.
	found      bool
	incomplete bool
	approx     bool
	// leaf is called with each region reached; it returns true to stop.
	leaf func(region []keySet) bool
}

func newSearch(l *langs, g *group, leaf func([]keySet) bool) *search {
	return &search{l: l, g: g, order: g.order(), leaf: leaf}
}

// run reports whether the leaf function asked to stop.
func (s *search) run(region []keySet, subtract []*box) bool {
	s.nodes++
	if s.nodes > searchBudget {
		s.incomplete = true
		return false
	}
	for len(subtract) > 0 && (subtract[0].empty || s.disjoint(region, subtract[0])) {
		subtract = subtract[1:]
	}
	if len(subtract) == 0 {
		s.found = true
		s.leaves++
		return s.leaf(region)
	}
	b := subtract[0]
	for _, i := range s.order {
		if i >= len(b.sets) || b.sets[i] == nil {
			continue
		}
		for _, escape := range b.sets[i].not(s.l, s.g.dims[i].multi) {
			set := region[i].and(escape)
			if s.isEmpty(i, set) {
				continue
			}
			next := slices.Clone(region)
			next[i] = set
			if s.run(next, subtract[1:]) {
				return true
			}
			if s.nodes > searchBudget {
				return false
			}
		}
	}
	return false
}

// disjoint reports whether the region and the box share no request.
func (s *search) disjoint(region []keySet, b *box) bool {
	for i, set := range b.sets {
		if set == nil {
			continue
		}
		r := region[i]
		switch {
		case r.absent && set.absent:
		case set.points != nil && !s.g.dims[i].multi:
			if !slices.ContainsFunc(set.points, func(v string) bool { return r.hasValue(s.l, v) }) {
				return true
			}
		case !s.g.dims[i].multi && len(r.opaque) == 0 && len(set.opaque) == 0 && len(r.except) == 0:
			if !meets(r.lang, set.lang) {
				return true
			}
		case s.isEmpty(i, r.and(*set)):
			return true
		}
	}
	return false
}

// isEmpty reports whether no state of dim i is in the set.
func (s *search) isEmpty(i int, set keySet) bool {
	if set.absent {
		return false
	}
	empty, approx := set.presentEmpty(s.l, s.g.dims[i].multi, func() []string { return s.g.valueCandidates(s.l, i, set, nil) })
	s.approx = s.approx || approx
	return empty
}

// start returns the regions an Allow box begins as: its sets intersected
// with each domain variant of the group. Empty regions are left out.
func (s *search) start(allow *box) [][]keySet {
	variants := s.g.variants
	single := len(variants) == 0
	if single {
		variants = [][]keySet{nil}
	}
	var out [][]keySet
	for _, v := range variants {
		var region []keySet
		if single {
			region = s.g.domains() // a fresh slice
		} else {
			region = slices.Clone(v)
		}
		ok := !allow.empty
		for i := range region {
			if i < len(allow.sets) && allow.sets[i] != nil {
				region[i] = region[i].and(*allow.sets[i])
			}
			if ok && s.isEmpty(i, region[i]) {
				ok = false
			}
		}
		if ok {
			out = append(out, region)
		}
	}
	return out
}

// buildGroups splits the trust by Federated principal and translates every
// statement and declared caller into boxes over the group's keys.
func buildGroups(l *langs, doc *policy.Document, roleAccount string, callers []*identity.Resolved) (groups []*group, notes []string) {
	for _, p := range allowedPrincipals(doc) {
		pp, ok := identity.ParseFederatedPrincipal(p)
		if !ok {
			notes = append(notes, "Federated principal "+quote(p)+" is not a web identity provider (an OIDC provider ARN or a built-in provider); no web identity request matches it")
			continue
		}
		if !pp.Provider.BuiltIn && roleAccount != "" && pp.Account != roleAccount {
			notes = append(notes, "Federated principal "+quote(p)+" is in account "+pp.Account+", not the role's account "+roleAccount+"; STS only uses providers in the role's account, so it admits nobody")
			continue
		}
		groups = append(groups, newGroup(l, doc, p, pp.Provider, callers))
	}
	return groups, notes
}

func newGroup(l *langs, doc *policy.Document, p string, prov identity.Provider, callers []*identity.Resolved) *group {
	g := &group{principal: p, provider: prov, index: map[string]int{}}
	var allows, denies []*policy.Statement
	for si := range doc.Statements {
		s := &doc.Statements[si]
		switch {
		case s.Effect == policy.Allow && allowApplies(s, p):
			allows = append(allows, s)
		case s.Effect == policy.Deny && denyApplies(s, p):
			denies = append(denies, s)
		}
	}
	// Create every dim first, so that all boxes have the same length.
	for _, c := range primaryClaims(prov.Kind) {
		g.dimFor(l, prov.KeyPrefix+":"+c)
	}
	for _, s := range append(slices.Clone(allows), denies...) {
		for ci := range s.Conditions {
			g.dimFor(l, s.Conditions[ci].Key)
		}
	}
	variables := doc.VariablesEnabled()
	for _, s := range allows {
		g.allows = append(g.allows, g.statementBox(l, s, variables))
	}
	for _, s := range denies {
		g.denies = append(g.denies, g.statementBox(l, s, variables))
	}
	for ci, res := range callers {
		if res != nil && res.Principal == p {
			g.callerReqs = append(g.callerReqs, res)
			g.callers = append(g.callers, g.callerBox(l, ci, res))
		}
	}
	// Finish only now: deciding emptiness may need every statement's values.
	for _, b := range append(append(slices.Clone(g.allows), g.denies...), g.callers...) {
		g.finish(l, b)
	}
	if prov.Kind == identity.KindCognito {
		g.cognitoVariants(l)
	}
	return g
}

// finish pads the box to the group's dims and marks it empty when a key
// admits no state at all (within the key's domain).
func (g *group) finish(l *langs, b *box) {
	for len(b.sets) < len(g.dims) {
		b.sets = append(b.sets, nil)
	}
	for i, set := range b.sets {
		if set == nil {
			continue
		}
		in := g.dims[i].domain.and(*set)
		if !in.absent {
			empty, approx := in.presentEmpty(l, g.dims[i].multi, func() []string { return g.valueCandidates(l, i, in, nil) })
			g.approx = g.approx || approx
			b.empty = b.empty || empty
		}
	}
}
