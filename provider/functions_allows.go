package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
			"Both arguments take an object or a JSON string. Invalid policy JSON is an error on the `policy` argument naming its " +
			"line:column (the element's path for an object); an invalid request is an error on the `request` argument naming " +
			"the field path. A value not known until apply gives an unknown result, never an error.",
		Parameters: []function.Parameter{policyParameter, requestParameter},
		Return:     function.BoolReturn{},
	}
}

// Run evaluates the request.
func (f *AllowsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	defer func() { resp.Error = safeFuncError(resp.Error) }()
	var policyArg, requestArg types.Dynamic
	if resp.Error = req.Arguments.Get(ctx, &policyArg, &requestArg); resp.Error != nil {
		return
	}
	result, _, known, funcErr := decide(policyArg, requestArg)
	if funcErr != nil || !known {
		resp.Error = funcErr
		if !known {
			resp.Error = resp.Result.Set(ctx, types.BoolUnknown())
		}
		return
	}
	resp.Error = resp.Result.Set(ctx, result.Decision.Allowed())
}
