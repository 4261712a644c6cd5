package explain

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// tokenAnalysis explains a token rejected before the trust policy is read
// (aws-reference.md#token-checks): no provider, wrong audience, expired.
func tokenAnalysis(r *evaluate.Result) Analysis {
	if len(r.Checks) == 0 {
		return Analysis{Summary: "STS refuses the token before it reads the trust policy: " + r.Error + ".",
			Fix: "Fix the token so that STS accepts it."}
	}
	last := r.Checks[len(r.Checks)-1]
	req := r.Request
	cause := Cause{Element: ElementToken, Check: last.Name, PolicyValues: []string{}, RequestValues: []string{}, Reason: last.Detail}
	switch last.Name {
	case "provider":
		cause.RequestValues = []string{r.Issuer}
		cause.Change = fmt.Sprintf("register an IAM OIDC provider whose URL is exactly %s in the role's account (the URL is case-sensitive and a trailing slash counts), or fix the token's issuer", r.Issuer)
		if pp, ok := identity.ParseFederatedPrincipal(req.Principal); ok && pp.Account != "" && req.RoleAccount != "" && pp.Account != req.RoleAccount {
			want := req.Provider.Principal(pp.Partition, req.RoleAccount)
			cause.RequestValues = []string{req.Principal}
			cause.Change = fmt.Sprintf("create the IAM OIDC provider for %s in the role's account %s and trust %s instead of %s", req.Provider.Issuer(), req.RoleAccount, want, req.Principal)
		}
	case "audience":
		aud := "the token's audience"
		if k, ok := req.KeyInfo(req.Provider.KeyPrefix + ":aud"); ok && len(k.Values) > 0 {
			cause.RequestValues = k.Values
			aud = quoteAll(k.Values)
		}
		cause.Change = fmt.Sprintf("add %s to the client ID list of the IAM OIDC provider %s (client_id_list of aws_iam_openid_connect_provider), or request the token for an audience that list already holds", aud, r.Issuer)
	case "expiry":
		if r.Decision == evaluate.InvalidIdentityToken {
			cause.Change = "issue the token with exp as an integer number of seconds since 1970 (a JWT NumericDate); STS refuses other timestamp formats"
			break
		}
		cause.Change = "use a fresh token: STS refuses a token whose exp has passed (capture a new one; SDKs refresh EKS and GitHub tokens themselves). If the request's now is wrong, correct it"
	default:
		cause.Change = "fix the token so that the " + last.Name + " check passes"
	}
	return Analysis{
		Summary: "STS refuses the token before it reads the trust policy.",
		Causes:  []Cause{cause},
		Fix:     sentence(cause.Change),
	}
}

// denyAnalysis explains an explicit deny: the Deny statement and every
// condition that made it match. Making any one of them false lifts it.
func denyAnalysis(r *evaluate.Result, rcpNames []string) Analysis {
	s := r.Decider
	if s == nil {
		return Analysis{Summary: "A Deny statement matches this request.", Fix: "Narrow or remove the Deny statement that matches this caller."}
	}
	where := label(s)
	if i := r.DecidedByRCP; i != nil {
		where = fmt.Sprintf("%s of resource control policy %d", label(s), *i)
		if *i < len(rcpNames) && rcpNames[*i] != "" {
			where = fmt.Sprintf("%s of resource control policy %s", label(s), rcpNames[*i])
		}
	}
	a := Analysis{Statement: s, Summary: fmt.Sprintf("%s is a Deny that matches this request for %s; an explicit Deny overrides every Allow.",
		strings.Replace(where, label(s), labelAt(s), 1), r.FailedAction)}
	for _, c := range s.Conditions {
		a.Causes = append(a.Causes, denyConditionCause(c))
	}
	if len(a.Causes) == 0 {
		a.Causes = append(a.Causes, Cause{Element: ElementStatement, PolicyValues: []string{}, RequestValues: []string{},
			Reason:   "the Deny has no conditions, so it refuses every request its principal and action match",
			Change:   fmt.Sprintf("remove %s, or add a condition to it that excludes this caller", where),
			Path:     s.Loc.Path,
			Position: positionPtr(s.Loc.Pos),
			oneLine:  s.Loc.OneLine})
		a.Fix = fmt.Sprintf("If this caller should be allowed, %s.", a.Causes[0].Change)
		return a
	}
	changes := make([]string, len(a.Causes))
	for i, c := range a.Causes {
		changes[i] = c.Change
	}
	a.Fix = fmt.Sprintf("If this caller should be allowed, change %s so it no longer matches: %s", where, changes[0])
	if len(changes) > 1 {
		a.Fix = fmt.Sprintf("If this caller should be allowed, change %s so it no longer matches; any one of these is enough: %s", where, joinChanges(changes))
	}
	a.Fix += ". Otherwise the refusal is intended."
	return a
}

// allowGapAnalysis explains an implicit deny: pick the Allow statement
// closest to matching and name every element that fails in it.
func allowGapAnalysis(r *evaluate.Result) Analysis {
	req := r.Request
	failedIdx := 0
	for i, a := range req.Actions {
		if a == r.FailedAction {
			failedIdx = i
		}
	}
	if failedIdx > 0 {
		if a, ok := secondaryActionAnalysis(r, failedIdx); ok {
			return a
		}
	}
	best, bestScore := -1, 1<<30
	for i := range r.Statements {
		s := &r.Statements[i]
		if s.Effect != "Allow" || s.Skipped != "" {
			continue
		}
		if score := gapScore(s, failedIdx); score < bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return noAllowAnalysis(r)
	}
	s := &r.Statements[best]
	a := Analysis{Statement: s, Closest: true}
	if !s.Principal.Matched {
		a.Causes = append(a.Causes, principalCause(s, req))
	}
	if act := s.Actions[failedIdx]; !act.Matched {
		change := fmt.Sprintf("add %s to its Action", act.Action)
		if strings.HasPrefix(act.Reason, "NotAction") {
			change = fmt.Sprintf("remove the NotAction entry that excludes %s (or list the actions in Action instead)", act.Action)
		}
		a.Causes = append(a.Causes, Cause{Element: ElementAction, Action: act.Action, PolicyValues: []string{}, RequestValues: []string{act.Action},
			Reason: act.Reason, Change: change})
	}
	for _, c := range s.Conditions {
		if !c.Matched {
			a.Causes = append(a.Causes, conditionCause(c, req))
		}
	}
	a.Summary = fmt.Sprintf("No Allow statement matches. The closest is %s, which fails on %s.", labelAt(s), failsOn(s, a.Causes))
	changes := make([]string, len(a.Causes))
	for i, c := range a.Causes {
		changes[i] = c.Change
	}
	switch {
	case len(changes) == 1 && a.Causes[0].outside:
		a.Fix = sentence(changes[0])
	case len(changes) == 1:
		a.Fix = fmt.Sprintf("In %s, %s.", label(s), changes[0])
	default:
		a.Fix = fmt.Sprintf("In %s, make all of these changes: %s.", label(s), joinChanges(changes))
	}
	return a
}

// failsOn names the failing elements of the closest Allow: "1 element" in
// a policy of several lines (the causes below give each line), their paths
// in a one-line policy, where a line number would say nothing:
// `Statement[0].Condition.StringEquals["k"]`.
func failsOn(s *evaluate.StatementTrace, causes []Cause) string {
	if !s.Loc.OneLine || len(causes) == 0 || len(causes) > 3 {
		return plural(len(causes), "element", "elements")
	}
	places := make([]string, len(causes))
	for i, c := range causes {
		places[i] = c.place()
		if c.Element == ElementAction || places[i] == "" {
			places[i] = policy.DisplayPath("", s.Loc.Path) + "." + "Action"
		}
	}
	if len(places) == 1 {
		return places[0]
	}
	return fmt.Sprintf("%s: %s", plural(len(causes), "element", "elements"), strings.Join(places, ", "))
}

// secondaryActionAnalysis covers session tags or a source identity: the
// primary action is allowed but a secondary one is not (aws-reference.md#actions).
func secondaryActionAnalysis(r *evaluate.Result, failedIdx int) (Analysis, bool) {
	req := r.Request
	for i := range r.Statements {
		s := &r.Statements[i]
		if s.Effect != "Allow" || !s.Matched(0) {
			continue
		}
		what, claim := "session tags", identity.TagsClaim
		if r.FailedAction == identity.ActionSetSourceIdentity {
			what, claim = "a source identity", identity.SourceIdentityClaim
		}
		act := s.Actions[failedIdx]
		cause := Cause{Element: ElementAction, Action: act.Action, PolicyValues: []string{}, RequestValues: []string{act.Action},
			Reason: fmt.Sprintf("%s; STS asks for %s because the token carries %s (claim %s)", act.Reason, r.FailedAction, what, claim),
			Change: fmt.Sprintf("add %s to the Action of %s", r.FailedAction, label(s))}
		return Analysis{
			Statement: s,
			Closest:   true,
			Summary:   fmt.Sprintf("%s allows %s, but no Allow statement covers %s, which STS also needs because the token carries %s.", labelAt(s), req.Actions[0], r.FailedAction, what),
			Causes:    []Cause{cause},
			Fix:       fmt.Sprintf("Add %s to the Action of %s, or issue the token without %s.", r.FailedAction, label(s), what),
		}, true
	}
	return Analysis{}, false
}

// noAllowAnalysis: no Allow statement can apply at all. The fix is a new
// statement pinned to the request's audience and subject.
func noAllowAnalysis(r *evaluate.Result) Analysis {
	req := r.Request
	stmt := fmt.Sprintf(`{"Effect": "Allow", "Principal": {%q: %q}, "Action": %q`, req.PrincipalType, req.Principal, r.FailedAction)
	var conds []string
	if req.PrincipalType == "Federated" {
		for _, claim := range []string{"aud", "sub"} {
			if k, ok := req.KeyInfo(req.Provider.KeyPrefix + ":" + claim); ok && len(k.Values) == 1 {
				conds = append(conds, fmt.Sprintf("%q: %q", k.Name, k.Values[0]))
			}
		}
	}
	if len(conds) > 0 {
		stmt += fmt.Sprintf(`, "Condition": {"StringEquals": {%s}}`, strings.Join(conds, ", "))
	}
	stmt += "}"
	return Analysis{
		Summary: "The trust policy has no Allow statement that could apply to this request (statements IAM would refuse are not counted).",
		Causes: []Cause{{Element: ElementStatement, PolicyValues: []string{}, RequestValues: []string{req.Principal},
			Reason: "no Allow statement names this principal and action", Change: "add the statement " + stmt}},
		Fix: "Add an Allow statement such as " + stmt + ".",
	}
}

func gapScore(s *evaluate.StatementTrace, action int) int {
	n := 0
	if !s.Principal.Matched {
		n += 2
	}
	if !s.Actions[action].Matched {
		n++
	}
	for _, c := range s.Conditions {
		if !c.Matched {
			n++
		}
	}
	return n
}

func principalCause(s *evaluate.StatementTrace, req *identity.Resolved) Cause {
	c := Cause{Element: ElementPrincipal, PolicyValues: append([]string{}, s.Principal.PolicyValues...), RequestValues: []string{req.Principal},
		Reason: s.Principal.Reason, Path: s.Loc.Path + ".Principal", oneLine: s.Loc.OneLine}
	c.Nearest = Nearest(req.Principal, c.PolicyValues)
	if req.PrincipalType == "Federated" {
		want, _ := identity.ParseFederatedPrincipal(req.Principal)
		for _, v := range s.Principal.PolicyValues {
			got, ok := identity.ParseFederatedPrincipal(v)
			if !ok {
				continue
			}
			switch {
			case got.Provider.KeyPrefix == want.Provider.KeyPrefix && got.Account != want.Account:
				c.Reason = fmt.Sprintf("the trust names the provider in account %s, but STS resolves the token to the provider in the role's account %s", got.Account, want.Account)
				c.Nearest = v
			case got.Account == want.Account && got.Provider.KeyPrefix != want.Provider.KeyPrefix && v == c.Nearest:
				c.Reason = fmt.Sprintf("the trust names provider %s, but the token's issuer is %s", got.Provider.KeyPrefix, want.Provider.KeyPrefix)
			}
		}
	}
	switch {
	case s.Principal.Type != req.PrincipalType || len(c.PolicyValues) == 0:
		c.Change = fmt.Sprintf("add %s %q to its Principal", req.PrincipalType, req.Principal)
	case len(c.PolicyValues) == 1:
		c.Change = fmt.Sprintf("change Principal.%s from %q to %q", req.PrincipalType, c.PolicyValues[0], req.Principal)
	default:
		c.Change = fmt.Sprintf("add %q to Principal.%s (or replace %q with it)", req.Principal, req.PrincipalType, c.Nearest)
	}
	return c
}
