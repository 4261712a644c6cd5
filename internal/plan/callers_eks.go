package plan

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// addonCallers reads aws_eks_addon: service_account_role_arn is an IRSA
// caller for the add-on's service account (eks_addons.go), and each
// pod_identity_association block a Pod Identity caller.
func (w *world) addonCallers() []*Caller {
	var out []*Caller
	for _, r := range w.p.OfType("aws_eks_addon") {
		irsa := &Caller{Res: r, Label: r.Address + " service_account_role_arn", Kind: KindEKSServiceAccount}
		irsa.Side = sides(r, func(s Side) *CallerSide {
			role := w.p.value(r, s, "service_account_role_arn")
			if role.Absent {
				return nil
			}
			name, _ := r.str(s, "addon_name")
			sa, ok := eksAddonServiceAccounts[name]
			if !ok {
				return &CallerSide{Role: role, Missing: []string{fmt.Sprintf("add-on %q is not in the linter's add-on table (internal/plan/eks_addons.go), so its service account is unknown", name)}}
			}
			cluster := w.clusterByName(w.p.value(r, s, "cluster_name"), s)
			cs := w.eksSide(r, role, Value{Known: true, S: sa.Namespace}, Value{Known: true, S: sa.Name}, Value{Absent: true}, cluster)
			for _, id := range cs.Identities {
				if sa.Unconfirmed {
					id.Guessed = append(id.Guessed, fmt.Sprintf("the service account of add-on %q (%s/%s) is unconfirmed", name, sa.Namespace, sa.Name))
				}
			}
			return cs
		})
		if irsa.hasSide() {
			out = append(out, irsa)
		}
		out = append(out, w.addonPodIdentityCallers(r)...)
	}
	return out
}

// addonPodIdentityCallers reads the pod_identity_association blocks of an
// add-on, one caller per service account.
func (w *world) addonPodIdentityCallers(r *Resource) []*Caller {
	names := map[string]bool{}
	for _, s := range []Side{Before, After} {
		for _, b := range r.objects(s, "pod_identity_association") {
			if sa, ok := b["service_account"].(string); ok {
				names[sa] = true
			}
		}
	}
	var out []*Caller
	for _, saName := range sortedKeys(names) {
		c := &Caller{Res: r, Label: fmt.Sprintf("%s pod_identity_association %q", r.Address, saName), Kind: KindEKSPodIdentity}
		c.Side = sides(r, func(s Side) *CallerSide {
			for i, b := range r.objects(s, "pod_identity_association") {
				if b["service_account"] != saName {
					continue
				}
				role := w.setElementValue(r, s, "pod_identity_association", i, "role_arn", "service_account", saName)
				addon, _ := r.str(s, "addon_name")
				ns := addonNamespace
				if sa, ok := eksAddonServiceAccounts[addon]; ok {
					ns = sa.Namespace
				}
				cluster, _ := r.str(s, "cluster_name")
				return podIdentitySide(role, w.region, cluster, ns, saName, false)
			}
			return nil
		})
		if c.hasSide() {
			out = append(out, c)
		}
	}
	return out
}

// podIdentityCallers reads aws_eks_pod_identity_association. A
// target_role_arn makes a second caller: the association's role chains
// into the target role.
func (w *world) podIdentityCallers() []*Caller {
	var out []*Caller
	for _, r := range w.p.OfType("aws_eks_pod_identity_association") {
		c := &Caller{Res: r, Label: r.Address, Kind: KindEKSPodIdentity}
		c.Side = sides(r, func(s Side) *CallerSide {
			role := w.p.value(r, s, "role_arn")
			if role.Absent {
				return nil
			}
			ns, name, cluster := w.p.value(r, s, "namespace"), w.p.value(r, s, "service_account"), w.p.value(r, s, "cluster_name")
			if !ns.Known || !name.Known {
				return &CallerSide{Role: role, Missing: []string{fmt.Sprintf("the namespace or service account of %s is known only after apply", r.Address)}}
			}
			return podIdentitySide(role, w.region, cluster.S, ns.S, name.S, r.boolean(s, false, "disable_session_tags"))
		})
		if c.hasSide() {
			out = append(out, c)
		}
		target := &Caller{Res: r, Label: r.Address + " target_role_arn", Kind: KindRoleChain}
		target.Side = sides(r, func(s Side) *CallerSide {
			t := w.p.value(r, s, "target_role_arn")
			if t.Absent {
				return nil
			}
			src := w.roleOfValue(w.p.value(r, s, "role_arn"), s)
			if src == nil {
				return &CallerSide{Role: t, Missing: []string{fmt.Sprintf("the role_arn of %s names no role in the plan, so the caller of its target role is unknown", r.Address)}}
			}
			return w.chainSide(src, s, t, r.Address+" target_role_arn")
		})
		if target.hasSide() {
			out = append(out, target)
		}
	}
	return out
}

func podIdentitySide(role Value, region, cluster, ns, sa string, noTags bool) *CallerSide {
	b := identity.EKSPodIdentity{Cluster: cluster, Namespace: ns, ServiceAccount: sa, Region: region, NoTags: noTags}
	return &CallerSide{Role: role, Via: []*Resource{}, Identities: []*Identity{{
		Kind: KindEKSPodIdentity, Binding: b,
		Subject: fmt.Sprintf("EKS Pod Identity for %s/%s (Service %s)", ns, sa, identity.EKSPodIdentityService),
	}}}
}

// setElementValue returns an attribute of an element of a set of blocks,
// following the configuration block whose match attribute equals the
// given constant when the value is unknown (set elements are not in
// configuration order).
func (w *world) setElementValue(r *Resource, s Side, block string, i int, attr, matchAttr, match string) Value {
	if !r.unknownAt(s, block, i, attr) {
		return w.p.value(r, s, block, i, attr)
	}
	cfg := w.p.config(r)
	if cfg != nil {
		if e := cfg.Expressions[block]; e != nil && e.ExpressionData != nil {
			for _, nb := range e.NestedBlocks {
				if m := nb[matchAttr]; m != nil && m.ExpressionData != nil && m.ConstantValue == match {
					v := w.p.followExpr(r, nb[attr])
					v.Sensitive = r.sensitiveAt(s, block, i, attr)
					return v
				}
			}
		}
	}
	return w.p.value(r, s, block, i, attr)
}
