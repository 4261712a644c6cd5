package callers

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// Kubernetes annotations IRSA reads (EKS pod identity webhook).
const (
	RoleAnnotation     = "eks.amazonaws.com/role-arn"
	AudienceAnnotation = "eks.amazonaws.com/audience"
)

// serviceAccountCallers reads kubernetes_service_account(_v1) resources
// that carry the IRSA role annotation.
func (w *source) serviceAccountCallers() []*model.Caller {
	var out []*model.Caller
	for _, key := range []string{"kubernetes_service_account", "kubernetes_service_account_v1"} {
		for _, r := range w.Plan.OfType(key) {
			c := &model.Caller{Res: r, Label: r.Address, Kind: model.KindEKSServiceAccount}
			cluster := w.clusterOfKubernetes(r)
			c.Side = sides(r, func(s tfplan.Side) *model.CallerSide {
				return w.serviceAccountSide(r, s, cluster, "metadata", 0)
			})
			if c.HasSide() {
				out = append(out, c)
			}
		}
	}
	return out
}

// serviceAccountSide reads a service account's IRSA annotations, namespace
// (default "default") and name under the metadata path meta, and builds
// its caller side; nil when the role annotation is absent.
func (w *source) serviceAccountSide(r *tfplan.Resource, s tfplan.Side, cluster *model.Cluster, meta ...any) *model.CallerSide {
	at := func(tail ...any) []any { return append(append([]any{}, meta...), tail...) }
	role := w.Plan.Value(r, s, at("annotations", RoleAnnotation)...)
	if role.Absent {
		return nil
	}
	ns := w.Plan.Value(r, s, at("namespace")...)
	if ns.Absent {
		ns = tfplan.Value{Known: true, S: "default"}
	}
	name := w.Plan.Value(r, s, at("name")...)
	aud := w.Plan.Value(r, s, at("annotations", AudienceAnnotation)...)
	return ServiceAccountSide(r, role, ns, name, aud, cluster)
}

// ServiceAccountSide is the caller side of a service account annotated
// with an IRSA role, from its role annotation (taken as it is, with a note
// when it has surrounding whitespace: the webhook does not trim it), its
// namespace, name, audience annotation (Absent when not set) and the
// cluster it lives in (nil when not known). r is the resource the
// identity is read from (a plan resource or a file's stand-in); messages
// name it. Sources that read service accounts outside the plan use it too,
// so one rule builds every service account identity.
func ServiceAccountSide(r *tfplan.Resource, role, ns, name, aud tfplan.Value, cluster *model.Cluster) *model.CallerSide {
	return addNote(eksSide(r, role, ns, name, aud, cluster), untrimmedRoleNote(role))
}

// eksSide builds an IRSA caller side from its parts.
func eksSide(r *tfplan.Resource, role, ns, name, aud tfplan.Value, cluster *model.Cluster) *model.CallerSide {
	cs := &model.CallerSide{Role: role, Via: []*tfplan.Resource{r}}
	for i, v := range []tfplan.Value{ns, name} {
		if !v.Known {
			what := [...]string{"namespace", "service account name"}[i]
			cs.Missing = append(cs.Missing, fmt.Sprintf("the %s of %s is known only after apply (%s)", what, r.Address, v.Show()))
		}
	}
	if len(cs.Missing) > 0 {
		return cs
	}
	id := &model.Identity{Kind: model.KindEKSServiceAccount, EKS: &model.EKSIdentity{Namespace: ns.S, Name: name.S, Cluster: cluster}}
	if aud.Known {
		id.EKS.Audience = aud.S
	}
	sub, err := identity.EKSSubject(ns.S, name.S)
	if err != nil {
		cs.Missing = append(cs.Missing, fmt.Sprintf("%s: %v", r.Address, err))
		return cs
	}
	id.Subject = sub
	cs.Identities = []*model.Identity{id}
	return cs
}

// manifestCallers reads kubernetes_manifest ServiceAccounts with the IRSA
// annotation.
func (w *source) manifestCallers() []*model.Caller {
	var out []*model.Caller
	for _, r := range w.Plan.OfType("kubernetes_manifest") {
		c := &model.Caller{Res: r, Label: r.Address, Kind: model.KindEKSServiceAccount}
		cluster := w.clusterOfKubernetes(r)
		c.Side = sides(r, func(s tfplan.Side) *model.CallerSide {
			if kind, _ := r.StringAt(s, "manifest", "kind"); kind != "ServiceAccount" {
				return nil
			}
			return w.serviceAccountSide(r, s, cluster, "manifest", "metadata")
		})
		if c.HasSide() {
			out = append(out, c)
		}
	}
	return out
}

// clusterOfKubernetes finds the EKS cluster a Kubernetes or Helm resource
// is applied to: the provider configuration's host (or the helm provider's
// kubernetes block) refers to a cluster's endpoint; else the plan's only
// cluster. Nil when the plan does not say.
func (w *source) clusterOfKubernetes(r *tfplan.Resource) *model.Cluster {
	for _, attr := range []string{"host", "cluster_ca_certificate", "token"} {
		if e := w.Plan.ProviderExpr(r, attr); e != nil {
			if c := w.ClusterOf(w.Plan.FollowExpr(r, e)); c != nil {
				return c
			}
		}
	}
	if e := w.Plan.ProviderExpr(r, "kubernetes"); e != nil {
		for _, block := range e.NestedBlocks {
			for _, attr := range []string{"host", "cluster_ca_certificate", "token"} {
				if c := w.ClusterOf(w.Plan.FollowExpr(r, block[attr])); c != nil {
					return c
				}
			}
		}
		if c := w.ClusterOf(w.Plan.FollowExpr(r, e)); c != nil {
			return c
		}
	}
	if len(w.Clusters) == 1 {
		for _, c := range w.Clusters {
			return c
		}
	}
	return nil
}

// clusterByName finds a cluster by name on a side, or by a reference.
func (w *source) clusterByName(v tfplan.Value, s tfplan.Side) *model.Cluster {
	if c := w.ClusterOf(v); c != nil {
		return c
	}
	if !v.Known {
		return nil
	}
	for _, c := range w.Clusters {
		if c.Name[s] == v.S {
			return c
		}
	}
	return nil
}
