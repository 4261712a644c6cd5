package identity

// EKSPodIdentityService is the service principal of EKS Pod Identity: the
// role's trust must allow it sts:AssumeRole and, unless session tags are
// disabled, sts:TagSession (aws-reference.md#eks-pod-identity).
const EKSPodIdentityService = "pods.eks.amazonaws.com"

// eksPodIdentityTagKeys are the session tags EKS Pod Identity sets, all
// transitive (aws-reference.md#eks-pod-identity).
var eksPodIdentityTagKeys = []string{"eks-cluster-arn", "eks-cluster-name", "kubernetes-namespace", "kubernetes-service-account", "kubernetes-pod-name", "kubernetes-pod-uid"}

// EKSPodIdentity is an EKS Pod Identity association. It is not a web
// identity: the EKS Auth service calls sts:AssumeRole as the Service
// principal pods.eks.amazonaws.com, tagging the session (aws-reference.md#eks-pod-identity).
type EKSPodIdentity struct {
	Cluster, Namespace, ServiceAccount string
	// Region is the cluster's region (for the eks-cluster-arn tag).
	Region string
	// NoTags is disable_session_tags: then sts:TagSession is not asked for.
	NoTags bool
}

// Kind implements Binding.
func (EKSPodIdentity) Kind() string { return "eks_pod_identity" }

// Request implements Binding: principal Service pods.eks.amazonaws.com,
// action sts:AssumeRole, plus sts:TagSession with the session tags EKS
// sets (aws-reference.md#eks-pod-identity). The pod's name and uid stand in for a pod of
// the service account.
func (b EKSPodIdentity) Request(roleARN string) (*Request, error) {
	req := &Request{RoleARN: roleARN, PrincipalType: "Service", Principal: EKSPodIdentityService, Action: ActionAssumeRole}
	if b.NoTags {
		return req, nil
	}
	account := ""
	if a, ok := ParseARN(roleARN); ok {
		account = a.Account
	}
	tags := map[string]any{
		"eks-cluster-arn":            "arn:aws:eks:" + b.Region + ":" + account + ":cluster/" + b.Cluster,
		"eks-cluster-name":           b.Cluster,
		"kubernetes-namespace":       b.Namespace,
		"kubernetes-service-account": b.ServiceAccount,
		"kubernetes-pod-name":        b.ServiceAccount + "-pod",
		"kubernetes-pod-uid":         "00000000-0000-0000-0000-000000000000",
	}
	keys := make([]any, len(eksPodIdentityTagKeys))
	for i, k := range eksPodIdentityTagKeys {
		keys[i] = k
	}
	req.Claims = map[string]any{TagsClaim: map[string]any{"principal_tags": tags, "transitive_tag_keys": keys}}
	return req, nil
}
