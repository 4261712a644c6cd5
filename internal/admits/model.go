package admits

import (
	"slices"
	"strings"
	"sync"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// keyKind says where a condition key's value comes from for one provider.
type keyKind int

const (
	// keyIdentity is a token claim AWS maps to a key for the provider
	// (aws-reference.md#claim-keys-per-provider): part of who the caller is.
	keyIdentity keyKind = iota
	// keyContext is a request key the caller chooses when it calls
	// (sts:RoleSessionName, aws:SourceIp, ...): not part of who it is.
	keyContext
	// keyNever is a key AWS never puts in this request: a claim it does
	// not map, another provider's prefix, or a key whose presence is
	// unconfirmed and taken as absent, as the evaluator does (aws-reference.md#request-keys).
	keyNever
)

// dim is one condition key of a group: a dimension of the request space.
type dim struct {
	key     string // as first written
	claim   string // canonical claim name, for identity keys
	kind    keyKind
	multi   bool // multivalued: amr, aws:TagKeys, sts:TransitiveTagKeys
	primary bool // the claim that names the caller (sub, or aud and amr for Cognito)
	domain  keySet
	// fixed caches the region-independent candidate values (templates
	// and filled trust values) once computed.
	fixed *fixedCandidates
}

type fixedCandidates struct {
	templates []template
	fills     []string
}

// box is a product of key sets, one per dim; nil means unrestricted.
type box struct {
	sets []*keySet
	stmt *policy.Statement // nil for a caller
	// caller is the index of the declared caller (-1 for statements).
	caller int
	empty  bool // some key admits no state: the box contains nothing
}

// group is everything about requests from one Federated principal.
type group struct {
	principal string
	provider  identity.Provider
	dims      []*dim
	index     map[string]int // lower-case key -> dim
	allows    []*box
	denies    []*box
	callers   []*box
	// callerReqs are the resolved declared callers with this principal.
	callerReqs []*identity.Resolved
	// variants are alternative domains of the primary keys (Cognito amr:
	// a guest identity or an authenticated one, never both).
	variants [][]keySet
	approx   bool
	// probe caches tenantProbe.
	probe *dfa
	// orderCache caches order (callers only read it).
	orderCache []int
	// lowered caches lower.
	lowered map[string]string
}

// classifyKey says what a key is for a provider, with the canonical claim
// name of identity keys. Key names compare case-insensitively.
func classifyKey(p identity.Provider, key string) (keyKind, string, bool) {
	return classifyLower(p, names.Fold(p.KeyPrefix), key, names.Fold(key))
}

// classifyLower is classifyKey given the provider's key prefix and the key
// in lower case.
func classifyLower(p identity.Provider, lowerPrefix, key, lower string) (keyKind, string, bool) {
	// Cut at the last colon: a malformed key such as
	// "https://host:sub" must not read as the context prefix "https".
	i := strings.LastIndexByte(lower, ':')
	ok := i >= 0
	prefix, rest := lower, ""
	if ok {
		prefix, rest = lower[:i], lower[i+1:]
	}
	switch {
	case !ok:
		return keyNever, "", false
	case prefix == lowerPrefix:
		for _, c := range mappedClaims(p.Kind) {
			if names.Equal(c, rest) {
				return keyIdentity, c, c == "amr"
			}
		}
		return keyNever, "", false
	case strings.ContainsAny(prefix, "./"), identity.PresenceAssumption(key) != "":
		return keyNever, "", false
	}
	return keyContext, "", identity.MultivaluedKey(key)
}

// mappedClaimsByKind caches identity.MappedClaims, which copies its list
// on every call (classifyKey runs for every key of every analysis).
var mappedClaimsByKind struct {
	sync.Mutex
	m map[identity.Kind][]string
}

// mappedClaims returns identity.MappedClaims(k), shared: do not modify.
func mappedClaims(k identity.Kind) []string {
	c := &mappedClaimsByKind
	c.Lock()
	defer c.Unlock()
	claims, ok := c.m[k]
	if !ok {
		if c.m == nil {
			c.m = map[identity.Kind][]string{}
		}
		claims = identity.MappedClaims(k)
		c.m[k] = claims
	}
	return claims
}

// primaryClaims are the claims that name the caller for a provider kind.
func primaryClaims(k identity.Kind) []string {
	switch k {
	case identity.KindCognito:
		return []string{"amr", "aud"}
	case identity.KindFacebook:
		return []string{"id"}
	case identity.KindAmazon:
		return []string{"user_id"}
	}
	return []string{"sub"}
}

// alwaysPresent lists claims every token of a provider carries, so a
// witness never leaves them out.
func alwaysPresent(k identity.Kind, claim string) bool {
	switch k {
	case identity.KindFacebook, identity.KindAmazon:
		return claim == "app_id" || claim == "id" || claim == "user_id"
	case identity.KindCognito:
		return claim == "aud" || claim == "sub" || claim == "amr"
	}
	return claim == "sub" || claim == "aud"
}

var lowerWebIdentityAction = names.Fold(identity.ActionAssumeRoleWithWebIdentity)

// coversWebIdentity reports whether the statement's Action or NotAction
// covers sts:AssumeRoleWithWebIdentity (case-insensitive globs).
func coversWebIdentity(s *policy.Statement) bool {
	hit := false
	for _, a := range s.Actions {
		if !strings.ContainsAny(a, "*?") && !names.Equal(a, identity.ActionAssumeRoleWithWebIdentity) {
			// Without wildcards the glob is an equality of the folded
			// texts, which is names.Equal: skip folding and compiling.
			continue
		}
		if condition.MatchGlob(names.Fold(a), lowerWebIdentityAction) {
			hit = true
			break
		}
	}
	return hit != s.NotAction
}

// federated returns the statement's Federated principal values.
func federated(s *policy.Statement) []string {
	if s.Principal == nil {
		return nil
	}
	var out []string
	for k, vs := range s.Principal.Values {
		if k == "Federated" { // principal types are case-sensitive, as evaluate.PrincipalValues reads them
			out = append(out, vs...)
		}
	}
	return out
}

// denyApplies reports whether a Deny statement covers requests from
// principal p, as the evaluator matches Deny principals.
func denyApplies(s *policy.Statement, p string) bool {
	if s.NotPrincipal != nil || s.Principal == nil || !coversWebIdentity(s) {
		return false
	}
	if s.Principal.Wildcard {
		return true
	}
	vs := federated(s)
	return slices.Contains(vs, p) || slices.Contains(vs, "*")
}

// allowedPrincipals lists, in statement order and once each, the Federated
// principals that some Allow statement applies to (allowApplies).
func allowedPrincipals(doc *policy.Document) []string {
	seen := map[string]bool{}
	var out []string
	for si := range doc.Statements {
		s := &doc.Statements[si]
		if s.Effect != policy.Allow {
			continue
		}
		for _, p := range federated(s) {
			if !seen[p] && allowApplies(s, p) {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// allowApplies reports whether an Allow statement can admit principal p.
func allowApplies(s *policy.Statement, p string) bool {
	if s.NotPrincipal != nil || s.Principal == nil || s.Principal.Wildcard || !coversWebIdentity(s) {
		return false
	}
	return slices.Contains(federated(s), p)
}

// lower returns names.Fold(s) (ASCII lower case), remembering it: keys are looked up by
// their lower-case form many times per analysis.
func (g *group) lower(s string) string {
	plain := true // no ASCII upper case: names.Fold returns s
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] < 'A' || s[i] > 'Z'
	}
	if plain {
		return s
	}
	if l, ok := g.lowered[s]; ok {
		return l
	}
	if g.lowered == nil {
		g.lowered = map[string]string{}
	}
	l := names.Fold(s)
	g.lowered[s] = l
	return l
}

// dimFor returns the dim of a key, adding it when new.
func (g *group) dimFor(l *langs, key string) int {
	lower := g.lower(key)
	if i, ok := g.index[lower]; ok {
		return i
	}
	kind, claim, multi := classifyLower(g.provider, g.lower(g.provider.KeyPrefix), key, lower)
	d := &dim{key: key, claim: claim, kind: kind, multi: multi}
	switch {
	case kind == keyNever:
		d.domain = keySet{absent: true, lang: l.none}
	case multi:
		d.domain = keySet{absent: true, lang: l.nonEmpty}
	default:
		d.domain = keySet{absent: true, lang: l.all}
	}
	if kind == keyIdentity && alwaysPresent(g.provider.Kind, claim) {
		d.domain.absent = false
	}
	if lower == "sts:rolesessionname" {
		d.domain.absent = false // a required parameter of the call (aws-reference.md#token-format)
	}
	d.primary = kind == keyIdentity && slices.Contains(primaryClaims(g.provider.Kind), claim)
	g.index[lower] = len(g.dims)
	g.dims = append(g.dims, d)
	return len(g.dims) - 1
}

// statementBox translates a statement's conditions for this group.
func (g *group) statementBox(l *langs, s *policy.Statement, variables bool) *box {
	b := &box{stmt: s, caller: -1}
	for ci := range s.Conditions {
		c := &s.Conditions[ci]
		i := g.dimFor(l, c.Key)
		set, approx := l.conditionSet(c, variables, g.dims[i].multi)
		g.approx = g.approx || approx
		b.restrict(i, set, len(g.dims))
	}
	return b
}

// restrict intersects dim i of the box with set.
func (b *box) restrict(i int, set keySet, n int) {
	for len(b.sets) < n {
		b.sets = append(b.sets, nil)
	}
	if b.sets[i] != nil {
		set = b.sets[i].and(set)
	}
	b.sets[i] = &set
}

// cognitoPlaceholderSub is the sub identity.CognitoIdentityPool uses: the
// binding stands for every identity of the pool, so its sub names no one.
const cognitoPlaceholderSub = ":00000000-0000-0000-0000-000000000000"

// callerBox is the set of requests a declared caller stands for: its
// principal and the values it declares for the group's identity keys;
// keys it does not declare are open. A multivalued key must contain every
// declared value, and "unauthenticated" only if declared.
func (g *group) callerBox(l *langs, ci int, res *identity.Resolved) *box {
	b := &box{caller: ci}
	for i, d := range g.dims {
		if d.kind != keyIdentity {
			continue
		}
		vals, ok := res.Lookup(d.key)
		if !ok || len(vals) == 0 {
			continue
		}
		if d.claim == "sub" && g.provider.Kind == identity.KindCognito && strings.HasSuffix(vals[0], cognitoPlaceholderSub) {
			continue
		}
		if !d.multi {
			lang := l.literal(vals[0])
			for _, v := range vals[1:] {
				lang = union(lang, l.literal(v))
			}
			b.restrict(i, keySet{lang: lang, points: vals}, len(g.dims))
			continue
		}
		set := keySet{lang: l.nonEmpty}
		if !slices.Contains(vals, "unauthenticated") {
			set.lang = minus(l.nonEmpty, l.literal("unauthenticated"))
		}
		for _, v := range vals {
			if v != "" {
				set.some = append(set.some, l.literal(v))
			}
		}
		b.restrict(i, set, len(g.dims))
	}
	return b
}

// cognitoVariants are the two kinds of Cognito identity: a guest has amr
// ["unauthenticated"]; an authenticated identity has "authenticated" and
// its login providers, never "unauthenticated" (aws-reference.md#claim-keys-per-provider, aws-reference.md#cognito-identities).
func (g *group) cognitoVariants(l *langs) {
	i := g.dimFor(l, g.provider.KeyPrefix+":amr")
	unauth, auth := l.literal("unauthenticated"), l.literal("authenticated")
	guest := slices.Clone(g.domains())
	guest[i] = keySet{lang: unauth}
	member := slices.Clone(g.domains())
	member[i] = keySet{lang: minus(l.nonEmpty, unauth), some: []*dfa{auth}}
	g.variants = [][]keySet{member, guest}
}

// domains returns every dim's domain.
func (g *group) domains() []keySet {
	out := make([]keySet, len(g.dims))
	for i, d := range g.dims {
		out[i] = d.domain
	}
	return out
}

// order lists the dims by how much they say about who the caller is:
// primary claims, other claims, then request keys.
func (g *group) order() []int {
	if len(g.orderCache) == len(g.dims) {
		return g.orderCache // no dim was added since
	}
	idx := make([]int, len(g.dims))
	for i := range idx {
		idx[i] = i
	}
	rank := func(d *dim) int {
		switch {
		case d.primary:
			return slices.Index(primaryClaims(g.provider.Kind), d.claim)
		case d.kind == keyIdentity:
			return 10
		case d.kind == keyContext:
			return 20
		}
		return 30
	}
	slices.SortStableFunc(idx, func(a, b int) int { return rank(g.dims[a]) - rank(g.dims[b]) })
	g.orderCache = idx
	return idx
}
