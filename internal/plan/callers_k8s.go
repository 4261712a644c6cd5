package plan

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// Kubernetes annotations IRSA reads (EKS pod identity webhook).
const (
	roleAnnotation     = "eks.amazonaws.com/role-arn"
	audienceAnnotation = "eks.amazonaws.com/audience"
)

// serviceAccountCallers reads kubernetes_service_account(_v1) resources
// that carry the IRSA role annotation.
func (w *world) serviceAccountCallers() []*Caller {
	var out []*Caller
	for _, key := range []string{"kubernetes_service_account", "kubernetes_service_account_v1"} {
		for _, r := range w.p.OfType(key) {
			c := &Caller{Res: r, Label: r.Address, Kind: KindEKSServiceAccount}
			cluster := w.clusterOfKubernetes(r)
			c.Side = sides(r, func(s Side) *CallerSide {
				return w.serviceAccountSide(r, s, cluster, "metadata", 0)
			})
			if c.hasSide() {
				out = append(out, c)
			}
		}
	}
	return out
}

// serviceAccountSide reads a service account's IRSA annotations, namespace
// (default "default") and name under the metadata path meta, and builds
// its caller side; nil when the role annotation is absent.
func (w *world) serviceAccountSide(r *Resource, s Side, cluster *Cluster, meta ...any) *CallerSide {
	at := func(tail ...any) []any { return append(append([]any{}, meta...), tail...) }
	role := w.p.value(r, s, at("annotations", roleAnnotation)...)
	if role.Absent {
		return nil
	}
	ns := w.p.value(r, s, at("namespace")...)
	if ns.Absent {
		ns = Value{Known: true, S: "default"}
	}
	name := w.p.value(r, s, at("name")...)
	aud := w.p.value(r, s, at("annotations", audienceAnnotation)...)
	return w.eksSide(r, role, ns, name, aud, cluster)
}

// eksSide builds an IRSA caller side from its parts.
func (w *world) eksSide(r *Resource, role, ns, name, aud Value, cluster *Cluster) *CallerSide {
	cs := &CallerSide{Role: role, Via: []*Resource{r}}
	for i, v := range []Value{ns, name} {
		if !v.Known {
			what := [...]string{"namespace", "service account name"}[i]
			cs.Missing = append(cs.Missing, fmt.Sprintf("the %s of %s is known only after apply (%s)", what, r.Address, v.Show()))
		}
	}
	if len(cs.Missing) > 0 {
		return cs
	}
	id := &Identity{Kind: KindEKSServiceAccount, EKS: &eksIdentity{Namespace: ns.S, Name: name.S, Cluster: cluster}}
	if aud.Known {
		id.EKS.Audience = aud.S
	}
	sub, err := identity.EKSSubject(ns.S, name.S)
	if err != nil {
		cs.Missing = append(cs.Missing, fmt.Sprintf("%s: %v", r.Address, err))
		return cs
	}
	id.Subject = sub
	cs.Identities = []*Identity{id}
	return cs
}

// manifestCallers reads kubernetes_manifest ServiceAccounts with the IRSA
// annotation.
func (w *world) manifestCallers() []*Caller {
	var out []*Caller
	for _, r := range w.p.OfType("kubernetes_manifest") {
		c := &Caller{Res: r, Label: r.Address, Kind: KindEKSServiceAccount}
		cluster := w.clusterOfKubernetes(r)
		c.Side = sides(r, func(s Side) *CallerSide {
			if kind, _ := r.str(s, "manifest", "kind"); kind != "ServiceAccount" {
				return nil
			}
			return w.serviceAccountSide(r, s, cluster, "manifest", "metadata")
		})
		if c.hasSide() {
			out = append(out, c)
		}
	}
	return out
}

// clusterOfKubernetes finds the EKS cluster a Kubernetes or Helm resource
// is applied to: the provider configuration's host (or the helm provider's
// kubernetes block) refers to a cluster's endpoint; else the plan's only
// cluster. Nil when the plan does not say.
func (w *world) clusterOfKubernetes(r *Resource) *Cluster {
	for _, attr := range []string{"host", "cluster_ca_certificate", "token"} {
		if e := w.p.providerExpr(r, attr); e != nil {
			if c := w.clusterOf(w.p.followExpr(r, e)); c != nil {
				return c
			}
		}
	}
	if e := w.p.providerExpr(r, "kubernetes"); e != nil {
		for _, block := range e.NestedBlocks {
			for _, attr := range []string{"host", "cluster_ca_certificate", "token"} {
				if c := w.clusterOf(w.p.followExpr(r, block[attr])); c != nil {
					return c
				}
			}
		}
		if c := w.clusterOf(w.p.followExpr(r, e)); c != nil {
			return c
		}
	}
	if len(w.clusters) == 1 {
		for _, c := range w.clusters {
			return c
		}
	}
	return nil
}

// clusterByName finds a cluster by name on a side, or by a reference.
func (w *world) clusterByName(v Value, s Side) *Cluster {
	if c := w.clusterOf(v); c != nil {
		return c
	}
	if !v.Known {
		return nil
	}
	for _, c := range w.clusters {
		if c.Name[s] == v.S {
			return c
		}
	}
	return nil
}
