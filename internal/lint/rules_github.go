package lint

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// noTokenFinding is STSG107: the caller never gets a web identity token
// (a GitHub Actions job without the id-token: write permission), so it
// fails before STS is called, whatever the role's trust says.
func noTokenFinding(c *model.Caller, cs *model.CallerSide, role *model.Role, f Finding) Finding {
	f.Rule = RuleNoToken
	f.After = VerdictUnknown
	target := cs.Role.Show()
	if role != nil {
		f.Role = role.Address()
		target = role.Address()
	}
	f.Message = fmt.Sprintf("%s assumes %s with a GitHub OIDC token but cannot request one: %s; configure-aws-credentials fails before STS is called", c.Label, target, cs.NoToken)
	f.Fix = "add `permissions: id-token: write` to the job (or to the workflow, when the job has no permissions block of its own), keeping contents: read if the job checks out code"
	return f
}

// audienceRefusal explains an implicit deny that only the token's
// audience causes: every Allow statement whose principal and action match
// fails on aud conditions alone (a job's custom audience the trust does
// not accept). "" otherwise.
func audienceRefusal(r *evaluate.Result) string {
	if r.Decision != evaluate.ImplicitDeny || r.Request == nil || r.Request.PrincipalType != "Federated" || r.Request.Provider.BuiltIn {
		return "" // a Cognito aud is the identity pool, not an audience the caller asks for
	}
	var audValues []string
	var got []string
	candidates := 0
	for i := range r.Statements {
		st := &r.Statements[i]
		if st.Effect != "Allow" || st.Skipped != "" || !st.Principal.Matched || len(st.Actions) == 0 || !st.Actions[0].Matched {
			continue
		}
		candidates++
		audOnly := false
		for _, c := range st.Conditions {
			if c.Matched {
				continue
			}
			if !strings.HasSuffix(names.Fold(c.Key), ":aud") {
				return ""
			}
			audOnly = true
			audValues = append(audValues, c.PolicyValues...)
			got = c.RequestValues
		}
		if !audOnly {
			return ""
		}
	}
	if candidates == 0 {
		return ""
	}
	return fmt.Sprintf("the token's audience %q is not one the trust accepts (%s)", strings.Join(got, ", "), strings.Join(model.Dedupe(audValues), ", "))
}
