package lint

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// TestKeptResult: a refusal is kept whole (its traces explain it); of a
// result that allowed, the decision and the request's principal and
// provider (Pair.Provider) are kept, the traces and condition keys not.
func TestKeptResult(t *testing.T) {
	req := &identity.Resolved{Principal: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", PrincipalType: "Federated",
		Provider: identity.Provider{KeyPrefix: "token.actions.githubusercontent.com"}, RoleAccount: "111122223333",
		Actions: []string{"sts:AssumeRoleWithWebIdentity"}, Keys: []identity.Key{{Name: "token.actions.githubusercontent.com:sub"}}}
	traces := []evaluate.StatementTrace{{}}
	refused := &evaluate.Result{Decision: evaluate.ImplicitDeny, Error: "AccessDenied", Statements: traces, Request: req}
	if got := keptResult(refused); got != refused {
		t.Error("a refusal is not kept whole")
	}
	allowed := &evaluate.Result{Decision: evaluate.Allow, Statements: traces, Checks: []evaluate.Check{{Name: "provider"}}, Request: req, Assumptions: []string{"a"}}
	got := keptResult(allowed)
	if got.Decision != evaluate.Allow || len(got.Assumptions) != 1 {
		t.Errorf("decision or assumptions lost: %+v", got)
	}
	if got.Statements != nil || got.Checks != nil || got.Decider != nil {
		t.Errorf("an allowed result keeps its traces: %+v", got)
	}
	if r := got.Request; r == nil || r.Principal != req.Principal || r.PrincipalType != "Federated" || r.Provider.KeyPrefix != req.Provider.KeyPrefix ||
		r.RoleAccount != req.RoleAccount || len(r.Actions) != 1 || r.Keys != nil {
		t.Errorf("the kept request: %+v", got.Request)
	}
}
