package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/admits"
	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// globalKeyPrefixes are condition-key prefixes of AWS-wide and service
// keys, which STSG106 does not judge.
var globalKeyPrefixes = map[string]bool{"aws": true, "sts": true, "iam": true, "saml": true, "ec2": true, "kms": true, "s3": true}

// roleFindings checks a role's planned trust on its own: STSG301 (IAM
// would refuse it; only for trusts the plan writes), STSG106 (keys never
// present), STSG104 (providers), STSG105 (audiences), STSG201 and STSG202
// (broader than its callers, dangerous shapes; broad.go; skipped for a
// trust longer than any IAM accepts, see tooLarge) and STSG900 (trust
// unknown, with no caller to report it).
func (w *analyzer) roleFindings(role *model.Role, callers int) []Finding {
	if !role.Res.Exists(tfplan.After) {
		return nil
	}
	t := role.Trust[tfplan.After]
	base := Finding{Role: role.Address(), Address: role.Address(), Plan: w.Name}
	if !role.ARNPlaceholder[tfplan.After] {
		base.RoleARN = role.ARN[tfplan.After]
	}
	if t != nil && t.WrongType {
		// Not Terraform's output: an error whether or not the plan writes
		// the trust, never "known only after apply".
		f := base
		f.Rule = RuleInvalidDocument
		f.Message = fmt.Sprintf("the trust of %s cannot be read: %v", role.Address(), t.SyntaxErr)
		f.Fix = "lint the plan exactly as `terraform show -json` writes it; in the configuration, write the trust as a JSON policy document (data.aws_iam_policy_document.x.json or jsonencode({...}))"
		return []Finding{f}
	}
	if role.Res.IsData() {
		return nil
	}
	web := model.TrustsWebIdentity(t) || model.TrustsWebIdentity(role.Trust[tfplan.Before])
	if !t.Known() {
		if t != nil && t.SyntaxErr != nil && !t.Rebuilt && w.writesTrust(role) {
			f := base
			f.Rule = RuleInvalidDocument
			f.Message = fmt.Sprintf("the trust of %s is not a valid policy document: %v", role.Address(), t.SyntaxErr)
			f.Fix = "write the trust as a JSON policy document (data.aws_iam_policy_document.x.json or jsonencode({...}))"
			return []Finding{f}
		}
		// Never pass silently: a trust that cannot be determined is said
		// so, once per role (its callers, if any, say it per pair).
		if callers == 0 && t != nil && len(t.Unresolved) > 0 {
			f := base
			f.Rule = RuleUnknown
			f.Message = "the planned trust cannot be checked: " + strings.Join(t.Unresolved, "; ")
			f.Fix = "nothing to do now; the trust is checked on the next plan, once it is known"
			return []Finding{f}
		}
		return nil
	}
	var out []Finding
	stmt := 0 // the statement the next add is about (1-based), 0 for none
	add := func(rule, msg, fix string) {
		f := base
		f.Rule, f.Message, f.Fix, f.Statement = rule, msg, fix, stmt
		f.Notes = append(f.Notes, t.Notes...)
		out = append(out, f)
	}
	if w.writesTrust(role) {
		for _, p := range t.Problems {
			if p.Code == policy.CodeMalformedConditionKey {
				continue // reported as STSG106
			}
			stmt = statementNumber(p.Path)
			add(RuleInvalidDocument, fmt.Sprintf("IAM would refuse the trust of %s: %s (%s) [%s]", role.Address(), p.Message, p.Where(), p.Code),
				problemFix(p))
			stmt = 0
			if p.Code == policy.CodePolicyTooLarge && tooLarge(t) {
				g := &out[len(out)-1]
				g.Notes = append(g.Notes, admits.SkippedNote(t.Doc.Size))
			}
		}
	}
	if !web {
		return out
	}
	for _, f := range w.keyFindings(role, t) {
		stmt = f.stmt
		add(RuleUnmappedKey, f.msg, f.fix)
	}
	for _, f := range w.providerFindings(role, t) {
		stmt = f.stmt
		add(f.rule, f.msg, f.fix)
	}
	stmt = 0
	if t.Conclusive() {
		for _, f := range w.unannotatedFindings(role, t) {
			f.RoleARN = base.RoleARN
			out = append(out, f)
		}
	}
	dead, live := w.subjectFindings(role, t)
	for _, d := range dead {
		add(RuleUnsatisfiable, d.msg, d.fix)
		g := &out[len(out)-1]
		g.Notes = append(g.Notes, d.note)
		if live {
			g.Severity = SeverityWarning
		}
	}
	if len(dead) > 0 && !live {
		return out // nothing to broaden: no token gets in
	}
	for _, f := range w.broadFindings(role) {
		add(f.rule, f.msg, f.fix)
		g := &out[len(out)-1]
		g.Severity = f.severity
		g.Notes = append(g.Notes, f.notes...)
	}
	if len(t.Unresolved) > 0 && callers == 0 {
		add(RuleUnknown, "parts of the planned trust are known only after apply and could not be rebuilt: "+strings.Join(t.Unresolved, "; "),
			"nothing to do now; the trust is checked on the next plan, once it is known")
	}
	return out
}

// writesTrust reports whether the plan writes the role's trust (creates
// the role or changes its trust), so that IAM's write-time checks apply.
func (w *analyzer) writesTrust(role *model.Role) bool {
	r := role.Res
	if r.Created() || r.Replaced() || !r.Exists(tfplan.Before) {
		return true
	}
	tb, ta := role.Trust[tfplan.Before], role.Trust[tfplan.After]
	return tb == nil || ta == nil || tb.Text != ta.Text
}

// tooLarge reports whether the trust is longer than any trust IAM accepts:
// then only the checks whose cost does not grow with the document run
// (the over-breadth analysis is skipped, with admits.SkippedNote on
// STSG301), so that a plan cannot make the gate slow.
func tooLarge(t *model.Trust) bool {
	return t.Doc != nil && t.Doc.Size > policy.MaxTrustPolicySizeQuota
}

func problemFix(p policy.Problem) string {
	switch p.Code {
	case policy.CodeNotPrincipal:
		return "replace NotPrincipal with Principal naming the callers (IAM refuses NotPrincipal in a role trust policy)"
	case policy.CodePrincipalWildcard:
		return "name the identity provider in Principal (Federated) and restrict the callers with conditions instead of Principal \"*\""
	case policy.CodeResourceInTrustPolicy:
		return "remove Resource from the statement: a trust policy's resource is the role itself"
	case policy.CodePolicyTooLarge:
		return "shorten the trust (merge statements, use StringLike patterns) or ask for a larger quota"
	}
	return "correct the element as the message says"
}

// ruleMsg is one finding of a role-level check; stmt is the 1-based
// index of the statement it is about (0: none).
type ruleMsg struct {
	rule, msg, fix string
	stmt           int
}

// statementNumber returns the 1-based statement index a policy path starts
// with ("$.Statement[2].Condition" gives 3), 0 for none.
func statementNumber(path string) int {
	rest, ok := strings.CutPrefix(path, "$.Statement[")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(rest[:max(strings.IndexByte(rest, ']'), 0)])
	if err != nil {
		return 0
	}
	return n + 1
}

// stamp sets the statement of the findings from index from on.
func stamp(out []ruleMsg, from, stmt int) {
	for i := from; i < len(out); i++ {
		out[i].stmt = stmt
	}
}

// keyFindings reports condition keys AWS never puts in the request:
// https:// in the key, a prefix that is not a provider of the statement,
// a claim AWS does not map for the provider (docs/guides/aws-reference.md#claim-keys-per-provider).
func (w *analyzer) keyFindings(role *model.Role, t *model.Trust) []ruleMsg {
	var out []ruleMsg
	for i := range t.Doc.Statements {
		st := &t.Doc.Statements[i]
		if st.Principal == nil {
			continue // NotPrincipal or no principal: STSG301 covers it
		}
		from := len(out)
		providers := statementProviders(st)
		for _, c := range st.Conditions {
			key := c.Key
			if look, ok := names.Lookalike(key); ok {
				// Never vacuous: under IfExists or Null the lookalike key
				// is what lets every request through.
				out = append(out, ruleMsg{msg: fmt.Sprintf("condition key %q in %s %s of %s looks like %q, but AWS compares key names in ASCII only, so this key is never in the request; the condition does not test %q at all", key, st.Label(), c.OperatorName, role.Address(), look, look),
					fix: fmt.Sprintf("write the key in ASCII: %q", look)})
				continue
			}
			if holdsWithoutKey(c) {
				// ForAllValues:, IfExists, negated operators and Null
				// "true" hold when the key is absent: a key AWS never sets
				// makes such a condition restrict nothing, but refuses
				// nobody (the over-breadth analysis reports what the
				// trust admits without it).
				continue
			}
			where := func() string { return fmt.Sprintf("%s %s of %s", st.Label(), c.OperatorName, role.Address()) } // only for a finding
			if scheme, fixed := policy.SplitKeyScheme(key); scheme != "" {
				out = append(out, ruleMsg{msg: fmt.Sprintf("condition key %q in %s includes the URL scheme; AWS names keys after the provider URL without https://, so this key is never in the request (and IAM refuses the document)", key, where()),
					fix: fmt.Sprintf("write the key as %q", fixed)})
				continue
			}
			i := strings.LastIndex(key, ":")
			if i <= 0 {
				continue
			}
			prefix, claim := key[:i], key[i+1:]
			if globalKeyPrefixes[names.Fold(prefix)] || !strings.Contains(prefix, ".") {
				continue
			}
			p, ok := matchProvider(providers, prefix)
			switch {
			case !ok && len(providers) == 0:
				out = append(out, ruleMsg{msg: fmt.Sprintf("condition key %q in %s names a web identity provider, but the statement trusts no Federated principal, so the key is never in the request", key, where()),
					fix: "trust the provider in Principal (Federated), or remove the condition"})
			case !ok:
				out = append(out, ruleMsg{msg: fmt.Sprintf("condition key %q in %s has the prefix %q, but the statement trusts %s; tokens from those never carry this key", key, where(), prefix, providerList(providers)),
					fix: fmt.Sprintf("use the prefix of the trusted provider, e.g. %q", providers[0].KeyPrefix+":"+claim)})
			case !identity.IsMappedClaim(p.Kind, claim):
				out = append(out, ruleMsg{msg: fmt.Sprintf("condition key %q in %s uses the claim %q, which AWS does not map to a condition key for %s (%s provider); the key is never in the request", key, where(), claim, p.KeyPrefix, p.Kind),
					fix: fmt.Sprintf("condition on a mapped claim instead: %s", strings.Join(identity.MappedClaims(p.Kind), ", "))})
			}
		}
		stamp(out, from, i+1)
	}
	return out
}

// holdsWithoutKey reports whether a condition is true for a request that
// lacks its key, as the engine decides it.
func holdsWithoutKey(c policy.Condition) bool {
	if !c.OperatorValid {
		return false
	}
	values := make([]string, len(c.Values))
	for i, v := range c.Values {
		values[i] = v.Raw
	}
	return condition.Evaluate(c.Operator, c.Key, values, noKeys{}, false).Matched
}

// noKeys is a request context without any key.
type noKeys struct{}

func (noKeys) Lookup(string) ([]string, bool) { return nil, false }

// statementProviders lists the web identity providers a statement's
// Federated principals name.
func statementProviders(st *policy.Statement) []identity.Provider {
	var out []identity.Provider
	for _, v := range evaluate.PrincipalValues(st.Principal, "Federated") {
		if pp, ok := identity.ParseFederatedPrincipal(v); ok {
			out = append(out, pp.Provider)
		}
	}
	return out
}

func matchProvider(ps []identity.Provider, prefix string) (identity.Provider, bool) {
	for _, p := range ps {
		if names.Equal(p.KeyPrefix, prefix) {
			return p, true
		}
	}
	return identity.Provider{}, false
}

func providerList(ps []identity.Provider) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.KeyPrefix
	}
	return strings.Join(names, ", ")
}

// providerFindings checks each Federated OIDC provider an Allow statement
// trusts: in the role's account (STSG104), registered in the plan when the
// plan manages providers (STSG104), and accepting an audience the
// statement requires (STSG105).
func (w *analyzer) providerFindings(role *model.Role, t *model.Trust) []ruleMsg {
	var out []ruleMsg
	account := role.Account(tfplan.After)
	for i := range t.Doc.Statements {
		st := &t.Doc.Statements[i]
		if st.Effect != policy.Allow {
			continue
		}
		from := len(out)
		for _, v := range evaluate.PrincipalValues(st.Principal, "Federated") {
			pp, ok := identity.ParseFederatedPrincipal(v)
			if !ok || pp.Provider.BuiltIn || model.IsPlaceholder(v) {
				continue // a stand-in for a principal known only after apply: STSG900 says so
			}
			if evaluate.ProviderInOtherAccount(pp.Account, account) && !model.IsPlaceholder(account) && !model.IsPlaceholder(pp.Account) {
				out = append(out, ruleMsg{rule: RuleProvider,
					msg: fmt.Sprintf("%s of %s trusts the OIDC provider %s in account %s, but the role is in account %s; STS only uses providers in the role's own account, so every token is refused", st.Label(), role.Address(), v, pp.Account, account),
					fix: fmt.Sprintf("create the provider in account %s and trust %s", account, pp.Provider.Principal(pp.Partition, account))})
				continue
			}
			op := w.ProviderByARN(v, tfplan.After)
			if op == nil {
				op = w.ProviderByURL(pp.Provider.KeyPrefix, pp.Account, tfplan.After)
			}
			if op == nil {
				seen := w.ProvidersSeen(account)
				if len(seen) == 0 || w.mayBecome(seen, pp.Provider.KeyPrefix) {
					continue
				}
				if maybe := w.ProvidersOfUnknownAccount(pp.Provider.KeyPrefix); len(maybe) > 0 {
					out = append(out, ruleMsg{rule: RuleUnknown,
						msg: fmt.Sprintf("%s of %s trusts the OIDC provider %s; %s has that URL, but the account of its plan is not known, so whether the role's account has the provider is not decided", st.Label(), role.Address(), v, maybe[0].Address()),
						fix: "nothing to do now; the provider is checked once its plan's account is known (a data.aws_caller_identity in that plan names it)"})
				} else {
					out = append(out, ruleMsg{rule: RuleProvider,
						msg: fmt.Sprintf("%s of %s trusts the OIDC provider %s, which matches no aws_iam_openid_connect_provider in the %s (the %s %s)", st.Label(), role.Address(), v,
							w.plansWord("plan", "plans"), w.plansWord("plan has", "plans have"), providerNames(seen)),
						fix: "trust the provider by reference (aws_iam_openid_connect_provider.x.arn), or, if it is managed elsewhere, accept this finding in .stsguard.json with the reason"})
				}
				continue
			}
			if f, ok := audienceFinding(role, st, op); ok {
				out = append(out, f)
			}
		}
		stamp(out, from, i+1)
	}
	return out
}

// mayBecome reports whether a provider whose URL is known only after apply
// may end up with this URL: yes, unless it replaces a provider that had
// exactly this URL (a replaced cluster gets a new issuer).
func (w *analyzer) mayBecome(providers []*model.OIDCProvider, url string) bool {
	for _, op := range providers {
		if op.Res.Exists(tfplan.After) && op.Placeholder[tfplan.After] && w.Previous[op.URL[tfplan.After]] != url {
			return true
		}
	}
	return false
}

func providerNames(providers []*model.OIDCProvider) string {
	var names []string
	for _, op := range providers {
		if op.Res.Exists(tfplan.After) {
			names = append(names, op.Address()+" ("+op.URL[tfplan.After]+")")
		}
	}
	if len(names) == 0 {
		return "none after the plan"
	}
	return strings.Join(names, ", ")
}

// audienceFinding reports a statement that requires audiences none of
// which is in the provider's client ID list: STS lets a token through only
// when its audience is a client ID (docs/guides/aws-reference.md#audience), and no client ID satisfies
// the statement's positive string condition on the :aud key.
func audienceFinding(role *model.Role, st *policy.Statement, op *model.OIDCProvider) (ruleMsg, bool) {
	if !op.ClientIDsKnown[tfplan.After] {
		return ruleMsg{}, false
	}
	key := names.Fold(op.URL[tfplan.After] + ":aud")
	for _, c := range st.Conditions {
		if names.Fold(c.Key) != key || !c.OperatorValid || len(c.Values) == 0 {
			continue // an empty value list never matches: not an audience matter
		}
		if c.Operator.Negated() || c.Operator.IfExists || c.Operator.Base.Family() != condition.FamilyString {
			continue
		}
		required := make([]string, len(c.Values))
		for i, v := range c.Values {
			required[i] = v.Raw
		}
		for _, id := range op.ClientIDs[tfplan.After] {
			if condition.HoldsForValue(c.Operator, required, id) {
				return ruleMsg{}, false
			}
		}
		return ruleMsg{rule: RuleAudience,
			msg: fmt.Sprintf("%s of %s requires the audience %q, but the provider %s accepts only %q: STS refuses every token before it reads the trust (InvalidIdentityToken: Incorrect token audience)",
				st.Label(), role.Address(), required, op.Address(), op.ClientIDs[tfplan.After]),
			fix: fmt.Sprintf("add %q to client_id_list of %s, or require one of %q in the trust", required[0], op.Address(), op.ClientIDs[tfplan.After])}, true
	}
	return ruleMsg{}, false
}
