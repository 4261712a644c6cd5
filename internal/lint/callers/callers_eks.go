package callers

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// addonCallers reads aws_eks_addon: service_account_role_arn is an IRSA
// caller for the add-on's service account (eks_addons.go), and each
// pod_identity_association block a Pod Identity caller.
func (w *source) addonCallers() []*model.Caller {
	var out []*model.Caller
	for _, r := range w.Plan.OfType("aws_eks_addon") {
		irsa := &model.Caller{Res: r, Label: r.Address + " service_account_role_arn", Kind: model.KindEKSServiceAccount}
		irsa.Side = sides(r, func(s tfplan.Side) *model.CallerSide {
			role := w.Plan.Value(r, s, "service_account_role_arn")
			if role.Absent || (role.Known && strings.TrimSpace(role.S) == "") {
				return nil // no role: the add-on's pods use the node role
			}
			name, _ := r.StringAt(s, "addon_name")
			sa, ok := EKSAddonServiceAccounts[name]
			if ok && sa.NoRole {
				return &model.CallerSide{Role: role, Missing: []string{fmt.Sprintf("add-on %q takes no IAM role of its own (its pods use the node role), so service_account_role_arn is not used by any service account", name)}}
			}
			if !ok {
				return &model.CallerSide{Role: role, Missing: []string{fmt.Sprintf("add-on %q is not in the linter's add-on table (internal/lint/callers/eks_addons.go), so its service account is unknown", name)}}
			}
			cluster := w.clusterByName(w.Plan.Value(r, s, "cluster_name"), s)
			cs := eksSide(r, role, tfplan.Value{Known: true, S: sa.Namespace}, tfplan.Value{Known: true, S: sa.Name}, tfplan.Value{Absent: true}, cluster)
			for _, id := range cs.Identities {
				if sa.Unconfirmed {
					id.Guessed = append(id.Guessed, fmt.Sprintf("the service account of add-on %q (%s/%s) is unconfirmed", name, sa.Namespace, sa.Name))
				}
			}
			return cs
		})
		if irsa.HasSide() {
			out = append(out, irsa)
		}
		out = append(out, w.addonPodIdentityCallers(r)...)
	}
	return out
}

// addonPodIdentityCallers reads the pod_identity_association blocks of an
// add-on, one caller per service account.
func (w *source) addonPodIdentityCallers(r *tfplan.Resource) []*model.Caller {
	names := map[string]bool{}
	for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
		for _, b := range r.ObjectsAt(s, "pod_identity_association") {
			if sa, ok := b["service_account"].(string); ok {
				names[sa] = true
			}
		}
	}
	var out []*model.Caller
	for _, saName := range tfplan.SortedKeys(names) {
		c := &model.Caller{Res: r, Label: fmt.Sprintf("%s pod_identity_association %q", r.Address, saName), Kind: model.KindEKSPodIdentity}
		c.Side = sides(r, func(s tfplan.Side) *model.CallerSide {
			for i, b := range r.ObjectsAt(s, "pod_identity_association") {
				if b["service_account"] != saName {
					continue
				}
				role := w.setElementValue(r, s, "pod_identity_association", i, "role_arn", "service_account", saName)
				addon, _ := r.StringAt(s, "addon_name")
				ns := addonNamespace
				if sa, ok := EKSAddonServiceAccounts[addon]; ok {
					ns = sa.Namespace
				}
				cluster, _ := r.StringAt(s, "cluster_name")
				return podIdentitySide(role, w.Region, cluster, ns, saName, false)
			}
			return nil
		})
		if c.HasSide() {
			out = append(out, c)
		}
	}
	return out
}

// podIdentityCallers reads aws_eks_pod_identity_association. A
// target_role_arn makes a second caller: the association's role chains
// into the target role.
func (w *source) podIdentityCallers() []*model.Caller {
	var out []*model.Caller
	for _, r := range w.Plan.OfType("aws_eks_pod_identity_association") {
		c := &model.Caller{Res: r, Label: r.Address, Kind: model.KindEKSPodIdentity}
		c.Side = sides(r, func(s tfplan.Side) *model.CallerSide {
			role := w.Plan.Value(r, s, "role_arn")
			if role.Absent {
				return nil
			}
			ns, name, cluster := w.Plan.Value(r, s, "namespace"), w.Plan.Value(r, s, "service_account"), w.Plan.Value(r, s, "cluster_name")
			if !ns.Known || !name.Known {
				return &model.CallerSide{Role: role, Missing: []string{fmt.Sprintf("the namespace or service account of %s is known only after apply", r.Address)}}
			}
			return podIdentitySide(role, w.Region, cluster.S, ns.S, name.S, r.BoolAt(s, false, "disable_session_tags"))
		})
		if c.HasSide() {
			out = append(out, c)
		}
		target := &model.Caller{Res: r, Label: r.Address + " target_role_arn", Kind: model.KindRoleChain}
		target.Side = sides(r, func(s tfplan.Side) *model.CallerSide {
			t := w.Plan.Value(r, s, "target_role_arn")
			if t.Absent {
				return nil
			}
			src := w.RoleOfValue(w.Plan.Value(r, s, "role_arn"), s)
			if src == nil {
				return &model.CallerSide{Role: t, Missing: []string{fmt.Sprintf("the role_arn of %s names no role in the plan, so the caller of its target role is unknown", r.Address)}}
			}
			return w.chainSide(src, s, t, r.Address+" target_role_arn")
		})
		if target.HasSide() {
			out = append(out, target)
		}
	}
	return out
}

func podIdentitySide(role tfplan.Value, region, cluster, ns, sa string, noTags bool) *model.CallerSide {
	b := identity.EKSPodIdentity{Cluster: cluster, Namespace: ns, ServiceAccount: sa, Region: region, NoTags: noTags}
	return &model.CallerSide{Role: role, Via: []*tfplan.Resource{}, Identities: []*model.Identity{{
		Kind: model.KindEKSPodIdentity, Binding: b,
		Subject: fmt.Sprintf("EKS Pod Identity for %s/%s (Service %s)", ns, sa, identity.EKSPodIdentityService),
	}}}
}

// setElementValue returns an attribute of an element of a set of blocks,
// following the configuration block whose match attribute equals the
// given constant when the value is unknown (set elements are not in
// configuration order).
func (w *source) setElementValue(r *tfplan.Resource, s tfplan.Side, block string, i int, attr, matchAttr, match string) tfplan.Value {
	if !r.UnknownAt(s, block, i, attr) {
		return w.Plan.Value(r, s, block, i, attr)
	}
	cfg := w.Plan.ConfigResource(r)
	if cfg != nil {
		if e := cfg.Expressions[block]; e != nil && e.ExpressionData != nil {
			for _, nb := range e.NestedBlocks {
				if m := nb[matchAttr]; m != nil && m.ExpressionData != nil && m.ConstantValue == match {
					v := w.Plan.FollowExpr(r, nb[attr])
					v.Sensitive = r.SensitiveAt(s, block, i, attr)
					return v
				}
			}
		}
	}
	return w.Plan.Value(r, s, block, i, attr)
}
