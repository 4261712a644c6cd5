package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// roleTrustConfig is the stsguard_role_trust configuration as the Read
// needs it, read straight from the protocol value by readRoleTrustConfig
// (no reflection into tfsdk-tagged structs: at hundreds of data sources per
// plan that reflection cost more than the trust checks themselves).
type roleTrustConfig struct {
	policy        string
	roleARN       string
	enforcement   string
	exclusive     bool
	oidcProviders []identity.OIDCProvider
	// rcps are the resource_control_policies documents, as written.
	rcps []string
	// bindings are the binding blocks in schema order (eks_service_account,
	// github_actions, cognito_identity_pool, oidc, web_identity_token,
	// aws_role), each in configuration order.
	bindings []bindingBlock
}

// bindingBlock is one binding block of the configuration.
type bindingBlock struct {
	block  string // block type, e.g. "github_actions"
	index  int    // index among the blocks of that type
	label  string
	expect string
	caller check.Caller
}

// The computed attributes of stsguard_role_trust: Read sets these in the
// state and copies every other attribute from the configuration.
const (
	attrID             = "id"
	attrAdmits         = "admits"
	attrWitness        = "witness"
	attrRisks          = "risks"
	attrBindings       = "bindings"
	attrPassed         = "passed"
	attrPolicyProblems = "policy_problems"
)

// bindingResultType is the object type of one element of `bindings`.
var bindingResultType = map[string]attr.Type{
	"label":      types.StringType,
	"kind":       types.StringType,
	"principal":  types.StringType,
	"subject":    types.StringType,
	"expected":   types.StringType,
	"decision":   types.StringType,
	"passed":     types.BoolType,
	"decided_by": types.StringType,
	"reasons":    types.ListType{ElemType: types.StringType},
	"fix":        types.StringType,
	"signature":  types.StringType,
}

// bindingResultValueType is bindingResultType as a protocol type, for
// building the state value directly.
var bindingResultValueType = types.ObjectType{AttrTypes: bindingResultType}.TerraformType(context.Background())

// stringListType is the protocol type of a list of strings.
var stringListType = tftypes.List{ElementType: tftypes.String}

func optionalString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: desc}
}

func requiredString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Required: true, MarkdownDescription: desc}
}

func roleTrustSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: roleTrustDescription,
		Attributes: map[string]schema.Attribute{
			attrID: schema.StringAttribute{Computed: true, MarkdownDescription: "A digest of the policy and bindings."},
			"policy": requiredString("The role's trust policy as a JSON string, e.g. `aws_iam_role.app.assume_role_policy` or " +
				"`data.aws_iam_policy_document.trust.json`."),
			"role_arn": optionalString("ARN of the role the policy belongs to. Its account resolves token issuers to the IAM OIDC " +
				"provider ARN STS uses, and catches providers in another account. Needed for bindings that give an issuer URL."),
			"enforcement": schema.StringAttribute{Optional: true,
				MarkdownDescription: "`error` (default): a binding whose decision differs from its `expect` fails the plan. " +
					"`warning`: reported as a warning, the plan continues. `off`: only computes `bindings` and `passed`."},
			"oidc_providers": schema.ListNestedAttribute{Optional: true,
				MarkdownDescription: "The IAM OIDC providers registered in the role's account. When given, STS's token checks run first: " +
					"the issuer must be registered (exact URL) and the token audience must be in its client ID list.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"url":        requiredString("Provider URL, with or without `https://` (as `aws_iam_openid_connect_provider.x.url` stores it)."),
					"client_ids": schema.ListAttribute{Required: true, ElementType: types.StringType, MarkdownDescription: "The provider's client ID list (audiences)."},
				}}},
			"resource_control_policies": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "The resource control policies (RCPs) that reach the role's account, each a policy document as a JSON string " +
					"(`jsonencode({...})`, `aws_organizations_policy.x.content`, or the output of `aws organizations describe-policy`). A Deny " +
					"statement in one refuses a binding the trust allows, as STS does; `decided_by` then names the statement and " +
					"`resource_control_policies[N]`. RCPs do not apply to the organisation's management account or to service-linked roles: " +
					"list only those that reach the role."},
			"exclusive": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "When `true`, a trust that admits any identity beyond the bindings expected to be allowed fails like a refused " +
					"binding (severity follows `enforcement`), with an example identity in the message. A trust longer than any trust IAM accepts " +
					"(8,192 characters with the largest quota increase) is not analysed: a warning on `policy` says so, and `passed` is `false`. Default `false`."},
			attrAdmits: schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Who the trust admits, one line per Allow statement and principal, key by key (each condition read as a language of strings)."},
			attrWitness: schema.StringAttribute{Computed: true,
				MarkdownDescription: "An example identity the trust allows that none of the `allow` bindings is, confirmed by the evaluator, with its class " +
					"(e.g. `other-repository`, `pull-request`, `other-namespace`, `guest-identity`); `\"\"` when the trust is exactly as narrow as the bindings."},
			attrRisks: schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Well-known dangerous shapes, whatever the bindings: no `sub` condition on a shared issuer, `*` or organisation-wide " +
					"subjects, pull requests admitted, `ForAllValues:` in an Allow, a subject restricted only by negated operators, Cognito without `aud` or `amr`."},
			attrPassed: schema.BoolAttribute{Computed: true, MarkdownDescription: "True when every binding's decision matches its `expect`."},
			attrPolicyProblems: schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "What IAM would refuse when the policy is written (`line:column: path: message`; `path: message`, e.g. " +
					"`Statement[0].Resource: ...`, for a one-line policy such as `jsonencode()` output). The rest of the policy is still evaluated."},
			attrBindings: schema.ListAttribute{Computed: true, ElementType: types.ObjectType{AttrTypes: bindingResultType},
				MarkdownDescription: "One object per binding, in block order (eks_service_account, github_actions, cognito_identity_pool, oidc, " +
					"web_identity_token, aws_role): `label`, `kind`, `principal`, `subject`, `expected`, `decision` (`allow`, `implicit_deny`, " +
					"`explicit_deny`, `invalid_identity_token`, `expired_token`), `passed`, `decided_by`, `reasons`, `fix`, and `signature`: for a " +
					"`web_identity_token` binding, whether its signature was verified and with which JWKS key (kid and RFC 7638 thumbprint) or why not " +
					"(`not verified: no jwks given, so the signature was not checked`); `\"\"` for the other kinds."},
		},
		Blocks: bindingBlocks(),
	}
}

// bindingBlocks builds the binding blocks' schema from check.Blocks, the
// one description of them the linter reads plans with too.
func bindingBlocks() map[string]schema.Block {
	blocks := map[string]schema.Block{}
	for _, b := range check.Blocks {
		attrs := map[string]schema.Attribute{}
		for _, a := range append(append([]check.Attribute{}, check.CommonAttributes...), b.Attributes...) {
			attrs[a.Name] = bindingAttribute(a)
		}
		blocks[b.Name] = schema.ListNestedBlock{MarkdownDescription: b.Description,
			NestedObject: schema.NestedBlockObject{Attributes: attrs}}
	}
	return blocks
}

// bindingAttribute is the schema of one binding argument: optional unless
// required, never computed.
func bindingAttribute(a check.Attribute) schema.Attribute {
	opt := !a.Required
	switch a.Type {
	case check.Bool:
		return schema.BoolAttribute{Required: a.Required, Optional: opt, Sensitive: a.Sensitive, MarkdownDescription: a.Description}
	case check.StringList:
		return schema.ListAttribute{Required: a.Required, Optional: opt, Sensitive: a.Sensitive, ElementType: types.StringType, MarkdownDescription: a.Description}
	case check.StringMap:
		return schema.MapAttribute{Required: a.Required, Optional: opt, Sensitive: a.Sensitive, ElementType: types.StringType, MarkdownDescription: a.Description}
	}
	return schema.StringAttribute{Required: a.Required, Optional: opt, Sensitive: a.Sensitive, MarkdownDescription: a.Description}
}

const roleTrustDescription = "Evaluates a role trust policy against the identities that must (or must not) be able to assume the role, " +
	"exactly as AWS STS would decide `sts:AssumeRoleWithWebIdentity` (or `sts:AssumeRole` for role chaining), and fails the plan " +
	"when a decision differs from what the configuration declares.\n\n" +
	"For web identities no caller policy is consulted: the trust policy alone decides, after STS's token checks. " +
	"Role chaining (`aws_role`) is the one case where the caller's identity policies also count.\n\n" +
	"**Unknown values.** When `policy` or any binding depends on a value known only after apply (for example the trust of a role " +
	"that does not exist yet), Terraform defers reading this data source to the apply phase and checks then; it never reports a pass for a value it did not know."
