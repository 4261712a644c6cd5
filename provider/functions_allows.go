package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

var _ function.Function = (*AllowsFunction)(nil)

// AllowsFunction is provider::stsguard::allows(policy, request): true when
// STS would let the request assume the role.
type AllowsFunction struct{}

// NewAllowsFunction returns the allows function.
func NewAllowsFunction() function.Function {
	return &AllowsFunction{}
}

// Metadata names the function.
func (f *AllowsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "allows"
}

// Definition declares the parameters and the bool result.
func (f *AllowsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Whether a role trust policy allows a web identity request",
		Description: "Returns true when AWS STS would let the request call sts:AssumeRoleWithWebIdentity under the " +
			"trust policy, false for any other decision. Made for precondition, postcondition and check blocks; " +
			"use evaluate to learn why a request is refused.",
		MarkdownDescription: "Returns `true` when AWS STS would let the request call `sts:AssumeRoleWithWebIdentity` under the " +
			"trust policy, `false` for any other decision. Made for `precondition`, `postcondition` and `check` blocks; " +
			"use `evaluate` to learn why a request is refused.\n\n" +
			"Invalid policy JSON is an error on the `policy` argument naming its line:column; an invalid request is an error " +
			"on the `request` argument naming the field.",
		Parameters: []function.Parameter{policyParameter, requestParameter},
		Return:     function.BoolReturn{},
	}
}

// Run evaluates the request.
func (f *AllowsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	defer func() { resp.Error = safeFuncError(resp.Error) }()
	var policyJSON, requestJSON string
	if resp.Error = req.Arguments.Get(ctx, &policyJSON, &requestJSON); resp.Error != nil {
		return
	}
	result, _, funcErr := decide(policyJSON, requestJSON)
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	resp.Error = resp.Result.Set(ctx, result.Decision.Allowed())
}
