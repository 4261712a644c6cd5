package callers

import (
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// ServiceAccount is a Kubernetes service account of the plan that names no
// IAM role: no eks.amazonaws.com/role-arn annotation after the plan (not
// even one known only after apply) and no Pod Identity association.
type ServiceAccount struct {
	Res             *tfplan.Resource
	Namespace, Name string
	// Cluster is the cluster it lives in, nil when the plan does not say.
	Cluster *model.Cluster
}

// UnannotatedServiceAccounts lists the service accounts of the plan that
// name no role after the plan: their pods get no web identity token.
func UnannotatedServiceAccounts(w *model.World) []ServiceAccount {
	src := &source{World: w}
	associated := map[string]bool{}
	for _, r := range w.Plan.OfType("aws_eks_pod_identity_association") {
		ns, _ := r.StringAt(tfplan.After, "namespace")
		sa, _ := r.StringAt(tfplan.After, "service_account")
		associated[ns+"/"+sa] = true
	}
	var out []ServiceAccount
	for _, key := range []string{"kubernetes_service_account", "kubernetes_service_account_v1"} {
		for _, r := range w.Plan.OfType(key) {
			if !r.Exists(tfplan.After) {
				continue
			}
			role := w.Plan.Value(r, tfplan.After, "metadata", 0, "annotations", RoleAnnotation)
			if !role.Absent || r.UnknownAt(tfplan.After, "metadata", 0, "annotations") {
				continue
			}
			ns := w.Plan.Value(r, tfplan.After, "metadata", 0, "namespace")
			name := w.Plan.Value(r, tfplan.After, "metadata", 0, "name")
			if ns.Absent {
				ns = tfplan.Value{Known: true, S: "default"}
			}
			if !ns.Known || !name.Known || associated[ns.S+"/"+name.S] {
				continue
			}
			out = append(out, ServiceAccount{Res: r, Namespace: ns.S, Name: name.S, Cluster: src.clusterOfKubernetes(r)})
		}
	}
	return out
}
