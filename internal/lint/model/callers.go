package model

import (
	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// Caller kinds.
const (
	KindEKSServiceAccount = "eks_service_account"
	KindEKSPodIdentity    = "eks_pod_identity"
	KindGitHubActions     = "github_actions"
	KindCognito           = "cognito_identity_pool"
	KindOIDC              = "oidc"
	KindToken             = "web_identity_token"
	KindRoleChain         = "aws_role"
)

// Caller is something the plan knows that asks STS for a role: a
// Kubernetes service account, a GitHub Actions variable holding a role
// ARN, a Cognito identity pool's role, a role allowed to assume another,
// or a binding declared in a stsguard_role_trust data source.
type Caller struct {
	// Res is the resource that makes the caller.
	Res *tfplan.Resource
	// Label names the caller in findings: the address, plus what in it
	// calls (a helm value path, a map key, a binding label).
	Label string
	// Kind is one of the Kind* constants.
	Kind string
	// Side is what the caller is on each side (nil when it does not call
	// the role there: absent, or no role named).
	Side [2]*CallerSide
	// Declared is true for stsguard_role_trust bindings; Expect is then
	// "allow" or "deny".
	Declared bool
	Expect   string
	// Origin is set for callers read from files outside the plans
	// (workflows, manifests, Helm values); Res is then a stand-in named
	// after the file (see NewFileCaller).
	Origin *FileOrigin
}

// CallerSide is a caller on one side of the plan.
type CallerSide struct {
	// Role is the role ARN the caller names, or what it refers to.
	Role tfplan.Value
	// Identities are what the caller presents; the pair is allowed when
	// any of them is allowed (a service account may sit in one of
	// several clusters, a pool identity may sign in with several
	// providers), unless EveryIdentity.
	Identities []*Identity
	// EveryIdentity says that the identities are not alternatives but
	// separate runs of the caller (a workflow job started by a push to
	// main and by a pull request presents one subject per trigger): the
	// pair is allowed only when every one of them is allowed.
	EveryIdentity bool
	// Conditional, with EveryIdentity, says why a run may never reach the
	// call (a job or step if: that reads the event or the ref): a refused
	// identity then leaves the pair undecided instead of refused.
	Conditional string
	// Missing says why the identity cannot be determined (values known
	// only after apply that cannot be followed).
	Missing []string
	// OverLong is set when Missing says that a value is longer than its
	// issuer allows (callers.Collect): no token carries it, whatever
	// apply does.
	OverLong bool
	// Notes record assumptions made while reading the caller.
	Notes []string
	// NoToken says why the caller is never issued a web identity token
	// (a GitHub Actions job without the id-token: write permission): it
	// fails before STS is called. "" when it gets one.
	NoToken string
	// Via are the resources the identity is read from (the caller
	// itself, a repository, a subject template, an identity pool), to name
	// the side that changed.
	Via []*tfplan.Resource
	// Sensitive are values the caller is built from that are sensitive
	// although no mask of Via marks them (a Helm set_sensitive entry, a
	// value parsed from a marked values document): the linter never
	// prints them, nor anything built from them.
	Sensitive []string
}

// Subject describes the caller's identity for messages.
func (cs *CallerSide) Subject() string {
	if cs == nil || len(cs.Identities) == 0 {
		return ""
	}
	return cs.Identities[0].Subject
}

// Identity is one identity a caller presents to STS.
type Identity struct {
	// Kind is one of the Kind* constants.
	Kind string
	// Subject is the sub claim (or principal) for messages.
	Subject string
	// EKS is set for IRSA service accounts: the issuer is chosen per
	// role at evaluation time when the cluster is not known.
	EKS *EKSIdentity
	// Binding builds the STS request (GitHub, Cognito, Pod Identity,
	// declared OIDC bindings).
	Binding identity.Binding
	// Token is a declared web_identity_token binding.
	Token *check.TokenCaller
	// Chain is set for role chaining.
	Chain *ChainIdentity
	// Guessed lists parts that were assumed rather than read (a default
	// branch, a chart's default service account name): a refusal that
	// depends on them is reported as unresolved rather than as an error.
	Guessed []string
	// Patterns give, for claims with guessed parts, every value the claim
	// may take as a glob ('*' for each unknown part), e.g. sub
	// "repo:octo-org/app:*" for a repository-level variable. A refusal no
	// value of the patterns escapes is conclusive.
	Patterns map[string]string
}

// EKSIdentity is a service account token (IRSA).
type EKSIdentity struct {
	Namespace, Name string
	// Cluster is the cluster the service account lives in (nil when the
	// plan does not say).
	Cluster *Cluster
	// Issuer (without scheme) or ProviderARN, for declared bindings.
	Issuer, ProviderARN string
	Audience            string
}

// ChainIdentity is an IAM role calling sts:AssumeRole on another role.
type ChainIdentity struct {
	Role *Role
	// RoleARN is the calling role's ARN on the side.
	RoleARN string
	// Policies are the calling role's identity policies that could be
	// read; PoliciesMissing names those known only after apply.
	Policies        []*policy.Document
	PoliciesMissing []string
	// Via names the policy resource that grants sts:AssumeRole.
	Via string
}

// HasSide reports whether the caller calls a role on either side.
func (c *Caller) HasSide() bool { return c.Side[tfplan.Before] != nil || c.Side[tfplan.After] != nil }

// FileOrigin is where a caller read from a file outside the plans is
// declared: a workflow job, a Kubernetes object, a Helm values file.
type FileOrigin struct {
	// Path is the file, as given on the command line (relative paths
	// stay relative, for SARIF).
	Path string
	// Line and Column locate the object (1-based; 0 when unknown).
	Line, Column int
	// Object names the object in the file, e.g. `job deploy` or
	// `ServiceAccount payments/api`.
	Object string
}

// String is the origin as findings name it: `FILE OBJECT`.
func (o *FileOrigin) String() string {
	if o.Object == "" {
		return o.Path
	}
	return o.Path + " " + o.Object
}

// NewFileCaller starts a caller read from a file outside the plans. Its
// Res is a stand-in resource named after the file and object that exists
// on both sides of the plan: a file in the checkout is the same before and
// after the plan (the linter does not see its previous version), so a
// change of verdict is always the plan's doing. Sources fill in Side.
func NewFileCaller(origin *FileOrigin, kind string) *Caller {
	label := origin.String()
	return &Caller{
		Res:    &tfplan.Resource{Address: label, Mode: "file", Type: "file", Name: label, Before: map[string]any{}, After: map[string]any{}},
		Label:  label,
		Kind:   kind,
		Origin: origin,
	}
}
