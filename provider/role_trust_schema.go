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

func commonBindingAttributes(extra map[string]schema.Attribute) map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"label": schema.StringAttribute{Optional: true,
			MarkdownDescription: "A name for this binding in messages and in `bindings`. Defaults to the block type and index, e.g. `github_actions[0]`."},
		"expect": schema.StringAttribute{Optional: true,
			MarkdownDescription: "`allow` (default): this identity must be able to assume the role. `deny`: it must NOT be able to (for example pull requests or another repository)."},
	}
	for k, v := range extra {
		attrs[k] = v
	}
	return attrs
}

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
			"exclusive": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "When `true`, a trust that admits any identity beyond the bindings expected to be allowed fails like a refused " +
					"binding (severity follows `enforcement`), with an example identity in the message. Default `false`."},
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
				MarkdownDescription: "What IAM would refuse when the policy is written (`line:column path: message`). The rest of the policy is still evaluated."},
			attrBindings: schema.ListAttribute{Computed: true, ElementType: types.ObjectType{AttrTypes: bindingResultType},
				MarkdownDescription: "One object per binding, in block order (eks_service_account, github_actions, cognito_identity_pool, oidc, " +
					"web_identity_token, aws_role): `label`, `kind`, `principal`, `subject`, `expected`, `decision` (`allow`, `implicit_deny`, " +
					"`explicit_deny`, `invalid_identity_token`, `expired_token`), `passed`, `decided_by`, `reasons`, `fix`, and `signature`: for a " +
					"`web_identity_token` binding, whether its signature was verified and with which JWKS key (kid and RFC 7638 thumbprint) or why not " +
					"(`not verified: no jwks given, so the signature was not checked`); `\"\"` for the other kinds."},
		},
		Blocks: map[string]schema.Block{
			"eks_service_account": schema.ListNestedBlock{
				MarkdownDescription: "A Kubernetes service account using IAM roles for service accounts (IRSA).",
				NestedObject: schema.NestedBlockObject{Attributes: commonBindingAttributes(map[string]schema.Attribute{
					"namespace":         requiredString("Kubernetes namespace of the service account."),
					"service_account":   requiredString("Name of the service account."),
					"oidc_issuer":       optionalString("The cluster's OIDC issuer URL (`aws_eks_cluster.x.identity[0].oidc[0].issuer`). Needs `role_arn`."),
					"oidc_provider_arn": optionalString("ARN of the IAM OIDC provider for the cluster (instead of `oidc_issuer`)."),
					"audience":          optionalString("Token audience; default `sts.amazonaws.com`."),
				})}},
			"github_actions": schema.ListNestedBlock{
				MarkdownDescription: "A GitHub Actions workflow. The `sub` claim is built as GitHub does: environment, else pull_request, else ref; `:` in values is written `%3A`.",
				NestedObject: schema.NestedBlockObject{Attributes: commonBindingAttributes(map[string]schema.Attribute{
					"repository":   requiredString("`OWNER/REPO`."),
					"ref":          optionalString("Git ref the workflow runs on: `refs/heads/main`, `refs/tags/v1` or a bare branch name."),
					"environment":  optionalString("Deployment environment the job references."),
					"pull_request": schema.BoolAttribute{Optional: true, MarkdownDescription: "The workflow runs for a pull request."},
					"subject":      optionalString("A raw `sub` claim, for customised or immutable-ID subjects."),
					"claims": schema.MapAttribute{Optional: true, ElementType: types.StringType,
						MarkdownDescription: "Extra claims, e.g. `job_workflow_ref`, `repository_id`, `repository_owner_id`."},
					"audience": optionalString("Token audience; default `sts.amazonaws.com`."),
					"issuer":   optionalString("Token issuer; default `https://token.actions.githubusercontent.com` (GHES and enterprise issuers allowed)."),
				})}},
			"cognito_identity_pool": schema.ListNestedBlock{
				MarkdownDescription: "An identity from an Amazon Cognito identity pool.",
				NestedObject: schema.NestedBlockObject{Attributes: commonBindingAttributes(map[string]schema.Attribute{
					"identity_pool_id": requiredString("`REGION:GUID`; becomes the `aud` claim."),
					"authenticated":    schema.BoolAttribute{Optional: true, MarkdownDescription: "Authenticated identity (default true); false for a guest identity."},
					"login_providers": schema.ListAttribute{Optional: true, ElementType: types.StringType,
						MarkdownDescription: "Login providers added to `amr` after `authenticated`, e.g. `accounts.google.com`."},
				})}},
			"oidc": schema.ListNestedBlock{
				MarkdownDescription: "Any other issuer (GitLab, Terraform Cloud, CircleCI, Bitbucket, Google, ...), described by its token claims.",
				NestedObject: schema.NestedBlockObject{Attributes: commonBindingAttributes(map[string]schema.Attribute{
					"issuer":            optionalString("Issuer URL (`iss`). Needs `role_arn`."),
					"oidc_provider_arn": optionalString("ARN of the IAM OIDC provider."),
					"principal":         optionalString("A built-in provider: `accounts.google.com`, `cognito-identity.amazonaws.com`, `graph.facebook.com`, `www.amazon.com`."),
					"claims_json":       requiredString("The token's claims as JSON, e.g. `jsonencode({ sub = \"...\", aud = \"...\" })`."),
				})}},
			"web_identity_token": schema.ListNestedBlock{
				MarkdownDescription: "A real token captured from a failing run: decoded, checked as STS checks it, then evaluated.",
				NestedObject: schema.NestedBlockObject{Attributes: commonBindingAttributes(map[string]schema.Attribute{
					"token": schema.StringAttribute{Required: true, Sensitive: true, MarkdownDescription: "The JWT. Never printed."},
					"jwks":  optionalString("JWKS JSON; when given, the signature must verify."),
				})}},
			"aws_role": schema.ListNestedBlock{
				MarkdownDescription: "Role chaining: an IAM role calling `sts:AssumeRole`. Unlike web identity, the caller's identity policies count here.",
				NestedObject: schema.NestedBlockObject{Attributes: commonBindingAttributes(map[string]schema.Attribute{
					"role_arn": requiredString("ARN of the calling role."),
					"identity_policies": schema.ListAttribute{Optional: true, ElementType: types.StringType,
						MarkdownDescription: "The calling role's identity policies as JSON strings."},
				})}},
		},
	}
}

const roleTrustDescription = "Evaluates a role trust policy against the identities that must (or must not) be able to assume the role, " +
	"exactly as AWS STS would decide `sts:AssumeRoleWithWebIdentity` (or `sts:AssumeRole` for role chaining), and fails the plan " +
	"when a decision differs from what the configuration declares.\n\n" +
	"For web identities no caller policy is consulted: the trust policy alone decides, after STS's token checks. " +
	"Role chaining (`aws_role`) is the one case where the caller's identity policies also count.\n\n" +
	"**Unknown values.** When `policy` or any binding depends on a value known only after apply (for example the trust of a role " +
	"that does not exist yet), Terraform defers reading this data source to the apply phase and checks then; it never reports a pass for a value it did not know."
