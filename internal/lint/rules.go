package lint

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// verdict renders an outcome for Finding.Before/After.
func verdict(o *Outcome) string {
	switch {
	case o == nil:
		return VerdictAbsent
	case o.Allowed():
		return string(o.Decision)
	case !o.Conclusive || o.Decision == "":
		return VerdictUnknown
	}
	return string(o.Decision)
}

// pairFindings evaluates one caller on both sides and returns its
// findings and the pairs it makes with its role after the plan (none when
// it names no role of the plans; several when several plans manage the
// role's ARN, see roleOf).
func (w *analyzer) pairFindings(c *model.Caller) ([]Finding, []*Pair) {
	after := c.Side[tfplan.After]
	if after == nil {
		return nil, nil // the caller no longer calls a role
	}
	m := w.roleOf(c, after.Role, tfplan.After)
	if len(m.roles) == 0 {
		fs, _ := w.pairWith(c, nil, m.notes)
		return fs, nil
	}
	var out []Finding
	var pairs []*Pair
	for _, role := range m.roles {
		fs, pair := w.pairWith(c, role, m.notes)
		out = append(out, fs...)
		if pair != nil {
			pairs = append(pairs, pair)
		}
	}
	return out, pairs
}

// pairWith evaluates a caller with the role it names after the plan
// (nil when none: STSG103 or STSG900 from missingRole); notes say how the
// role was found.
func (w *analyzer) pairWith(c *model.Caller, roleA *model.Role, notes []string) ([]Finding, *Pair) {
	before, after := c.Side[tfplan.Before], c.Side[tfplan.After]
	var roleB *model.Role
	var outB *Outcome
	if before != nil {
		roleB = w.roleOf(c, before.Role, tfplan.Before).prefer(roleA)
		if roleB != nil && len(before.Missing) == 0 {
			outB = w.of(roleB).evaluatePair(roleB, before, tfplan.Before)
		}
	}
	f := Finding{Caller: c.Label, Address: w.addrOf(c.Res), Plan: w.planOf(c.Res), Before: verdict(outB), After: VerdictUnknown}
	if o := c.Origin; o != nil {
		f.File, f.Line, f.Column = o.Path, o.Line, o.Column
	}
	if before != nil && outB == nil {
		f.Before = VerdictUnknown
		if roleB == nil {
			f.Before = VerdictAbsent
		}
	}
	var out []Finding
	if after.NoToken != "" {
		out = append(out, noTokenFinding(c, after, roleA, f))
	}
	if roleA == nil {
		return append(out, w.missingRole(c, after, f, notes)...), nil
	}
	f.Notes = append(f.Notes, notes...)
	cw := w         // the caller's plan, for what the caller names
	w = w.of(roleA) // the role's plan, for its providers and trust
	f.Role = roleA.Address()
	paired := &Pair{role: roleA, Role: f.Role, Caller: c.Label, Address: f.Address, Plan: f.Plan, Kind: pairKind(c), Identity: after.Subject(), Before: f.Before, After: VerdictUnknown}
	defer func() { paired.Notes = model.Dedupe(append(paired.Notes, f.Notes...)) }()
	if !roleA.ARNPlaceholder[tfplan.After] {
		f.RoleARN = roleA.ARN[tfplan.After]
	}
	f.Notes = append(f.Notes, after.Notes...)
	if roleA.Res.Replaced() && after.Role.Known {
		g := f
		g.Rule = RuleMissingRole
		g.Message = fmt.Sprintf("%s names %s by its literal ARN %s, and the plan replaces %s (destroy, then create): the role does not exist in between and comes back with a new unique ID, so sessions and trusts that name it break",
			c.Label, roleA.Address(), after.Role.Show(), roleA.Address())
		g.Fix = fmt.Sprintf("refer to the role as %s.arn so the caller follows it, and avoid the replacement (the message of `terraform plan` says which argument forces it)", roleA.Address())
		out = append(out, g)
	}
	if len(after.Missing) > 0 {
		paired.Notes = append(paired.Notes, after.Missing...)
		g := f
		g.Rule = RuleUnknown
		g.Message = fmt.Sprintf("cannot tell whether %s may assume %s after the plan: %s", c.Label, roleA.Address(), strings.Join(after.Missing, "; "))
		g.Fix = "nothing to do now; the pair is checked on the next plan, once the value is known"
		if after.OverLong {
			g.Message = fmt.Sprintf("%s cannot present an identity to STS to assume %s after the plan: %s", c.Label, roleA.Address(), strings.Join(after.Missing, "; "))
			g.Fix = "shorten the value to what its issuer accepts (GitHub and Kubernetes refuse longer names); the pair is checked once it fits"
		}
		return append(out, g), paired
	}
	outA := w.evaluatePair(roleA, after, tfplan.After)
	f.After = verdict(outA)
	paired.After = f.After
	paired.Provider = w.pairProvider(roleA, outA)
	f.Notes = append(f.Notes, outA.Notes...)
	subject := after.Subject()
	if after.EveryIdentity && outA.Identity != nil && outA.Identity.Subject != "" {
		// The run that decided: the refused one, else the first.
		subject = outA.Identity.Subject
		paired.Identity = subject
	}
	if c.Declared && c.Expect == check.ExpectDeny {
		if outA.Allowed() {
			g := f
			g.Rule = RuleOverBroad
			g.Message = fmt.Sprintf("the planned trust of %s lets in %s (%s), which %s declares must be refused (expect = \"deny\")", roleA.Address(), c.Label, subject, f.Address)
			g.Fix = fmt.Sprintf("narrow the trust of %s so that %q no longer matches, or add a Deny statement for it", roleA.Address(), subject)
			out = append(out, g)
		}
		return out, paired
	}
	if outA.Allowed() {
		return out, paired
	}
	if !outA.Conclusive {
		paired.Notes = append(paired.Notes, model.Dedupe(outA.Why)...)
		g := f
		g.Rule = RuleUnknown
		g.After = VerdictUnknown
		g.Message = fmt.Sprintf("cannot decide whether %s (%s) may assume %s after the plan: %s", c.Label, subject, roleA.Address(), strings.Join(model.Dedupe(outA.Why), "; "))
		if outA.Decision != "" {
			g.Message += fmt.Sprintf(" (evaluated with stand-ins: %s)", outA.Decision)
		}
		g.Fix = "nothing to do now; the pair is checked on the next plan, once the value is known"
		return append(out, g), paired
	}
	g := f
	g.Fix = outA.Fix
	reason := firstReason(outA)
	rule, detail := w.classifyRefusal(roleA, outA)
	if rule == RuleProvider {
		if d, fix := w.issuerMismatch(roleA, outA); d != "" {
			detail, g.Fix = d, fix
		}
	}
	switch {
	case rule != "":
		g.Rule = rule
		g.Message = fmt.Sprintf("%s (%s) is refused by %s after the plan (%s): %s", c.Label, subject, roleA.Address(), outA.Decision, detail)
	case outB.Allowed():
		g.Rule = RuleRegression
		changed := cw.whatChanged(c, roleB, roleA)
		if rc := w.rcpChange(roleB, roleA, outA); rc != "" {
			if strings.HasPrefix(changed, "no change") {
				changed = rc
			} else {
				changed = rc + "; " + changed
			}
		}
		g.Message = fmt.Sprintf("%s (%s) may assume %s before the plan but is refused after it (%s): %s. %s",
			c.Label, subject, roleA.Address(), outA.Decision, changed, reason)
		if changed := cw.callerChanged(c); changed != "" {
			g.Fix = fmt.Sprintf("%s; or undo the change to %s", strings.TrimSuffix(g.Fix, "."), c.Label)
		}
	default:
		g.Rule = RuleRefused
		g.Message = fmt.Sprintf("%s (%s) would be refused by the planned trust of %s (%s): %s", c.Label, subject, roleA.Address(), outA.Decision, reason)
		if rcp, ok := refusingRCP(outA); ok {
			trust := "although the trust allows it"
			if !trustAllows(outA.Web) {
				trust = "and the trust does not allow it either"
			}
			g.Message = fmt.Sprintf("%s (%s) would be refused by resource control policy %s (%s), which reaches the account of %s, %s (%s): %s",
				c.Label, subject, rcp.name, rcp.via, roleA.Address(), trust, outA.Decision, reason)
		}
	}
	if g.Fix == "" {
		g.Fix = "change the trust so that it admits the caller, or point the caller at the right role"
	}
	if o := c.Origin; o != nil && g.Rule == RuleRefused {
		// The engine's fix changes the trust; the file may be what is wrong
		// (a namespace typo in a manifest, a job's environment).
		g.Fix = fmt.Sprintf("%s; or, if the trust is right, change %s in %s to match it", strings.TrimSuffix(g.Fix, "."), o.Object, o.Path)
	}
	return append(out, g), paired
}

// pairKind names the kind of a pair for the JSON pairs list.
func pairKind(c *model.Caller) string {
	switch {
	case c.Declared:
		return PairBinding
	case c.Res.Type == "aws_eks_addon":
		return PairAddon
	case c.Res.Type == "helm_release":
		return PairHelm
	}
	switch c.Kind {
	case model.KindEKSServiceAccount:
		return PairIRSA
	case model.KindEKSPodIdentity:
		return PairPodIdentity
	case model.KindGitHubActions:
		return PairGitHub
	case model.KindCognito:
		return PairCognito
	case model.KindRoleChain:
		return PairChain
	}
	return c.Kind
}

func firstReason(o *Outcome) string {
	for _, r := range o.Reasons {
		if r != "" {
			return strings.TrimSuffix(r, ".")
		}
	}
	if o.Web != nil && o.Web.Error != "" {
		return o.Web.Error
	}
	return "refused"
}

// classifyRefusal names the more specific rule behind a refusal: STSG104
// when the token comes from a provider the role cannot use (not
// registered, in another account, another cluster's issuer), STSG105 when
// the token's audience is not registered. "" leaves it to STSG101/102.
func (w *analyzer) classifyRefusal(role *model.Role, o *Outcome) (rule, detail string) {
	r := o.Web
	if r == nil {
		return "", ""
	}
	if r.Decision == evaluate.InvalidIdentityToken && len(r.Checks) > 0 {
		last := r.Checks[len(r.Checks)-1]
		switch last.Name {
		case "provider":
			return RuleProvider, last.Detail
		case "audience":
			return RuleAudience, last.Detail
		}
	}
	if d := audienceRefusal(r); d != "" {
		return RuleAudience, d
	}
	if r.Decision != evaluate.ImplicitDeny || r.Request == nil || r.Request.PrincipalType != "Federated" || r.Request.Provider.Kind != identity.KindEKS {
		return "", ""
	}
	for i := range r.Statements {
		if r.Statements[i].Principal.Matched {
			return "", ""
		}
	}
	var eks []string
	for _, fp := range model.FederatedPrincipals(role.Trust[tfplan.After].Doc) {
		if pp, ok := identity.ParseFederatedPrincipal(fp); ok && pp.Provider.Kind == identity.KindEKS {
			eks = append(eks, fp)
		}
	}
	if len(eks) == 0 {
		return "", ""
	}
	return RuleProvider, fmt.Sprintf("the trust names the OIDC provider %s, but the service account's token comes from %s (principal %s): the provider's URL differs from the cluster issuer",
		strings.Join(eks, ", "), r.Request.Provider.Issuer(), r.Request.Principal)
}

// issuerMismatch explains an STSG104 refusal of a service account whose
// cluster is known: the provider the trust uses has another URL than the
// cluster's issuer.
func (w *analyzer) issuerMismatch(role *model.Role, o *Outcome) (detail, fix string) {
	if o.Identity == nil || o.Identity.EKS == nil || o.Identity.EKS.Cluster == nil {
		return "", ""
	}
	c := o.Identity.EKS.Cluster
	var provs []string
	var first *model.OIDCProvider
	for _, op := range w.trustedProviders(role) {
		if op.Res.Exists(tfplan.After) && !evaluate.IssuerMatches(op.URL[tfplan.After], identity.IssuerForHost(c.Issuer[tfplan.After])) {
			provs = append(provs, fmt.Sprintf("%s (URL %s)", op.Address(), op.URL[tfplan.After]))
			if first == nil {
				first = op
			}
		}
	}
	if first == nil {
		return "", ""
	}
	why := ""
	if c.Res.Replaced() {
		why = " (the plan replaces the cluster, which gets a new issuer)"
	}
	detail = fmt.Sprintf("the service account's cluster %s issues its tokens as %s%s, but the trust uses the OIDC provider %s: the provider's URL differs from the cluster issuer, so STS finds no provider for the token",
		c.Address(), identity.IssuerForHost(c.Issuer[tfplan.After]), why, strings.Join(provs, ", "))
	fix = fmt.Sprintf("set url of %s to %s.identity[0].oidc[0].issuer (and trust it by reference), or create a provider for the new issuer and trust it", first.Address(), c.Address())
	return detail, fix
}
