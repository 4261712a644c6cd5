package lint

import (
	"sort"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
)

// Severities (docs/guides/lint-json.md lists each rule's).
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// Rule IDs (stable; docs/guides/lint-json.md documents them).
const (
	RuleRefused         = "STSG101"
	RuleRegression      = "STSG102"
	RuleMissingRole     = "STSG103"
	RuleProvider        = "STSG104"
	RuleAudience        = "STSG105"
	RuleUnmappedKey     = "STSG106"
	RuleNoToken         = "STSG107"
	RuleUnannotated     = "STSG108"
	RuleOverBroad       = "STSG201"
	RuleAnyTenant       = "STSG202"
	RuleInvalidDocument = "STSG301"
	RuleUnsatisfiable   = "STSG302"
	RuleUnknown         = "STSG900"
)

// Rule describes a lint rule for reports and SARIF.
type Rule struct {
	ID       string
	Severity string
	// Name is a short CamelCase name (SARIF rule name).
	Name string
	// Summary is one sentence saying what the rule means.
	Summary string
	// Help says what to do about a finding.
	Help string
}

// Rules lists every rule in ID order.
var Rules = []Rule{
	{RuleRefused, SeverityError, "CallerRefused",
		"A caller found in the plan would be refused by its role's planned trust, or by a resource control policy that reaches the role's account.",
		"Change the trust so that it admits the caller (the finding's fix names the smallest change), or point the caller at the right role."},
	{RuleRegression, SeverityError, "CallerBrokenByChange",
		"A caller allowed before the plan is refused after it; the finding names the side that changed (the role's trust, the caller, the provider, or a resource control policy).",
		"Revert or adjust the change on the side the finding names, or update the other side in the same plan so the pair still matches."},
	{RuleMissingRole, SeverityError, "CallerNamesMissingRole",
		"A caller names a role ARN the plan deletes, replaces or renames, or that exists nowhere in plan or state.",
		"Point the caller at the role by reference (aws_iam_role.x.arn) instead of a literal ARN, keep the role, or update the caller in the same plan."},
	{RuleProvider, SeverityError, "ProviderMismatch",
		"The trust's Federated principal or condition-key prefix matches no OIDC provider in the plan, the provider's URL differs from the cluster issuer, or the provider sits in another account than the role.",
		"Trust the IAM OIDC provider of the caller's issuer in the role's own account (aws_iam_openid_connect_provider.x.arn, with the URL of aws_eks_cluster.x.identity[0].oidc[0].issuer)."},
	{RuleAudience, SeverityError, "AudienceNotRegistered",
		"A token audience the trust requires is not in the provider's client ID list, or the audience a caller asks for (a workflow step's audience) is not one the trust accepts.",
		"Add the audience to client_id_list of the aws_iam_openid_connect_provider, or require an audience the provider accepts (sts.amazonaws.com for EKS and GitHub); for a workflow step, ask for an audience the trust accepts."},
	{RuleUnmappedKey, SeverityError, "ConditionKeyNeverPresent",
		"A condition names a key AWS never puts in the request (unsupported claim, wrong provider prefix, https:// in the key).",
		"Use a claim AWS maps for the provider (aud, sub, amr, ... see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif and docs/guides/aws-reference.md#claim-keys-per-provider) with the provider URL without https:// as prefix, e.g. token.actions.githubusercontent.com:sub."},
	{RuleNoToken, SeverityError, "WorkflowCannotRequestToken",
		"A GitHub Actions job assumes a role through OIDC (configure-aws-credentials with role-to-assume and no access keys) but has no id-token: write permission at workflow or job level, so it gets no token and fails before STS is called.",
		"Add `permissions: id-token: write` to the job, or to the workflow when the job has no permissions block (a job's permissions replace the workflow's; a reusable workflow gets at most its caller job's)."},
	{RuleUnannotated, SeverityError, "ServiceAccountWithoutRole",
		"The role's trust names a service account (system:serviceaccount:NS:NAME) that the plan has without the eks.amazonaws.com/role-arn annotation and without a Pod Identity association: its pods get no token for the role and use the node's role.",
		"Annotate the service account with eks.amazonaws.com/role-arn = the role's ARN, or remove the subject from the trust."},
	{RuleOverBroad, SeverityWarning, "TrustTooBroad",
		"The trust admits identities beyond the declared or inferred callers (the finding shows one concrete example identity), or has a well-known dangerous shape within one tenant (an organisation-wide subject, pull requests admitted, a branch wildcard, ForAllValues: in an Allow, Cognito guests admitted); a trust open to any tenant is STSG202.",
		"Narrow the trust to the callers that need the role (exact subjects with StringEquals, or the narrowest StringLike pattern), or declare the missing caller in a stsguard_role_trust data source; where the breadth is intended, accept the finding in .stsguard.json with the reason. An example that differs from a caller only in letter case (IgnoreCase operators) is reported as info."},
	{RuleAnyTenant, SeverityError, "TrustAdmitsAnyone",
		"The trust admits identities of anyone on a shared issuer, or every service account of an EKS cluster: no sub condition on GitHub, GitLab, HCP Terraform, CircleCI, Buildkite or an EKS cluster's issuer, a \"*\" subject, a subject pattern whose owner or namespace part is a wildcard (repo:*, repo:*/app:*, system:serviceaccount:*:x, project_path:*/app:...), a subject restricted only by negated operators, or a Cognito trust without an identity pool (aud) condition; the finding shows one example identity.",
		"Add a StringEquals condition on the issuer's sub naming exactly the repositories, projects or service accounts that use the role (at the very least pin the owner or namespace, e.g. \"repo:OWNER/*\"); where the trust is meant to be open, accept the finding in .stsguard.json with the reason."},
	{RuleInvalidDocument, SeverityError, "InvalidTrustDocument",
		"The trust document is invalid or would be refused by IAM (bad JSON, NotPrincipal, Principal \"*\", Resource, size over the limit).",
		"Fix the document as the message says; IAM rejects it when the plan is applied."},
	{RuleUnsatisfiable, SeverityError, "SubjectNoTokenCarries",
		"A statement's sub condition admits no subject the issuer can mint (GitHub: repo:OWNER/REPO:CONTEXT; EKS: system:serviceaccount:NAMESPACE:NAME), so no token passes it; an error when no other statement lets web identities in, else a warning.",
		"Write the subject in the issuer's form; the finding names the nearest subject that is (docs/guides/aws-reference.md#subject-formats)."},
	{RuleUnknown, SeverityInfo, "Undecided",
		"A pair could not be decided: a value is unknown until apply and could not be resolved from the configuration, or rests on something the inputs do not show (a role in an account no plan manages, a workflow file that does not parse); the finding says which.",
		"Nothing is wrong yet: the pair is checked again on the next plan, when the value is known. To check it now, build the value from references the linter can follow (resource attributes, module outputs, variables), lint the plans that hold the other side together, or fix the file the finding names."},
}

// RuleByID returns the rule with that ID.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Finding is one lint finding.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	// Role is the role's address ("" when the finding is about a caller
	// that names no role of the plan).
	Role string `json:"role"`
	// Caller is the caller's label ("" for findings about a role alone).
	Caller string `json:"caller"`
	// Message says what is wrong; Fix what to do.
	Message string `json:"message"`
	Fix     string `json:"fix"`
	// Before and After are the verdicts on each side: a decision (allow,
	// implicit_deny, explicit_deny, invalid_identity_token,
	// expired_token), "absent" (no pair on that side), "unknown", or ""
	// for role-level findings.
	Before string `json:"before"`
	After  string `json:"after"`
	// Notes are assumptions the finding relies on.
	Notes []string `json:"notes,omitempty"`
	// Accepted and Reason are set when a suppression accepts the finding.
	Accepted bool   `json:"accepted,omitempty"`
	Reason   string `json:"reason,omitempty"`
	// Address is the resource the finding is located at (caller or role).
	Address string `json:"address"`
	// RoleARN is the role's ARN on the planned side when known.
	RoleARN string `json:"role_arn,omitempty"`
	// File, Line and Column locate a caller read from a file outside the
	// plans (a workflow, a manifest); empty for plan resources.
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// Plan is the source of the plan that holds Address when several
	// plans are linted together ("" for one plan, and for callers read
	// from files).
	Plan string `json:"plan,omitempty"`
	// Statement is the 1-based index of the trust statement at fault in a
	// finding about the role's trust (0: none or the whole trust); Locate
	// uses it to point at that statement's block in the .tf file.
	Statement int `json:"-"`
}

// Pair is one caller-role pair the linter analysed, whatever it found.
type Pair struct {
	// Role is the role's address; Caller the caller's label (its address,
	// plus what in it calls); Address the caller's resource.
	Role, Caller, Address string
	// Plan is the source of the caller's plan when several plans are
	// linted together ("" otherwise).
	Plan string
	// Kind is one of the Pair* kinds.
	Kind string
	// Identity is the subject the caller presents ("" when unknown).
	Identity string
	// Before and After are the verdicts used in findings: a decision,
	// "absent" or "unknown" (it depends on values known only after apply).
	Before, After string
	// Notes say what the verdicts rest on that the plan does not show.
	Notes []string
	// Provider names the identity provider of the caller's token after the
	// plan, for maps of who assumes what: the address of the plan's
	// aws_iam_openid_connect_provider for the token's issuer, else the
	// issuer's host and path (token.actions.githubusercontent.com,
	// cognito-identity.amazonaws.com); "" when no web identity token was
	// evaluated (role chaining, Pod Identity, a declared token, a pair
	// left undecided).
	Provider string
	role     *model.Role
}

// Pair kinds.
const (
	PairIRSA        = "irsa"
	PairPodIdentity = "pod_identity"
	PairAddon       = "addon"
	PairHelm        = "helm"
	PairGitHub      = "github"
	PairCognito     = "cognito"
	PairChain       = "chain"
	PairBinding     = "binding"
)

// Verdicts besides decisions.
const (
	VerdictAbsent  = "absent"
	VerdictUnknown = "unknown"
)

// Report is the result of linting a plan.
type Report struct {
	// Source, FormatVersion, TerraformVersion describe the input; with
	// several plans Source lists their sources, comma-separated, and the
	// versions are the first plan's.
	Source, FormatVersion, TerraformVersion string
	// Sources describes each plan when several are linted together (nil
	// for one plan).
	Sources []PlanSource
	// Findings in order: by role, then rule, then caller.
	Findings []Finding
	// Roles and Callers count what was analysed.
	Roles, Callers int
	// Pairs lists every caller-role pair, in caller order.
	Pairs []Pair
	// Uncalled are the roles trusting a web identity that no caller of
	// the inputs is paired with.
	Uncalled []string
}

// PlanSource describes one of several plans linted together.
type PlanSource struct {
	Source           string `json:"source"`
	FormatVersion    string `json:"format_version"`
	TerraformVersion string `json:"terraform_version"`
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Role != b.Role {
			if a.Role == "" || b.Role == "" {
				return b.Role == ""
			}
			return a.Role < b.Role
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Caller != b.Caller {
			return a.Caller < b.Caller
		}
		return a.Message < b.Message
	})
}
