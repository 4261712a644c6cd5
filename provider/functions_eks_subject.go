package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

var _ function.Function = (*EKSSubjectFunction)(nil)

// EKSSubjectFunction is provider::stsguard::eks_subject(namespace,
// service_account): the sub claim of an EKS service-account token.
type EKSSubjectFunction struct{}

// NewEKSSubjectFunction returns the eks_subject function.
func NewEKSSubjectFunction() function.Function {
	return &EKSSubjectFunction{}
}

// Metadata names the function.
func (f *EKSSubjectFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "eks_subject"
}

// Definition declares the parameters and the string result.
func (f *EKSSubjectFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The sub claim of an EKS service-account token",
		Description: "Returns the sub claim Kubernetes puts in a service account's projected token " +
			"(IAM Roles for Service Accounts): system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT. " +
			"Use it in a trust policy condition on the cluster's OIDC provider sub key, or in the claims of an evaluate request.",
		MarkdownDescription: "Returns the `sub` claim Kubernetes puts in a service account's projected token " +
			"(IAM Roles for Service Accounts): `system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT`. " +
			"Use it in a trust policy condition on the cluster's OIDC provider `:sub` key, or in the `claims` of an `evaluate` request.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "namespace",
				Description:         "The Kubernetes namespace of the service account, for example payments.",
				MarkdownDescription: "The Kubernetes namespace of the service account, for example `payments`.",
			},
			function.StringParameter{
				Name:                "service_account",
				Description:         "The name of the service account, for example api.",
				MarkdownDescription: "The name of the service account, for example `api`.",
			},
		},
		Return: function.StringReturn{},
	}
}

// Run builds the subject with identity.EKSSubject.
func (f *EKSSubjectFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	defer func() { resp.Error = safeFuncError(resp.Error) }()
	var namespace, serviceAccount string
	if resp.Error = req.Arguments.Get(ctx, &namespace, &serviceAccount); resp.Error != nil {
		return
	}
	subject, err := identity.EKSSubject(namespace, serviceAccount)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(eksSubjectFaultyArgument(namespace), err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, subject)
}

// eksSubjectFaultyArgument returns the position of the argument the
// engine refused: the namespace when it is refused with a valid service
// account name, else the service account.
func eksSubjectFaultyArgument(namespace string) int64 {
	if _, err := identity.EKSSubject(namespace, "default"); err != nil {
		return 0
	}
	return 1
}
