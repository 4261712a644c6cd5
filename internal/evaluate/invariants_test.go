package evaluate

import (
	"slices"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// checkInvariants asserts what must hold for every result, whatever the
// input (design.md "Decisions", spec §0 and §6).
func checkInvariants(t testing.TB, r *Result) {
	t.Helper()
	if r.Request == nil {
		t.Fatalf("result has no request")
	}
	actionIndex := slices.Index(r.Request.Actions, r.FailedAction)
	switch r.Decision {
	case Allow:
		if r.DecidedBy == nil || r.Decider == nil {
			t.Fatalf("allow without a deciding statement")
		}
		if r.Decider.Effect != policy.Allow || !r.Decider.Matched(0) {
			t.Fatalf("allow decided by %+v, which is not a matching Allow", r.DecidedBy)
		}
		if r.DecidedBy.Index != r.Decider.Index || r.Error != "" || r.FailedAction != "" {
			t.Fatalf("allow with inconsistent fields: %+v %q %q", r.DecidedBy, r.Error, r.FailedAction)
		}
		for ai := range r.Request.Actions {
			if !anyMatch(r.Statements, ai, policy.Allow) {
				t.Fatalf("allow although no Allow matches action %s", r.Request.Actions[ai])
			}
			if anyMatch(r.Statements, ai, policy.Deny) {
				t.Fatalf("allow although a Deny matches action %s", r.Request.Actions[ai])
			}
		}
	case ExplicitDeny:
		if r.DecidedBy == nil || r.Decider == nil || r.Decider.Effect != policy.Deny {
			t.Fatalf("explicit deny without a deciding Deny")
		}
		if actionIndex < 0 || !r.Decider.Matched(actionIndex) {
			t.Fatalf("explicit deny for %q but the deciding Deny does not match it", r.FailedAction)
		}
		if (r.DecidedByRCP != nil) != (len(r.RCPStatements) > 0) {
			t.Fatalf("explicit deny: DecidedByRCP and RCPStatements disagree")
		}
	case ImplicitDeny:
		if r.DecidedBy != nil || r.Decider != nil {
			t.Fatalf("implicit deny with a deciding statement %+v", r.DecidedBy)
		}
		if actionIndex < 0 {
			t.Fatalf("implicit deny for %q, which is not a required action %q", r.FailedAction, r.Request.Actions)
		}
		if anyMatch(r.Statements, actionIndex, policy.Allow) {
			t.Fatalf("implicit deny although an Allow matches %s", r.FailedAction)
		}
		for ai := range r.Request.Actions {
			if anyMatch(r.Statements, ai, policy.Deny) {
				t.Fatalf("implicit deny although a Deny matches %s", r.Request.Actions[ai])
			}
		}
	case InvalidIdentityToken, ExpiredToken:
		if r.DecidedBy != nil || len(r.Statements) != 0 {
			t.Fatalf("token error %s but the policy was evaluated", r.Decision)
		}
		if len(r.Checks) == 0 || r.Checks[len(r.Checks)-1].Passed {
			t.Fatalf("token error %s without a failed check", r.Decision)
		}
	default:
		t.Fatalf("decision %q is not one of the five", r.Decision)
	}
	if r.Decision != Allow && r.Error == "" {
		t.Fatalf("%s without an STS error text", r.Decision)
	}
	if !slices.IsSorted(r.Assumptions) {
		t.Fatalf("assumptions are not sorted: %q", r.Assumptions)
	}
	for i, a := range r.Assumptions {
		if condition.AssumptionID(a) == "" || strings.Contains(a, "§") {
			t.Fatalf("assumption %q has no stable id or cites the spec", a)
		}
		if i > 0 && a == r.Assumptions[i-1] {
			t.Fatalf("assumption %q is listed twice", a)
		}
	}
}

func anyMatch(ts []StatementTrace, action int, effect policy.Effect) bool {
	for i := range ts {
		if ts[i].Effect == effect && ts[i].Matched(action) {
			return true
		}
	}
	return false
}
