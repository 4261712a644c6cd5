// Package explain turns an evaluation result into what a person needs: the
// reasons for the decision, the smallest change that would make the
// request pass, and stable text and JSON renderings.
package explain

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// Fix returns the smallest change that would make the request allowed (or
// make the deny go away), and the reasons behind the decision, most
// important first. Allowed results have no fix.
func Fix(r *evaluate.Result) (fix string, reasons []string) {
	switch r.Decision {
	case evaluate.Allow:
		s := r.Decider
		return "", []string{fmt.Sprintf("%s allows %s: the principal matches, the action is covered and all %d condition(s) hold", label(s), r.Request.Actions[0], len(s.Conditions))}
	case evaluate.InvalidIdentityToken, evaluate.ExpiredToken:
		return tokenFix(r)
	case evaluate.ExplicitDeny:
		return denyFix(r)
	}
	return allowGapFix(r)
}

func label(s *evaluate.StatementTrace) string {
	if s.Sid != "" {
		return fmt.Sprintf("Statement[%d] %q", s.Index, s.Sid)
	}
	return fmt.Sprintf("Statement[%d]", s.Index)
}

func tokenFix(r *evaluate.Result) (string, []string) {
	last := r.Checks[len(r.Checks)-1]
	reasons := []string{last.Detail}
	req := r.Request
	switch last.Name {
	case "provider":
		if pp, ok := identity.ParseFederatedPrincipal(req.Principal); ok && pp.Account != "" && req.RoleAccount != "" && pp.Account != req.RoleAccount {
			want := req.Provider.Principal(pp.Partition, req.RoleAccount)
			return fmt.Sprintf("create the IAM OIDC provider for %s in the role's account %s and trust %s instead of %s", req.Provider.Issuer(), req.RoleAccount, want, req.Principal), reasons
		}
		return fmt.Sprintf("register an IAM OIDC provider whose URL is exactly %s in the role's account (the URL is case-sensitive and a trailing slash counts), or fix the token's issuer", r.Issuer), reasons
	case "audience":
		return "add the token's audience to the OIDC provider's client ID list (aws_iam_openid_connect_provider.client_id_list), or request the token with an audience the provider lists, such as sts.amazonaws.com", reasons
	case "expiry":
		return "use a fresh token: STS refuses a token whose exp has passed (for a captured token, capture a new one; for EKS, tokens are refreshed by the SDK)", reasons
	}
	return "", reasons
}

func denyFix(r *evaluate.Result) (string, []string) {
	s := r.Decider
	where := "the trust policy"
	if r.DecidedByRCP != nil {
		where = fmt.Sprintf("resource control policy %d", *r.DecidedByRCP)
	}
	var why []string
	for _, c := range s.Conditions {
		why = append(why, fmt.Sprintf("%s %s: %s", c.Operator, c.Key, c.Reason))
	}
	reasons := []string{fmt.Sprintf("%s in %s is a Deny that matches %s; an explicit Deny overrides every Allow", label(s), where, r.FailedAction)}
	reasons = append(reasons, why...)
	fix := fmt.Sprintf("%s in %s denies this caller", label(s), where)
	if len(why) > 0 {
		fix += " because " + strings.Join(why, "; and ")
	}
	fix += ". If this caller should be allowed, narrow that Deny's conditions so they exclude it, or remove the statement"
	return fix, reasons
}

// allowGapFix explains an implicit deny: pick the Allow statement that is
// closest to matching and name every element that fails in it.
func allowGapFix(r *evaluate.Result) (string, []string) {
	req := r.Request
	failedIdx := 0
	for i, a := range req.Actions {
		if a == r.FailedAction {
			failedIdx = i
		}
	}
	// Session tags or source identity: the primary action is allowed but a
	// secondary one is not (spec §3, [S16][S17]).
	if failedIdx > 0 {
		for i := range r.Statements {
			s := &r.Statements[i]
			if s.Effect == "Allow" && s.Matched(0) {
				why := "the token carries session tags (claim https://aws.amazon.com/tags)"
				if r.FailedAction == identity.ActionSetSourceIdentity {
					why = "the token carries a source identity (claim https://aws.amazon.com/source_identity)"
				}
				return fmt.Sprintf("add %s to the Action of %s: %s, so STS also authorises %s against the trust policy", r.FailedAction, label(s), why, r.FailedAction),
					[]string{fmt.Sprintf("%s allows %s but no Allow statement covers %s", label(s), req.Actions[0], r.FailedAction)}
			}
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
		fix := fmt.Sprintf("add an Allow statement with Principal {%q: %q} and Action %q", req.PrincipalType, req.Principal, r.FailedAction)
		return fix, []string{"no Allow statement in the trust policy can apply to this request"}
	}
	s := &r.Statements[best]
	var changes, reasons []string
	if !s.Principal.Matched {
		c, why := principalGap(s, req)
		changes, reasons = append(changes, c), append(reasons, why)
	}
	if a := s.Actions[failedIdx]; !a.Matched {
		changes = append(changes, fmt.Sprintf("add %s to its Action", a.Action))
		reasons = append(reasons, a.Reason)
	}
	for _, c := range s.Conditions {
		if c.Matched {
			continue
		}
		change, why := conditionGap(c, req)
		changes = append(changes, change)
		reasons = append(reasons, why)
	}
	fix := fmt.Sprintf("in %s (the closest Allow), %s", label(s), strings.Join(changes, "; "))
	head := fmt.Sprintf("no Allow statement matches; %s fails on %d element(s)", label(s), len(changes))
	return fix, append([]string{head}, reasons...)
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

func principalGap(s *evaluate.StatementTrace, req *identity.Resolved) (change, why string) {
	why = s.Principal.Reason
	if req.PrincipalType == "Federated" {
		want, _ := identity.ParseFederatedPrincipal(req.Principal)
		for _, v := range s.Principal.PolicyValues {
			got, ok := identity.ParseFederatedPrincipal(v)
			if !ok {
				continue
			}
			switch {
			case got.Provider.KeyPrefix == want.Provider.KeyPrefix && got.Account != want.Account:
				why = fmt.Sprintf("the trust names the provider in account %s, but STS resolves the token to the provider in the role's account %s", got.Account, want.Account)
			case got.Account == want.Account && got.Provider.KeyPrefix != want.Provider.KeyPrefix:
				why = fmt.Sprintf("the trust names provider %s, but the token's issuer is %s", got.Provider.KeyPrefix, want.Provider.KeyPrefix)
			}
		}
	}
	return fmt.Sprintf("set Principal.%s to %q", req.PrincipalType, req.Principal), why
}
