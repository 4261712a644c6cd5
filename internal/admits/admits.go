// Package admits answers "who else can assume this role?": it computes,
// for every Allow statement of a role trust policy, the set of web identity
// requests the statement admits, as regular languages over each condition
// key's values (globs, equality, negations, IfExists, Null, set operators,
// Deny statements subtracted), compares that set with the declared callers,
// and, when the trust admits more, produces a concrete identity that the
// trust allows and no declared caller is. Every such witness is re-checked
// with the evaluator before it is returned. It also flags well-known
// dangerous trust shapes (no subject condition on a shared issuer, wildcard
// or organisation-wide subjects, pull requests admitted, ForAllValues: in
// an Allow, negated-only restrictions, Cognito guest identities).
//
// narrow.go holds ProvablyNarrow and ProvablyQuiet, checks of a trust's
// shape alone that prove, for the common exact trust, what the analysis
// would answer (nobody beyond the callers; no risky shape either), so
// that callers with many roles can skip it.
package admits

import (
	"fmt"
	"sort"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// Analysis is the answer for one trust policy and its declared callers.
type Analysis struct {
	// Admits describes, per Allow statement and Federated principal, the
	// requests it admits, key by key.
	Admits []Admitted
	// Broader is true when the trust admits an identity that no declared
	// caller is. It is false when no web identity caller is declared
	// (there is nothing to compare with; Shapes still report risks).
	Broader bool
	// Witness is a concrete identity the trust allows and no declared
	// caller is, confirmed by the evaluator; nil when !Broader (and, rarely,
	// when no candidate could be confirmed: then Notes says so).
	Witness *Witness
	// Shapes are dangerous trust shapes found whatever the callers.
	Shapes []Shape
	// Exact is false when part of the trust was not translated into
	// languages (numeric, date, IP or binary operators, policy variables,
	// set operators with such operators on multivalued keys) or the search
	// ran out of budget; Notes say which. Witnesses are verified either way.
	Exact bool
	// Notes explain principals that admit nobody and any inexactness.
	Notes []string
	// Skipped is true when the trust is longer than any trust IAM accepts
	// (policy.MaxTrustPolicySizeQuota): nothing was analysed, Admits,
	// Shapes and Witness are empty, and Notes says so (SkippedNote).
	Skipped bool
}

// SkippedNote says that the analysis of a trust of size characters (as
// IAM counts them) was skipped.
func SkippedNote(size int) string {
	return fmt.Sprintf("who else the trust admits was not analysed: the document is %d characters long as IAM counts it, more than the %d IAM accepts in a role trust policy even with a quota increase, so IAM refuses it anyway", size, policy.MaxTrustPolicySizeQuota)
}

// Admitted is what one Allow statement admits for one Federated principal.
type Admitted struct {
	Statement int    `json:"statement"`
	Sid       string `json:"sid,omitempty"`
	Principal string `json:"principal"`
	// Provider is the provider kind, e.g. "github", "eks", "cognito".
	Provider string `json:"provider"`
	// Nothing is true when the statement admits no request at all (an
	// unknown operator, a key AWS never sets that must be present, ...).
	Nothing bool `json:"nothing,omitempty"`
	// Keys lists the statement's condition keys, and the provider's
	// subject key when the statement leaves it open.
	Keys []KeyLanguage `json:"keys"`
}

// KeyLanguage describes the values one key may take in admitted requests.
type KeyLanguage struct {
	Key string `json:"key"`
	// Claim is the token claim behind the key ("" for request keys).
	Claim string `json:"claim,omitempty"`
	// Source is "claim", "request" or "never" (AWS never sets the key in
	// this request: a claim it does not map, another provider's key).
	Source string `json:"source"`
	// MayBeAbsent is true when requests without the key are admitted.
	MayBeAbsent bool `json:"may_be_absent"`
	// Unrestricted is true when every value is admitted.
	Unrestricted bool `json:"unrestricted"`
	// Matches are the values or patterns a value must match (one of, per
	// condition); Excludes those it must not match.
	Matches  []string `json:"matches,omitempty"`
	Excludes []string `json:"excludes,omitempty"`
	// Description says it in words, e.g. `matches "repo:octo-org/*"`.
	Description string `json:"description"`
}

// Witness is a concrete request the trust allows and no declared caller is.
type Witness struct {
	Principal string              `json:"principal"`
	Claims    map[string]any      `json:"claims"`
	Context   map[string][]string `json:"context,omitempty"`
	// Class says how the witness differs from the declared callers; one of
	// the Class* constants.
	Class string `json:"class"`
	// Description says it in words.
	Description string `json:"description"`
	// Statement is the index of the Allow statement that admits it.
	Statement int `json:"statement"`
	// Request is the witness as an evaluator request.
	Request *identity.Request `json:"-"`
}

// Witness classes.
const (
	ClassAnyTenant           = "any-tenant"            // the trust does not restrict the issuer's tenant at all
	ClassOtherProvider       = "other-provider"        // a Federated principal no caller uses
	ClassOtherOrganisation   = "other-organisation"    // another GitHub owner (or tenant)
	ClassOtherRepository     = "other-repository"      // another repository of a caller's owner
	ClassPullRequest         = "pull-request"          // a pull_request subject of a caller's repository
	ClassOtherEnvironment    = "other-environment"     // another environment of a caller's repository
	ClassOtherRef            = "other-ref"             // another branch or tag of a caller's repository
	ClassOtherNamespace      = "other-namespace"       // a service account in another Kubernetes namespace
	ClassOtherServiceAccount = "other-service-account" // another service account in a caller's namespace
	ClassGuestIdentity       = "guest-identity"        // an unauthenticated Cognito identity
	ClassOtherLoginProvider  = "other-login-provider"  // a Cognito identity authenticated by another provider
	ClassOtherIdentity       = "other-identity"        // another identity of the same pool
	ClassOtherAudience       = "other-audience"        // a token for another audience (client)
	ClassOtherSubject        = "other-subject"         // another subject of the same issuer
	ClassCaseVariant         = "case-variant"          // a caller's value in other letter case (IgnoreCase operators)
)

// classRank orders classes from the most to the least alarming, to pick
// the witness to show.
var classRank = []string{ClassAnyTenant, ClassOtherProvider, ClassOtherOrganisation, ClassGuestIdentity,
	ClassOtherNamespace, ClassOtherRepository, ClassPullRequest, ClassOtherServiceAccount, ClassOtherLoginProvider,
	ClassOtherEnvironment, ClassOtherRef, ClassOtherAudience, ClassOtherIdentity, ClassOtherSubject, ClassCaseVariant}

func rankOf(class string) int {
	for i, c := range classRank {
		if c == class {
			return i
		}
	}
	return len(classRank)
}

// Analyze computes what the trust admits and compares it with the declared
// callers (web identity requests; others are ignored). roleARN is the role
// the trust belongs to: it decides which OIDC provider ARNs STS can use
// (only the role's account) and is put in witness requests.
func Analyze(doc *policy.Document, roleARN string, callers []*identity.Request) (*Analysis, error) {
	roleAccount, err := checkInput(doc, roleARN)
	if err != nil {
		return nil, err
	}
	resolved := make([]*identity.Resolved, len(callers))
	declared := false
	for i, c := range callers {
		if c == nil {
			continue
		}
		req := *c
		if req.RoleARN == "" {
			req.RoleARN = roleARN
		}
		res, err := req.Resolve()
		if err != nil {
			return nil, fmt.Errorf("admits: declared caller %d: %v", i, err)
		}
		if res.PrincipalType == "Federated" {
			resolved[i], declared = res, true
		}
	}
	return analyze(doc, roleARN, roleAccount, resolved, declared), nil
}

// AnalyzeResolved is Analyze for declared callers that are already
// resolved (identity.Request.Resolve with RoleARN set to roleARN), for a
// caller that has just resolved them to check them: it gives the same
// answer without resolving them again. Nil entries and callers that are
// not web identities are ignored.
func AnalyzeResolved(doc *policy.Document, roleARN string, callers []*identity.Resolved) (*Analysis, error) {
	roleAccount, err := checkInput(doc, roleARN)
	if err != nil {
		return nil, err
	}
	resolved := make([]*identity.Resolved, len(callers))
	declared := false
	for i, res := range callers {
		if res != nil && res.PrincipalType == "Federated" {
			resolved[i], declared = res, true
		}
	}
	return analyze(doc, roleARN, roleAccount, resolved, declared), nil
}

// checkInput checks Analyze's trust and role ARN, and returns the role's
// account ("" when no role ARN is given).
func checkInput(doc *policy.Document, roleARN string) (string, error) {
	if doc == nil {
		return "", fmt.Errorf("admits: no trust policy given; parse one with policy.Parse first")
	}
	if roleARN == "" {
		return "", nil
	}
	a, ok := identity.ParseARN(roleARN)
	if !ok || a.Service != "iam" {
		return "", fmt.Errorf("admits: role ARN %q is not an IAM role ARN such as arn:aws:iam::111122223333:role/app", roleARN)
	}
	return a.Account, nil
}

// analyze runs the analysis on resolved web identity callers (nil for
// the others); declared says whether there is any.
func analyze(doc *policy.Document, roleARN, roleAccount string, resolved []*identity.Resolved, declared bool) *Analysis {
	if doc.Size > policy.MaxTrustPolicySizeQuota {
		// The cost grows with the document (issue 16): bounded by what IAM
		// accepts, not by what a plan may hold.
		return &Analysis{Skipped: true, Notes: []string{SkippedNote(doc.Size)}}
	}
	l := newLangs(collectRunes(doc, resolved).alphabet())
	groups, notes := buildGroups(l, doc, roleAccount, resolved)
	an := &analyzer{l: l, doc: doc, roleARN: roleARN, groups: groups, declared: declared}
	out := &Analysis{Notes: notes}
	for _, g := range groups {
		out.Admits = append(out.Admits, describeGroup(l, g)...)
		out.Shapes = append(out.Shapes, an.shapes(g)...)
	}
	if declared && !(narrowShortcut && ProvablyNarrow(doc, resolved)) {
		// (A trust provably inside its callers admits nobody else: the
		// search would find nothing.)
		out.Broader, out.Witness = an.broader()
		if out.Broader && out.Witness == nil {
			an.notef("the trust admits more than the declared callers, but no candidate identity could be confirmed by the evaluator; the languages involve keys whose values are linked (e.g. aud and azp)")
		}
	}
	sort.SliceStable(out.Admits, func(i, j int) bool { return out.Admits[i].Statement < out.Admits[j].Statement })
	sort.SliceStable(out.Shapes, func(i, j int) bool { return out.Shapes[i].Statement < out.Shapes[j].Statement })
	for _, g := range groups {
		if g.approx {
			an.notef("principal %s: some conditions (numeric, date, IP or binary operators, or policy variables) are decided value by value, and for some of them no admitted value was found among the candidates tried, or a set operator over them was over-approximated; the comparison may be off for those keys", g.principal)
		}
	}
	out.Notes = append(out.Notes, an.notes...)
	out.Exact = !an.inexact
	return out
}

// narrowShortcut lets analyze skip the search for identities beyond the
// callers when ProvablyNarrow says there is none (tests turn it off to
// compare).
var narrowShortcut = true

// analyzer carries one analysis.
type analyzer struct {
	l        *langs
	doc      *policy.Document
	roleARN  string
	groups   []*group
	declared bool
	notes    []string
	inexact  bool
}

func (an *analyzer) notef(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	an.inexact = true
	for _, n := range an.notes {
		if n == msg {
			return
		}
	}
	an.notes = append(an.notes, msg)
}

// broader searches every Allow box of every group for requests outside the
// Deny statements and the declared callers, and returns the most alarming
// confirmed witness.
func (an *analyzer) broader() (bool, *Witness) {
	found := false
	var best *Witness
	for _, g := range an.groups {
		subtract := append(append([]*box(nil), g.denies...), g.callers...)
		for _, allow := range g.allows {
			w, ok := an.find(g, allow, subtract, true, nil)
			found = found || ok
			if w != nil && (best == nil || rankOf(w.Class) < rankOf(best.Class)) {
				best = w
			}
		}
	}
	return found, best
}

// maxLeaves bounds the regions one search turns into candidate requests.
const maxLeaves = 16

// find runs one search and returns the first confirmed witness and whether
// any region was found. againstCallers makes the witness also be refused
// by every declared caller's pattern; restrict, when set, narrows the
// starting region (shape probes) or drops it by returning nil.
func (an *analyzer) find(g *group, allow *box, subtract []*box, againstCallers bool, restrict func([]keySet) []keySet) (*Witness, bool) {
	var w *Witness
	var s *search
	s = newSearch(an.l, g, func(region []keySet) bool {
		w = an.witness(g, allow, region, againstCallers)
		return w != nil || s.leaves >= maxLeaves
	})
	for _, region := range s.start(allow) {
		if restrict != nil {
			if region = restrict(region); region == nil {
				continue
			}
		}
		if s.run(region, subtract) {
			break
		}
	}
	if s.incomplete {
		an.notef("principal %s: the comparison with the declared callers stopped after %d steps; the answer may be incomplete", g.principal, searchBudget)
	}
	if s.approx {
		g.approx = true
	}
	return w, s.found
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// collectRunes gathers every rune the analysis must tell apart: condition
// values, the declared callers' values and the probe patterns of shapes.
func collectRunes(doc *policy.Document, callers []*identity.Resolved) *runeSet {
	seen := &runeSet{}
	add := func(s string, fold bool) {
		for _, r := range s {
			seen.add(r, fold)
		}
	}
	for _, s := range doc.Statements {
		for _, c := range s.Conditions {
			b := c.Operator.Base
			fold := b == condition.StringEqualsIgnoreCase || b == condition.StringNotEqualsIgnoreCase || b == condition.Bool
			for _, v := range c.Values {
				add(v.Raw, fold)
			}
		}
	}
	for _, res := range callers {
		if res == nil {
			continue
		}
		for _, k := range res.Keys {
			for _, v := range k.Values {
				add(v, false)
			}
		}
	}
	add(probeRunes, false)
	return seen
}
