package check

import "github.com/stsguard/terraform-provider-stsguard/internal/identity"

// This file is the one description of the binding blocks of the
// stsguard_role_trust data source: their names, their arguments and how
// each becomes a caller. The provider builds its schema and reads its
// configuration from it; the plan linter reads the same blocks from a
// saved plan with it.

// AttrType is the Terraform type of a binding argument.
type AttrType int

// Argument types.
const (
	String AttrType = iota
	Bool
	StringList
	StringMap
)

// Attribute is one argument of a binding block.
type Attribute struct {
	Name     string
	Type     AttrType
	Required bool
	// Sensitive arguments are never shown by Terraform (and never by
	// stsguard).
	Sensitive bool
	// Description is the argument's documentation, in Markdown.
	Description string
}

// Values reads the arguments of one binding block. Null arguments read as
// the zero value; set is false for a null bool.
type Values interface {
	String(name string) string
	Bool(name string) (value, set bool)
	Strings(name string) []string
	StringMap(name string) map[string]string
}

// Block is one binding block type of stsguard_role_trust.
type Block struct {
	// Name is the block type, also the binding's kind in results.
	Name string
	// Description is the block's documentation, in Markdown.
	Description string
	// Attributes are the block's own arguments; every block also has
	// CommonAttributes.
	Attributes []Attribute
	// Caller builds the engine's caller from the block's arguments.
	Caller func(v Values) Caller
}

// Binding block types, as Blocks names them.
const (
	BlockEKSServiceAccount = "eks_service_account"
	BlockGitHubActions     = "github_actions"
	BlockCognito           = "cognito_identity_pool"
	BlockOIDC              = "oidc"
	BlockToken             = "web_identity_token"
	BlockRole              = "aws_role"
)

// CommonAttributes are the arguments of every binding block.
var CommonAttributes = []Attribute{
	{Name: "label", Type: String, Description: "A name for this binding in messages and in `bindings`. Defaults to the block type and index, e.g. `github_actions[0]`."},
	{Name: "expect", Type: String, Description: "`allow` (default): this identity must be able to assume the role. `deny`: it must NOT be able to (for example pull requests or another repository)."},
}

const audienceDescription = "Token audience; default `sts.amazonaws.com`."

// Blocks are the binding block types, in the order the data source
// evaluates them and lists them in `bindings`.
var Blocks = []Block{
	{
		Name:        BlockEKSServiceAccount,
		Description: "A Kubernetes service account using IAM roles for service accounts (IRSA).",
		Attributes: []Attribute{
			{Name: "namespace", Type: String, Required: true, Description: "Kubernetes namespace of the service account."},
			{Name: "service_account", Type: String, Required: true, Description: "Name of the service account."},
			{Name: "oidc_issuer", Type: String, Description: "The cluster's OIDC issuer URL (`aws_eks_cluster.x.identity[0].oidc[0].issuer`). Needs `role_arn`."},
			{Name: "oidc_provider_arn", Type: String, Description: "ARN of the IAM OIDC provider for the cluster (instead of `oidc_issuer`)."},
			{Name: "audience", Type: String, Description: audienceDescription},
		},
		Caller: func(v Values) Caller {
			return identity.EKSServiceAccount{
				Namespace: v.String("namespace"), ServiceAccount: v.String("service_account"),
				OIDCIssuer: v.String("oidc_issuer"), OIDCProviderARN: v.String("oidc_provider_arn"), Audience: v.String("audience"),
			}
		},
	},
	{
		Name:        BlockGitHubActions,
		Description: "A GitHub Actions workflow. The `sub` claim is built as GitHub does: environment, else pull_request, else ref; `:` in values is written `%3A`.",
		Attributes: []Attribute{
			{Name: "repository", Type: String, Required: true, Description: "`OWNER/REPO`."},
			{Name: "ref", Type: String, Description: "Git ref the workflow runs on: `refs/heads/main`, `refs/tags/v1` or a bare branch name."},
			{Name: "environment", Type: String, Description: "Deployment environment the job references."},
			{Name: "pull_request", Type: Bool, Description: "The workflow runs for a pull request."},
			{Name: "subject", Type: String, Description: "A raw `sub` claim, for customised or immutable-ID subjects."},
			{Name: "claims", Type: StringMap, Description: "Extra claims, e.g. `job_workflow_ref`, `repository_id`, `repository_owner_id`."},
			{Name: "audience", Type: String, Description: audienceDescription},
			{Name: "issuer", Type: String, Description: "Token issuer; default `https://token.actions.githubusercontent.com` (GHES and enterprise issuers allowed)."},
		},
		Caller: func(v Values) Caller {
			pullRequest, _ := v.Bool("pull_request")
			return identity.GitHubActions{
				Repository: v.String("repository"), Ref: v.String("ref"), Environment: v.String("environment"),
				PullRequest: pullRequest, Subject: v.String("subject"), Claims: v.StringMap("claims"),
				Audience: v.String("audience"), Issuer: v.String("issuer"),
			}
		},
	},
	{
		Name:        BlockCognito,
		Description: "An identity from an Amazon Cognito identity pool.",
		Attributes: []Attribute{
			{Name: "identity_pool_id", Type: String, Required: true, Description: "`REGION:GUID`; becomes the `aud` claim."},
			{Name: "authenticated", Type: Bool, Description: "Authenticated identity (default true); false for a guest identity."},
			{Name: "login_providers", Type: StringList, Description: "Login providers added to `amr` after `authenticated`, e.g. `accounts.google.com`."},
		},
		Caller: func(v Values) Caller {
			authenticated, set := v.Bool("authenticated")
			return identity.CognitoIdentityPool{
				IdentityPoolID: v.String("identity_pool_id"), Authenticated: !set || authenticated, LoginProviders: v.Strings("login_providers"),
			}
		},
	},
	{
		Name:        BlockOIDC,
		Description: "Any other issuer (GitLab, Terraform Cloud, CircleCI, Bitbucket, Google, ...), described by its token claims.",
		Attributes: []Attribute{
			{Name: "issuer", Type: String, Description: "Issuer URL (`iss`). Needs `role_arn`."},
			{Name: "oidc_provider_arn", Type: String, Description: "ARN of the IAM OIDC provider."},
			{Name: "principal", Type: String, Description: "A built-in provider: `accounts.google.com`, `cognito-identity.amazonaws.com`, `graph.facebook.com`, `www.amazon.com`."},
			{Name: "claims_json", Type: String, Required: true, Description: "The token's claims as JSON, e.g. `jsonencode({ sub = \"...\", aud = \"...\" })`."},
		},
		Caller: func(v Values) Caller {
			return identity.OIDC{
				Issuer: v.String("issuer"), OIDCProviderARN: v.String("oidc_provider_arn"),
				Principal: v.String("principal"), ClaimsJSON: v.String("claims_json"),
			}
		},
	},
	{
		Name:        BlockToken,
		Description: "A real token captured from a failing run: decoded, checked as STS checks it, then evaluated.",
		Attributes: []Attribute{
			{Name: "token", Type: String, Required: true, Sensitive: true, Description: "The JWT. Never printed."},
			{Name: "jwks", Type: String, Description: "JWKS JSON; when given, the signature must verify."},
		},
		Caller: func(v Values) Caller {
			return &TokenCaller{Token: v.String("token"), JWKS: v.String("jwks")}
		},
	},
	{
		Name:        BlockRole,
		Description: "Role chaining: an IAM role calling `sts:AssumeRole`. Unlike web identity, the caller's identity policies count here.",
		Attributes: []Attribute{
			{Name: "role_arn", Type: String, Required: true, Description: "ARN of the calling role."},
			{Name: "identity_policies", Type: StringList, Description: "The calling role's identity policies as JSON strings."},
		},
		Caller: func(v Values) Caller {
			return &RoleCaller{RoleARN: v.String("role_arn"), IdentityPolicies: v.Strings("identity_policies")}
		},
	},
}
