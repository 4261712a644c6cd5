package callers

// addonServiceAccount is the Kubernetes service account an Amazon EKS
// managed add-on runs as: the identity its service_account_role_arn (IRSA)
// or pod_identity_association is for.
type addonServiceAccount struct {
	Namespace, Name string
	// Unconfirmed is set when the entry could not be confirmed in the
	// source below; a refusal that depends on it is reported as
	// unresolved, not as an error.
	Unconfirmed bool
	// NoRole is set for add-ons whose pods run with the node's role and
	// take none of their own (the table lists them so that a role given to
	// one is explained rather than reported as an unknown add-on).
	NoRole bool
}

// EKSAddonServiceAccounts maps add-on names to their service accounts.
//
// This is the ONE place the linter keeps this table. Source: Amazon EKS
// User Guide, "AWS add-ons"
// https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html
// and the per-add-on pages it links ("Required IAM permissions", which
// give the service account each add-on's role is created for, e.g.
// `eksctl create iamserviceaccount --name ebs-csi-controller-sa
// --namespace kube-system`). Update it from that page when AWS adds an
// add-on; add-ons that need no IAM role are not listed.
var EKSAddonServiceAccounts = map[string]addonServiceAccount{
	"vpc-cni":                         {Namespace: "kube-system", Name: "aws-node"},
	"aws-ebs-csi-driver":              {Namespace: "kube-system", Name: "ebs-csi-controller-sa"},
	"aws-efs-csi-driver":              {Namespace: "kube-system", Name: "efs-csi-controller-sa"},
	"aws-mountpoint-s3-csi-driver":    {Namespace: "kube-system", Name: "s3-csi-driver-sa"},
	"aws-fsx-csi-driver":              {Namespace: "kube-system", Name: "fsx-csi-controller-sa", Unconfirmed: true},
	"amazon-cloudwatch-observability": {Namespace: "amazon-cloudwatch", Name: "cloudwatch-agent"},
	// The ADOT add-on's collectors run as adot-col-* service accounts in
	// opentelemetry-operator-system; which one a role is for depends on
	// the add-on's configuration values (not read by the linter).
	"adot":                              {Namespace: "opentelemetry-operator-system", Name: "adot-col-otlp-ingest", Unconfirmed: true},
	"aws-network-flow-monitoring-agent": {Namespace: "amazon-network-flow-monitor", Name: "aws-network-flow-monitor-agent-service-account", Unconfirmed: true},

	// Add-ons that need no IAM role of their own: "IAM roles for Amazon
	// EKS add-ons" (https://docs.aws.amazon.com/eks/latest/userguide/add-ons-iam.html)
	// lists which add-ons need one. The EKS Pod Identity Agent uses the
	// node role's eks-auth:AssumeRoleForPodIdentity permission
	// (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html).
	"coredns":                   {Namespace: "kube-system", Name: "coredns", NoRole: true},
	"kube-proxy":                {Namespace: "kube-system", Name: "kube-proxy", NoRole: true},
	"eks-pod-identity-agent":    {Namespace: "kube-system", Name: "eks-pod-identity-agent", NoRole: true},
	"snapshot-controller":       {Namespace: "kube-system", Name: "snapshot-controller", NoRole: true},
	"eks-node-monitoring-agent": {Namespace: "kube-system", Name: "eks-node-monitoring-agent", NoRole: true},
}

// addonNamespace is the namespace of add-on service accounts not in the
// table (pod_identity_association names the service account only).
const addonNamespace = "kube-system"
