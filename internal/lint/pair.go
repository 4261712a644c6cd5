package lint

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// Outcome is a caller evaluated against a role's trust on one side.
type Outcome struct {
	// Decision is the engine's decision ("" when not evaluated).
	Decision evaluate.Decision
	// Conclusive is false when a refusal depends on parts the plan does
	// not know (Why says which); such refusals are reported as STSG900.
	Conclusive bool
	Why        []string
	// Identity is the identity that decided: the first allowed one, else
	// the first refused one.
	Identity *model.Identity
	// Web is the engine result for web identities and Pod Identity;
	// Chain for role chaining.
	Web   *evaluate.Result
	Chain *evaluate.ChainResult
	// RCPs are the resource control policies the web identity was
	// evaluated with (nil when none could reach the role's account).
	RCPs *rcpSet
	// Fix and Reasons come from the explain package.
	Fix     string
	Reasons []string
	// Notes record assumptions made for this evaluation.
	Notes []string
	// Err is set when the request could not be built.
	Err error
}

// Allowed reports whether the caller may assume the role.
func (o *Outcome) Allowed() bool { return o != nil && o.Decision.Allowed() }

// pairProvider names the identity provider of an evaluated web identity
// (Pair.Provider): the plan's provider resource for the token's issuer in
// the role's account, else the issuer's host and path; "" when no web
// identity request was evaluated.
func (w *analyzer) pairProvider(role *model.Role, o *Outcome) string {
	if o == nil || o.Web == nil || o.Web.Request == nil || o.Web.Request.PrincipalType != "Federated" {
		return ""
	}
	host := o.Web.Request.Provider.KeyPrefix
	if host == "" {
		return ""
	}
	if op := w.ProviderByURL(host, role.Account(tfplan.After), tfplan.After); op != nil {
		return op.Address()
	}
	return host
}

// evaluatePair decides whether a caller side may assume a role on a side,
// remembered per world, role, caller side and side (the pair's rules and
// the over-breadth analysis ask for the same pair; the outcome is only
// read).
func (w *analyzer) evaluatePair(role *model.Role, cs *model.CallerSide, s tfplan.Side) *Outcome {
	k := pairKey{w.World, role, cs, s}
	if o, ok := w.pairCache[k]; ok {
		return o
	}
	o := w.evaluatePairOnce(role, cs, s)
	w.pairCache[k] = o
	return o
}

// pairKey names one evaluatePair question.
type pairKey struct {
	world *model.World
	role  *model.Role
	cs    *model.CallerSide
	side  tfplan.Side
}

// evaluatePairOnce is evaluatePair without the memory.
func (w *analyzer) evaluatePairOnce(role *model.Role, cs *model.CallerSide, s tfplan.Side) *Outcome {
	t := role.Trust[s]
	if !t.Known() {
		why := []string{fmt.Sprintf("the trust of %s cannot be read", role.Address())}
		if t != nil {
			why = t.Unresolved
			if t.SyntaxErr != nil {
				why = []string{fmt.Sprintf("the trust of %s is not a valid policy: %v", role.Address(), t.SyntaxErr)}
			}
		}
		return &Outcome{Why: why}
	}
	if cs.EveryIdentity {
		return w.evaluateEvery(role, t, cs, s)
	}
	var first *Outcome
	for _, id := range cs.Identities {
		for _, o := range w.evaluateIdentity(role, t, id, s) {
			if o.Allowed() {
				o.Conclusive = true
				return o
			}
			if first == nil {
				first = o
			}
		}
	}
	if first == nil {
		return &Outcome{Why: []string{"no identity could be evaluated"}}
	}
	return first
}

// evaluateEvery is evaluatePairOnce for a caller whose identities are
// separate runs (CallerSide.EveryIdentity): the first identity none of
// whose outcomes is allowed decides, else the first allowed outcome. When
// CallerSide.Conditional says a run may skip the call, a refused run
// beside an allowed one leaves the pair undecided (the condition may be
// what keeps that run away); when every run is refused, the refusal stands.
func (w *analyzer) evaluateEvery(role *model.Role, t *model.Trust, cs *model.CallerSide, s tfplan.Side) *Outcome {
	var allowed, refused *Outcome
	for _, id := range cs.Identities {
		var first, ok *Outcome
		for _, o := range w.evaluateIdentity(role, t, id, s) {
			if o.Allowed() {
				ok = o
				break
			}
			if first == nil {
				first = o
			}
		}
		switch {
		case ok != nil:
			if allowed == nil {
				ok.Conclusive = true
				allowed = ok
			}
		case first != nil && first.Conclusive && cs.Conditional != "":
			if refused == nil {
				refused = first
			}
		case first != nil:
			return first
		}
	}
	switch {
	case refused != nil && allowed != nil:
		undecided := *refused
		undecided.Conclusive = false
		undecided.Why = append(append([]string(nil), refused.Why...), fmt.Sprintf("%s (%s) would be refused, but %s", refused.Identity.Subject, refused.Decision, cs.Conditional))
		return &undecided
	case refused != nil:
		return refused
	case allowed == nil:
		return &Outcome{Why: []string{"no identity could be evaluated"}}
	}
	return allowed
}

// evaluateIdentity evaluates one identity; an IRSA service account whose
// cluster is not known is evaluated once per candidate issuer.
func (w *analyzer) evaluateIdentity(role *model.Role, t *model.Trust, id *model.Identity, s tfplan.Side) []*Outcome {
	roleARN := role.ARN[s]
	o := &Outcome{Identity: id, Conclusive: t.Conclusive()}
	o.Why = append(o.Why, t.Unresolved...)
	switch {
	case id.Chain != nil:
		return []*Outcome{w.evaluateChain(role, t, id, s, o)}
	case id.Token != nil:
		rs := w.rcpsFor(role, s)
		o.RCPs, o.Notes = rs, append(o.Notes, rs.rcpNote(role.Account(s))...)
		res := check.Run(check.Input{Policy: t.Doc, RoleARN: roleARN, OIDCProviders: w.ProvidersFor(role.Account(s), s),
			Bindings: []check.Binding{{Label: "token", Caller: id.Token}}, RCPs: rs.checkRCPs()})
		r := res[0]
		if r.Err != nil {
			o.Err, o.Conclusive = r.Err, false
			o.Why = append(o.Why, "the declared token cannot be read: "+r.Err.Error())
			return []*Outcome{o}
		}
		o.Decision, o.Fix, o.Reasons = r.Decision, r.Fix, r.Reasons
		if r.Decision.Allowed() && r.Request != nil {
			if why := w.undecidedByRCP(t, r.Request, rs); why != "" {
				o.Decision, o.Conclusive = "", false
				o.Why = append(o.Why, why)
			}
		}
		return []*Outcome{o}
	case id.EKS != nil:
		var out []*Outcome
		for _, iss := range w.eksIssuers(id.EKS, t, s) {
			c := *o
			c.Why = append([]string(nil), o.Why...)
			c.Notes = append(c.Notes, iss.note...)
			out = append(out, w.evaluateWeb(role, t, bindingRef{id: id, host: iss.host, providerARN: iss.providerARN}, s, &c))
		}
		if len(out) == 0 {
			o.Conclusive = false
			o.Why = append(o.Why, fmt.Sprintf("the cluster of service account %s is not known from the plan, and the trust of %s names no OIDC provider to try", id.Subject, role.Address()))
			out = append(out, o)
		}
		return out
	}
	return []*Outcome{w.evaluateWeb(role, t, bindingRef{id: id}, s, o)}
}

// evaluateWeb evaluates a web identity (or Pod Identity) binding.
func (w *analyzer) evaluateWeb(role *model.Role, t *model.Trust, b bindingRef, s tfplan.Side, o *Outcome) *Outcome {
	req, err := w.request(b, role.ARN[s])
	if err != nil {
		o.Err, o.Conclusive = err, false
		o.Why = append(o.Why, err.Error())
		return o
	}
	if req.PrincipalType == "" || req.PrincipalType == "Federated" {
		req.OIDCProviders = w.providersFor(role.Account(s), s)
	}
	rs := w.rcpsFor(role, s)
	res, err := w.evaluateCached(t, req, rs)
	if err != nil {
		o.Err, o.Conclusive = err, false
		o.Why = append(o.Why, err.Error())
		return o
	}
	o.Web, o.Decision, o.RCPs = res, res.Decision, rs
	o.Notes = append(o.Notes, rs.rcpNote(role.Account(s))...)
	if res.Decision.Allowed() {
		if why := w.undecidedByRCP(t, req, rs); why != "" {
			o.Decision, o.Conclusive = "", false
			o.Why = append(o.Why, why)
		}
	}
	if !res.Decision.Allowed() {
		_, names := rs.docs()
		o.Fix, o.Reasons = explain.FixNamed(res, names)
		if res.DecidedByRCP != nil && (len(o.Identity.Guessed) == 0 || !rcpMayLift(res, o.Identity.Patterns)) {
			// An RCP Deny refuses whatever the trust says: parts of the
			// trust known only after apply do not matter.
			o.Conclusive, o.Why = true, nil
		}
		if why := rcpStandInWhy(res, req, names); why != "" {
			o.Conclusive = false
			o.Why = append(o.Why, why)
		}
		if why := rcpPresenceWhy(res, names); why != "" {
			o.Conclusive = false
			o.Why = append(o.Why, why)
		}
		if len(o.Identity.Guessed) > 0 && decidedByConditions(res) && possiblyAllowed(res, o.Identity.Patterns) && rcpMayLift(res, o.Identity.Patterns) {
			// The refusal comes from conditions on claims the linter had
			// to assume (a branch, a subject template key), and some value
			// of the assumed parts would be allowed.
			o.Conclusive = false
			o.Why = append(o.Why, o.Identity.Guessed...)
		}
		if why := w.standInWhy(t, req, res); why != "" {
			o.Conclusive = false
			o.Why = append(o.Why, why)
		}
	}
	return o
}

// decidedByConditions reports whether a refusal depends on conditions: a
// statement's principal and action matched but its conditions did not, or
// a Deny matched.
func decidedByConditions(res *evaluate.Result) bool {
	if res.Decision == evaluate.ExplicitDeny {
		return true
	}
	if res.Decision != evaluate.ImplicitDeny {
		return false
	}
	for i := range res.Statements {
		st := &res.Statements[i]
		if st.Effect == "Allow" && st.Principal.Matched && len(st.Actions) > 0 && st.Actions[0].Matched {
			return true
		}
	}
	return false
}

// standInWhy explains when a refusal may be an artefact of a stand-in for
// a value known only after apply: a stand-in issuer or audience the trust
// does not name, a stand-in account where the trust names the same
// provider in a real account, or a provider refused as not registered
// while another plan whose account is not known has one for the issuer.
func (w *analyzer) standInWhy(t *model.Trust, req *identity.Request, res *evaluate.Result) string {
	if iss, ok := req.Claims["iss"].(string); ok {
		host := identity.StripScheme(iss)
		if w.undecidedStandIn(t, host) {
			return fmt.Sprintf("the token issuer is known only after apply (stood in by %s) and the trust does not refer to it", host)
		}
	}
	if aud, ok := req.Claims["aud"].(string); ok && w.undecidedStandIn(t, aud) {
		return fmt.Sprintf("the token audience is known only after apply (stood in by %s) and the trust does not refer to it", aud)
	}
	if res.Decision == evaluate.InvalidIdentityToken && len(res.Checks) > 0 && res.Checks[len(res.Checks)-1].Name == "provider" {
		if iss, ok := req.Claims["iss"].(string); ok {
			if maybe := w.ProvidersOfUnknownAccount(identity.StripScheme(iss)); len(maybe) > 0 {
				return fmt.Sprintf("%s has the token's issuer as URL, but the account of its plan is not known, so whether the role's account has the provider is not decided", maybe[0].Address())
			}
		}
	}
	if res.Request != nil {
		if pp, ok := identity.ParseFederatedPrincipal(res.Request.Principal); ok && model.IsPlaceholder(pp.Account) &&
			strings.Contains(t.Text, ":oidc-provider/"+pp.Provider.KeyPrefix) && !strings.Contains(t.Text, res.Request.Principal) {
			return "the role's account is known only after apply and the trust names the provider in a specific account"
		}
	}
	return ""
}

// possiblyAllowed reports whether a refused request could be allowed for
// some value of the claims the caller only knows as patterns (a '*' for
// each part the plan does not say): an Allow statement whose principal
// and action match, and each of whose failing conditions is on such a
// claim and could hold for a value of its pattern. Without patterns every
// guess may matter, so the answer is yes.
func possiblyAllowed(res *evaluate.Result, patterns map[string]string) bool {
	if len(patterns) == 0 {
		return true
	}
	prefix := ""
	if res.Request != nil {
		prefix = names.Fold(res.Request.Provider.KeyPrefix)
	}
	for i := range res.Statements {
		st := &res.Statements[i]
		if st.Effect != "Allow" || st.Skipped != "" || !st.Principal.Matched {
			continue
		}
		actions := true
		for _, a := range st.Actions {
			actions = actions && a.Matched
		}
		if !actions {
			continue
		}
		possible := true
		for _, c := range st.Conditions {
			if c.Matched {
				continue
			}
			key := names.Fold(c.Key)
			j := strings.LastIndex(key, ":")
			if j < 0 || key[:j] != prefix {
				possible = false
				break
			}
			pat, ok := patterns[key[j+1:]]
			if !ok || !conditionPossible(c.Operator, c.PolicyValues, pat) {
				possible = false
				break
			}
		}
		if possible {
			return true
		}
	}
	return false
}

// conditionPossible reports whether a string condition could hold for
// some value matching pattern. Operators other than StringEquals and
// StringLike (with any set qualifier or IfExists) are taken to be
// satisfiable; an operator the engine does not know never holds.
func conditionPossible(operator string, values []string, pattern string) bool {
	op, err := condition.ParseOperator(operator)
	if err != nil {
		return false
	}
	switch op.Base {
	case condition.StringEquals:
		for _, v := range values {
			if condition.ParseGlob(pattern).Match(v) {
				return true
			}
		}
		return false
	case condition.StringLike:
		for _, v := range values {
			if condition.ParseGlob(pattern).Overlaps(condition.ParseGlob(v)) {
				return true
			}
		}
		return false
	}
	return true
}

// undecidedStandIn reports whether v is a stand-in that the trust does not
// refer to, unless it replaces an old value the trust is pinned to (a
// replaced resource gets a new id or issuer, so the old literal no longer
// matches).
func (w *analyzer) undecidedStandIn(t *model.Trust, v string) bool {
	if !model.IsPlaceholder(v) || strings.Contains(t.Text, v) {
		return false
	}
	if old, ok := w.Previous[v]; ok && strings.Contains(t.Text, old) {
		return false
	}
	return true
}

// evaluateChain evaluates role chaining.
func (w *analyzer) evaluateChain(role *model.Role, t *model.Trust, id *model.Identity, s tfplan.Side, o *Outcome) *Outcome {
	ci := id.Chain
	res, err := evaluate.Chain(evaluate.ChainInput{Trust: t.Doc, TargetRoleARN: role.ARN[s], CallerRoleARN: ci.RoleARN, IdentityPolicies: ci.Policies})
	if err != nil {
		o.Err, o.Conclusive = err, false
		o.Why = append(o.Why, err.Error())
		return o
	}
	o.Chain, o.Decision = res, res.Decision
	o.Web = res.Trust
	if res.Decision.Allowed() {
		return o
	}
	if res.Trust.Decision == evaluate.Allow && len(ci.PoliciesMissing) > 0 {
		o.Conclusive = false
		o.Why = append(o.Why, id.Guessed...)
	}
	o.Fix, o.Reasons = explain.ChainFix(res, role.ARN[s], ci.Role.AddressOr(ci.RoleARN))
	if model.IsPlaceholder(ci.RoleARN) && !strings.Contains(t.Text, ci.RoleARN) {
		o.Conclusive = false
		o.Why = append(o.Why, "the caller role's ARN is known only after apply")
	}
	return o
}

// issuerChoice is an issuer to evaluate an IRSA service account with.
type issuerChoice struct {
	host, providerARN string
	note              []string
}

// binding is the IRSA binding of a service account whose token comes from
// this issuer.
func (c issuerChoice) binding(e *model.EKSIdentity) identity.EKSServiceAccount {
	b := identity.EKSServiceAccount{Namespace: e.Namespace, ServiceAccount: e.Name, Audience: e.Audience}
	if c.providerARN != "" {
		b.OIDCProviderARN = c.providerARN
	} else {
		b.OIDCIssuer = identity.IssuerForHost(c.host)
	}
	return b
}

// eksIssuers returns the issuers a service account's token may come from
// on a side: its cluster's issuer when known; else each EKS (or generic)
// OIDC provider the trust names, noting the assumption.
func (w *analyzer) eksIssuers(e *model.EKSIdentity, t *model.Trust, s tfplan.Side) []issuerChoice {
	switch {
	case e.ProviderARN != "":
		return []issuerChoice{{providerARN: e.ProviderARN}}
	case e.Issuer != "":
		return []issuerChoice{{host: e.Issuer}}
	case e.Cluster != nil:
		side := s
		if !e.Cluster.Res.Exists(s) {
			side = 1 - s
		}
		c := issuerChoice{host: e.Cluster.Issuer[side]}
		if e.Cluster.Placeholder[side] {
			c.note = append(c.note, fmt.Sprintf("the issuer of %s is known only after apply (the cluster is created or replaced)", e.Cluster.Address()))
		}
		return []issuerChoice{c}
	}
	var out []issuerChoice
	for _, fp := range model.FederatedPrincipals(t.Doc) {
		pp, ok := identity.ParseFederatedPrincipal(fp)
		if !ok || pp.Provider.BuiltIn || (pp.Provider.Kind != identity.KindEKS && pp.Provider.Kind != identity.KindGenericOIDC) {
			continue
		}
		// A refusal holds whatever the cluster: the trust admits no
		// other issuer. Only an allow would depend on the guess.
		out = append(out, issuerChoice{host: pp.Provider.KeyPrefix,
			note: []string{fmt.Sprintf("the plan does not say which cluster the service account is in; evaluated as a token from %s, which the trust names", pp.Provider.KeyPrefix)}})
	}
	return out
}
