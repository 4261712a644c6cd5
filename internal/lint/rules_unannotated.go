package lint

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// unannotated is a service account without the role annotation, in any
// plan linted, with its address as findings show it.
type unannotated struct {
	callers.ServiceAccount
	addr string
}

// unannotatedFindings reports STSG108: the role's trust names
// system:serviceaccount:NS:NAME exactly, and the plan has that service
// account without the role annotation (and without a Pod Identity
// association), so its pods never present a token for the role: the SDKs
// fall back to the node's role.
func (w *analyzer) unannotatedFindings(role *model.Role, t *model.Trust) []Finding {
	if w.unannotated == nil {
		w.unannotated = []unannotated{}
		for _, world := range w.worlds {
			for _, sa := range callers.UnannotatedServiceAccounts(world) {
				w.unannotated = append(w.unannotated, unannotated{sa, world.Addr(sa.Res)})
			}
		}
	}
	if len(w.unannotated) == 0 {
		return nil
	}
	var out []Finding
	for i := range t.Doc.Statements {
		st := &t.Doc.Statements[i]
		if st.Effect != policy.Allow {
			continue
		}
		for _, p := range statementProviders(st) {
			if p.Kind != identity.KindEKS {
				continue
			}
			for _, c := range st.Conditions {
				if !c.OperatorValid || c.Operator.Base != condition.StringEquals || c.Operator.Negated() || !names.Equal(c.Key, p.KeyPrefix+":sub") {
					continue
				}
				for _, v := range c.Values {
					for _, sa := range w.unannotated {
						if sub, err := identity.EKSSubject(sa.Namespace, sa.Name); err != nil || sub != v.Raw {
							continue
						}
						if sa.Cluster != nil && !sa.Cluster.Placeholder[tfplan.After] && sa.Cluster.Issuer[tfplan.After] != p.KeyPrefix {
							continue // a service account of another cluster
						}
						out = append(out, Finding{Rule: RuleUnannotated, Role: role.Address(), Caller: sa.addr, Address: sa.addr, Plan: w.planOf(sa.Res),
							Before: "", After: "",
							Message: fmt.Sprintf("%s trusts %s (%s %s), and the plan has that service account (%s) without the %s annotation: its pods get no web identity token for the role, and the AWS SDKs fall back to the node's role",
								role.Address(), v.Raw, st.Label(), c.OperatorName, sa.addr, callers.RoleAnnotation),
							Fix: fmt.Sprintf("annotate %s with %s = %s.arn (metadata.annotations), or remove the subject from the trust if the service account does not use the role",
								sa.addr, callers.RoleAnnotation, role.Address())})
					}
				}
			}
		}
	}
	return out
}
