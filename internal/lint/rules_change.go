package lint

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// whatChanged names the side(s) of a pair that changed.
func (w *analyzer) whatChanged(c *model.Caller, roleB, roleA *model.Role) string {
	var parts []string
	if roleB != nil && roleB != roleA {
		parts = append(parts, fmt.Sprintf("the caller now names %s instead of %s", roleA.Address(), roleB.Address()))
	}
	if roleB == roleA {
		tb, ta := roleA.Trust[tfplan.Before], roleA.Trust[tfplan.After]
		if tb != nil && ta != nil && tb.Text != ta.Text {
			parts = append(parts, fmt.Sprintf("the role's trust changed (%s)", ta.From))
		}
		if roleA.ARN[tfplan.Before] != roleA.ARN[tfplan.After] && roleA.ARNKnown[tfplan.Before] {
			parts = append(parts, fmt.Sprintf("the role's ARN changes from %s to %s", roleA.ARN[tfplan.Before], roleA.ARN[tfplan.After]))
		}
	}
	if changed := w.callerChanged(c); changed != "" {
		parts = append(parts, "the caller changed: "+changed)
	}
	for _, op := range w.trustedProviders(roleA) {
		if providerChanged(op) {
			parts = append(parts, fmt.Sprintf("the OIDC provider %s changed (%s)", op.Address(), describeProviderChange(op)))
		}
	}
	if len(parts) == 0 {
		return "no change the linter can name (account, region or an unknown value)"
	}
	return strings.Join(parts, "; ")
}

// callerChanged describes how the caller's identity changed, or "".
func (w *analyzer) callerChanged(c *model.Caller) string {
	b, a := c.Side[tfplan.Before].Subject(), c.Side[tfplan.After].Subject()
	if c.Side[tfplan.Before] == nil || b == a {
		return ""
	}
	msg := fmt.Sprintf("its identity was %q and becomes %q", b, a)
	var changed []string
	for _, r := range c.Side[tfplan.After].Via {
		if what := describeAction(r); what != "" {
			changed = append(changed, w.addrOf(r)+" "+what)
		}
	}
	if len(changed) > 0 {
		msg += " because " + strings.Join(model.Dedupe(changed), ", ")
	}
	return msg
}

// describeAction says what the plan does to a resource ("" for nothing).
func describeAction(r *tfplan.Resource) string {
	a := r.Actions
	switch {
	case a.Replace():
		return "is replaced"
	case a.Create():
		return "is created"
	case a.Update():
		return "is updated"
	case a.Delete():
		return "is deleted"
	case r.PreviousAddress != "":
		return "moves from " + r.PreviousAddress
	}
	return ""
}

// trustedProviders lists the plan's OIDC providers a role's trust names
// on either side.
func (w *analyzer) trustedProviders(role *model.Role) []*model.OIDCProvider {
	w = w.of(role)
	var out []*model.OIDCProvider
	seen := map[*model.OIDCProvider]bool{}
	for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
		t := role.Trust[s]
		if !t.Known() {
			continue
		}
		for _, fp := range model.FederatedPrincipals(t.Doc) {
			for _, side := range []tfplan.Side{tfplan.Before, tfplan.After} {
				if op := w.ProviderByARN(fp, side); op != nil && !seen[op] {
					seen[op] = true
					out = append(out, op)
				}
			}
		}
	}
	return out
}

func providerChanged(op *model.OIDCProvider) bool {
	if !op.Res.Exists(tfplan.Before) || !op.Res.Exists(tfplan.After) {
		return op.Res.Exists(tfplan.Before) != op.Res.Exists(tfplan.After)
	}
	return op.URL[tfplan.Before] != op.URL[tfplan.After] || strings.Join(op.ClientIDs[tfplan.Before], ",") != strings.Join(op.ClientIDs[tfplan.After], ",")
}

func describeProviderChange(op *model.OIDCProvider) string {
	switch {
	case !op.Res.Exists(tfplan.After):
		return "deleted"
	case !op.Res.Exists(tfplan.Before):
		return "created"
	case op.URL[tfplan.Before] != op.URL[tfplan.After]:
		return fmt.Sprintf("url %s -> %s", op.URL[tfplan.Before], op.URL[tfplan.After])
	}
	return fmt.Sprintf("client_id_list %q -> %q", op.ClientIDs[tfplan.Before], op.ClientIDs[tfplan.After])
}
