package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
)

var _ function.Function = (*EvaluateFunction)(nil)

// Argument positions shared by evaluate and allows.
const (
	policyArgument  int64 = 0
	requestArgument int64 = 1
)

// requestFormatMarkdown documents the request argument of evaluate and
// allows: the request format of docs/guides/explain-request.md.
const requestFormatMarkdown = "The request is an object, or the same object as a JSON string (`jsonencode({...})`, a file):\n\n" +
	"- `role_arn`: the role being assumed, e.g. `arn:aws:iam::111122223333:role/app`.\n" +
	"- `principal`: the `Federated` value STS resolves (the IAM OIDC provider ARN in the role's account, or a built-in " +
	"provider such as `cognito-identity.amazonaws.com`); optional when it follows from `claims.iss` and `role_arn`.\n" +
	"- `principal_type`: `Federated` (default), `AWS` or `Service`; `action`: the action STS authorises " +
	"(default `sts:AssumeRoleWithWebIdentity` for `Federated`, `sts:AssumeRole` otherwise).\n" +
	"- `claims`: the token's claims (`iss`, `sub`, `aud`, `amr`, ...). Only the claims AWS maps to condition keys become keys.\n" +
	"- `context`: other request keys, each a string or a list of strings, e.g. `{\"sts:RoleSessionName\" = \"ci-42\"}`.\n" +
	"- `oidc_providers`: the IAM OIDC providers registered in the role's account, `[{url, client_ids}]`; when present, " +
	"the issuer and audience checks STS makes before reading the policy run first.\n" +
	"- `now`: the RFC 3339 clock for expiry checks; default the current time.\n\n" +
	"Unknown fields are refused so that a typo cannot silently change the decision: the error names the field path " +
	"(e.g. `request.claim`), lists the valid fields and suggests the nearest. Error messages never quote a value of the request. " +
	"The [explain --request file format](../guides/explain-request.md) guide describes every field."

// policyParameter is the first parameter of evaluate and allows: a JSON
// string or an object (dynamic).
var policyParameter = function.DynamicParameter{
	Name: "policy",
	Description: "The role trust policy: an object as jsonencode() takes, or its JSON (assume_role_policy, " +
		"data.aws_iam_policy_document.json). Statements IAM would refuse are still evaluated the way STS would.",
	MarkdownDescription: "The role trust policy: an object as `jsonencode()` takes (`{ Version = \"2012-10-17\", Statement = [...] }`), " +
		"or its JSON string (`assume_role_policy`, `data.aws_iam_policy_document.json`). " +
		"Statements IAM would refuse are still evaluated the way STS would.",
}

// requestParameter is the second parameter of evaluate and allows: an
// object or a JSON string (dynamic).
var requestParameter = function.DynamicParameter{
	Name: "request",
	Description: "The sts:AssumeRoleWithWebIdentity request: an object (or its JSON string) with role_arn, principal, " +
		"principal_type, action, claims, context, oidc_providers and now.",
	MarkdownDescription: "The `sts:AssumeRoleWithWebIdentity` request. " + requestFormatMarkdown,
}

// evaluateResultTypes is the object type evaluate returns.
var evaluateResultTypes = map[string]attr.Type{
	"decision":   types.StringType,
	"allowed":    types.BoolType,
	"decided_by": types.StringType,
	"reasons":    types.ListType{ElemType: types.StringType},
	"fix":        types.StringType,
}

// evaluateResult is the Go form of evaluate's object result.
type evaluateResult struct {
	Decision  string   `tfsdk:"decision"`
	Allowed   bool     `tfsdk:"allowed"`
	DecidedBy string   `tfsdk:"decided_by"`
	Reasons   []string `tfsdk:"reasons"`
	Fix       string   `tfsdk:"fix"`
}

// EvaluateFunction is provider::stsguard::evaluate(policy, request): the
// decision STS would make, why, and how to change it.
type EvaluateFunction struct{}

// NewEvaluateFunction returns the evaluate function.
func NewEvaluateFunction() function.Function {
	return &EvaluateFunction{}
}

// Metadata names the function.
func (f *EvaluateFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "evaluate"
}

// Definition declares the parameters and the object result.
func (f *EvaluateFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Decide a web identity request against a role trust policy, and explain why",
		Description: "Decides, offline and exactly as AWS STS would, whether the request may call " +
			"sts:AssumeRoleWithWebIdentity under the trust policy, and returns an object with decision " +
			"(allow, implicit_deny, explicit_deny, invalid_identity_token or expired_token), allowed, decided_by " +
			"(the deciding statement, e.g. Statement[0] \"AllowGitHub\", or \"\" when none decided), reasons " +
			"(most important first) and fix (the smallest change that would allow the request, or \"\" when it is allowed).",
		MarkdownDescription: "Decides, offline and exactly as AWS STS would, whether the request may call " +
			"`sts:AssumeRoleWithWebIdentity` under the trust policy. Returns an object:\n\n" +
			"- `decision`: `allow`, `implicit_deny` (no Allow matched), `explicit_deny` (a Deny matched), " +
			"`invalid_identity_token` (no OIDC provider for the issuer, or the audience is not registered) or `expired_token`.\n" +
			"- `allowed`: `true` only for `allow`.\n" +
			"- `decided_by`: the deciding statement, e.g. `Statement[0] \"AllowGitHub\"` or `Statement[1]`; `\"\"` when none decided.\n" +
			"- `reasons`: why, most important first. Parts of the policy IAM would refuse at write time are listed too.\n" +
			"- `fix`: the smallest change that would allow the request (or make the deny go away); `\"\"` when allowed.\n\n" +
			"Both arguments take an object or a JSON string. Invalid policy JSON is an error on the `policy` argument naming its " +
			"line:column (the element's path for an object); an invalid request is an error on the `request` argument naming " +
			"the field path. A value not known until apply gives an unknown result, never an error.",
		Parameters: []function.Parameter{policyParameter, requestParameter},
		Return:     function.ObjectReturn{AttributeTypes: evaluateResultTypes},
	}
}

// Run evaluates the request and explains the result.
func (f *EvaluateFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	defer func() { resp.Error = safeFuncError(resp.Error) }()
	var policyArg, requestArg types.Dynamic
	if resp.Error = req.Arguments.Get(ctx, &policyArg, &requestArg); resp.Error != nil {
		return
	}
	result, problems, known, funcErr := decide(policyArg, requestArg)
	if funcErr != nil || !known {
		resp.Error = funcErr
		if !known {
			resp.Error = resp.Result.Set(ctx, types.ObjectUnknown(evaluateResultTypes))
		}
		return
	}
	fix, reasons := explain.Fix(result)
	for _, p := range problems {
		reasons = append(reasons, "IAM would refuse this policy: "+p.String())
	}
	if reasons == nil {
		reasons = []string{}
	}
	resp.Error = resp.Result.Set(ctx, evaluateResult{
		Decision:  string(result.Decision),
		Allowed:   result.Decision.Allowed(),
		DecidedBy: decidedBy(result),
		Reasons:   reasons,
		Fix:       fix,
	})
}

// decidedBy names the deciding statement as Statement[N] or
// Statement[N] "Sid"; "" when no statement decided.
func decidedBy(r *evaluate.Result) string {
	if r.DecidedBy == nil {
		return ""
	}
	where := ""
	if r.DecidedByRCP != nil {
		where = fmt.Sprintf(" of resource control policy %d", *r.DecidedByRCP)
	}
	if r.DecidedBy.Sid == "" {
		return fmt.Sprintf("Statement[%d]%s", r.DecidedBy.Index, where)
	}
	return fmt.Sprintf("Statement[%d] %q%s", r.DecidedBy.Index, r.DecidedBy.Sid, where)
}
