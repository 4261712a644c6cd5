package admits

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// Shape is a well-known dangerous trust shape, found whatever the callers.
type Shape struct {
	// Code is one of the Shape* constants.
	Code      string `json:"code"`
	Statement int    `json:"statement"`
	Sid       string `json:"sid,omitempty"`
	Principal string `json:"principal"`
	Message   string `json:"message"`
	Fix       string `json:"fix"`
	// Example is an identity the evaluator confirms the trust allows and
	// that shows the shape; nil for ForAllValues: findings.
	Example *Witness `json:"example,omitempty"`
}

// Shape codes.
const (
	ShapeNoSubject        = "no-subject-condition"      // shared issuer (or EKS cluster) with the subject left open
	ShapeWildcardSubject  = "wildcard-subject"          // a subject pattern (maybe one of an OR-list) open to any tenant
	ShapeOrganisationWide = "organisation-wide-subject" // repo:OWNER/* admits every repository of the owner
	ShapePullRequest      = "pull-request-admitted"     // a GitHub pull_request subject is admitted
	ShapeForAllValues     = "forallvalues-in-allow"     // ForAllValues: in an Allow is true when the key is missing
	ShapeNegatedOnly      = "negated-only-restriction"  // the subject is restricted only by negated operators
	ShapeCognitoAudience  = "cognito-no-audience"       // Cognito trust without an identity pool condition
	ShapeCognitoGuest     = "cognito-guest-admitted"    // Cognito trust that does not test amr
)

// AnyTenant reports whether the shape admits identities of anyone on a
// shared issuer (or every service account of an EKS cluster): no subject
// condition, a subject pattern whose owner or namespace part is a
// wildcard, a subject restricted only by negated operators, or a Cognito
// trust open to every identity pool. Lint reports these as errors
// (STSG202); the other shapes are over-breadth within one tenant.
func (s *Shape) AnyTenant() bool {
	switch s.Code {
	case ShapeNoSubject, ShapeWildcardSubject, ShapeNegatedOnly, ShapeCognitoAudience:
		return true
	}
	return false
}

// tenantSubjects are the subjects of a stranger tenant of GitLab and
// Buildkite (candidates.go's any-tenant candidates).
var tenantSubjects = map[identity.Kind]string{
	identity.KindGitLab:    "project_path:attacker-group/any:ref_type:branch:ref:x",
	identity.KindBuildkite: "organization:attacker:pipeline:any:ref:refs/heads/x:commit:0000000:step:x",
}

// terraformCloudSubject is the subject of a stranger tenant of HCP Terraform.
const terraformCloudSubject = "organization:attacker:project:any:workspace:any:run_phase:apply"

// ownerWildcard reports whether a subject pattern whose text before its
// first wildcard is prefix leaves the tenant part open (GitLab's
// project_path:GROUP/..., Buildkite's and HCP Terraform's
// organization:ORG:...): then anyone can name a group or organisation the
// pattern matches. CircleCI's organisation is in the issuer URL.
func ownerWildcard(p identity.Provider, prefix string) bool {
	head, sep := "", ""
	switch {
	case p.Kind == identity.KindGitLab:
		head, sep = "project_path:", "/"
	case p.Kind == identity.KindBuildkite, p.KeyPrefix == terraformCloudHost:
		head, sep = "organization:", ":"
	default:
		return false
	}
	if len(prefix) <= len(head) {
		return strings.HasPrefix(head, prefix)
	}
	return strings.HasPrefix(prefix, head) && !strings.Contains(prefix[len(head):], sep)
}

// terraformCloudHost is HCP Terraform's (Terraform Cloud's) shared issuer.
const terraformCloudHost = "app.terraform.io"

// probeRunes are the characters of the probe patterns below; they must be
// in the alphabet for the probes to be exact.
const probeRunes = "repo:*/pull_request system:serviceaccount:kube-system unauthenticated " + attackerOwner

// sharedIssuer reports whether tokens of the provider are issued to many
// unrelated customers, so that the subject is what keeps strangers out.
func sharedIssuer(p identity.Provider) bool {
	switch p.Kind {
	case identity.KindGitHub, identity.KindGitLab, identity.KindBuildkite, identity.KindCircleCI:
		return true
	}
	return p.KeyPrefix == terraformCloudHost
}

// scopingClaims are claims that, like sub, tie a token to one tenant.
var scopingClaims = map[identity.Kind][]string{
	identity.KindGitHub:    {"sub", "job_workflow_ref", "repository", "repository_id", "repository_owner_id", "enterprise_id"},
	identity.KindGitLab:    {"sub", "namespace_id", "project_id"},
	identity.KindBuildkite: {"sub", "organization_id", "organization_slug", "pipeline_id", "pipeline_slug", "cluster_id"},
	identity.KindCircleCI:  {"sub", "oidc.circleci.com/project-id"},
}

// shapes finds the dangerous shapes of every Allow statement of the group.
func (an *analyzer) shapes(g *group) []Shape {
	var out []Shape
	for _, b := range g.allows {
		if b.empty {
			continue
		}
		out = append(out, an.forAllValues(g, b)...)
		switch k := g.provider.Kind; {
		case k == identity.KindCognito:
			out = append(out, an.cognitoShapes(g, b)...)
		case sharedIssuer(g.provider) || k == identity.KindEKS:
			out = append(out, an.subjectShapes(g, b)...)
		}
	}
	return out
}

func (an *analyzer) shape(g *group, b *box, code, msg, fix string, ex *Witness) Shape {
	return Shape{Code: code, Statement: b.stmt.Index, Sid: b.stmt.Sid, Principal: g.principal, Message: b.stmt.Label() + ": " + msg, Fix: fix, Example: ex}
}

// example finds a confirmed identity of the statement (minus the Deny
// statements) whose key i lies in lang; nil when there is none.
func (an *analyzer) example(g *group, b *box, i int, lang *dfa) *Witness {
	w, _ := an.find(g, b, g.denies, false, func(region []keySet) []keySet {
		set := region[i].and(keySet{lang: lang})
		if empty, _ := set.presentEmpty(an.l, g.dims[i].multi, func() []string { return nil }); empty {
			return nil // the probe asks for a present value
		}
		set.absent = false
		region[i] = set
		return region
	})
	return w
}

func (an *analyzer) forAllValues(g *group, b *box) []Shape {
	var out []Shape
	for ci := range b.stmt.Conditions {
		c := &b.stmt.Conditions[ci]
		if !c.OperatorValid || c.Operator.Set != condition.ForAllValues {
			continue
		}
		kind, claim, multi := classifyKey(g.provider, c.Key)
		switch {
		case kind == keyNever:
			// Always true and so restricts nothing: what the trust admits
			// without it is what the other shapes and the witness report.
			continue
		case kind == keyIdentity && !multi && claim == "aud":
			// STS refuses a token without aud (aws-reference.md#audience),
			// so ForAllValues: on it is never broader than the plain
			// operator (the terraform-aws-modules GitHub OIDC role writes
			// it so).
			continue
		}
		msg := fmt.Sprintf("%s on %q in an Allow statement is true whenever the key is missing from the request", c.OperatorName, c.Key)
		msg += "; AWS advises against ForAllValues: in Allow statements (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html, https://github.com/aws-actions/configure-aws-credentials)"
		out = append(out, an.shape(g, b, ShapeForAllValues, msg,
			fmt.Sprintf("use ForAnyValue:%s (or the plain operator for a single-valued key) so that the key must be present with a matching value, and check the key's spelling", c.Operator.Base), nil))
	}
	return out
}

// subjectShapes covers shared issuers and EKS clusters.
func (an *analyzer) subjectShapes(g *group, b *box) []Shape {
	l := an.l
	i := g.index[g.lower(g.provider.KeyPrefix+":sub")]
	sub := g.dims[i].key
	open := true
	for _, c := range scopingClaims[g.provider.Kind] {
		if j, ok := g.index[g.lower(g.provider.KeyPrefix+":"+c)]; ok && b.sets[j] != nil && !b.sets[j].unrestricted(l, g.dims[j].multi) {
			open = false
		}
	}
	if b.sets[i] != nil && !b.sets[i].unrestricted(l, false) {
		open = false
	}
	isEKS := g.provider.Kind == identity.KindEKS
	if open && !hasWildcardValue(b.stmt, sub) {
		ex := an.example(g, b, i, an.tenantProbe(g))
		if ex == nil {
			return nil
		}
		msg := fmt.Sprintf("nothing restricts %s, so any tenant of the shared issuer %s (any repository, project or organisation) can assume the role", sub, g.provider.KeyPrefix)
		if isEKS {
			msg = fmt.Sprintf("nothing restricts %s, so every service account of every namespace in the cluster can assume the role", sub)
		}
		return []Shape{an.shape(g, b, ShapeNoSubject, msg, subjectFix(g.provider, sub), ex)}
	}
	if b.sets[i] == nil {
		return nil // scoped by another claim
	}
	var out []Shape
	positive, negated := false, false
	for ci := range b.stmt.Conditions {
		c := &b.stmt.Conditions[ci]
		if !names.Equal(c.Key, sub) || !c.OperatorValid || c.Operator.Base == condition.Null {
			continue
		}
		if c.Operator.Negated() {
			negated = true
			continue
		}
		positive = true
		if c.Operator.Base != condition.StringLike || c.Operator.Set == condition.ForAllValues {
			continue
		}
		for _, v := range c.Values {
			if s, ok := an.wildcardShape(g, b, i, sub, v.Raw); ok {
				out = append(out, s)
			}
		}
	}
	if negated && !positive {
		if ex := an.example(g, b, i, an.tenantProbe(g)); ex != nil {
			out = append(out, an.shape(g, b, ShapeNegatedOnly,
				fmt.Sprintf("%s is restricted only by negated operators (StringNotLike/StringNotEquals), which admit every subject except those listed, including other tenants' subjects and tokens without the claim", sub),
				subjectFix(g.provider, sub), ex))
		}
	}
	if g.provider.Kind == identity.KindGitHub && len(out) == 0 {
		// repo:OWNER/REPO:pull_request (see sharedPullRequest).
		pr := l.shared(sharedPullRequest)
		if ex := an.example(g, b, i, pr); ex != nil {
			out = append(out, an.shape(g, b, ShapePullRequest,
				fmt.Sprintf("%s admits the pull_request subject %s: workflows triggered by pull requests, including pull requests from forks, get these credentials", sub, ex.Claims["sub"]),
				fmt.Sprintf("name the branches or environments that deploy, e.g. \"repo:OWNER/REPO:ref:refs/heads/main\" or \"repo:OWNER/REPO:environment:prod\", instead of a pattern matching \"repo:OWNER/REPO:pull_request\"; or add a Deny statement with StringLike %s \"repo:*:pull_request\"", sub), ex))
		}
	}
	return out
}

// wildcardShape checks one StringLike value on the subject for a wildcard
// open to other tenants (or, on GitHub, to a whole owner).
func (an *analyzer) wildcardShape(g *group, b *box, i int, sub, value string) (Shape, bool) {
	l := an.l
	if !strings.ContainsAny(value, "*?") { // condition.CompileGlob's wildcards
		return Shape{}, false
	}
	lang := l.glob(value)
	if lang == nil {
		return Shape{}, false
	}
	prefix := value[:strings.IndexAny(value, "*?")]
	code, probe, what := ShapeWildcardSubject, an.tenantProbe(g), "any tenant of the issuer"
	switch g.provider.Kind {
	case identity.KindGitHub:
		owner, repo, _ := githubSubject(prefix)
		switch {
		case owner != "" && repo == "":
			code, what = ShapeOrganisationWide, fmt.Sprintf("every repository of %s, present and future", owner)
			if !strings.HasSuffix(prefix, "/") {
				what = fmt.Sprintf("every repository of %s whose name starts with %q, present and future", owner, prefix[strings.Index(prefix, "/")+1:])
			}
			// Over the automaton budget (many long repository names), the
			// known repositories cannot be taken out: the example may be one
			// of them, while the shape (the pattern admits every repository
			// of the owner) holds all the same.
			all := l.glob("repo:" + owner + "/*")
			probe = all
			if known := an.knownRepos(g, i); known != nil && all != nil {
				probe = minus(all, known)
			}
		case owner != "" && repo != "":
			return Shape{}, false
		default:
			what = "repositories of any GitHub owner"
		}
	case identity.KindEKS:
		if _, _, ok := eksSubject(prefix + "x"); ok && strings.Count(prefix, ":") >= 3 {
			return Shape{}, false // one namespace: AWS's documented pattern
		}
		what = "service accounts of every namespace of the cluster"
	default:
		if !lang.universal() {
			// An owner part that is a wildcard (project_path:*/app:...,
			// organization:*:...): anyone can name a matching owner.
			if !ownerWildcard(g.provider, prefix) {
				return Shape{}, false
			}
		}
	}
	if probe == nil {
		return Shape{}, false // over the automaton budget
	}
	ex := an.example(g, b, i, intersect(lang, probe))
	if ex == nil {
		return Shape{}, false
	}
	msg := fmt.Sprintf("the value %q of %s admits %s", value, sub, what)
	if n := len(valuesOf(b.stmt, sub)); n > 1 {
		msg += fmt.Sprintf("; it is one of %d values, and one loose value opens the whole condition", n)
	}
	fix := subjectFix(g.provider, sub)
	if code == ShapeOrganisationWide {
		fix = fmt.Sprintf("list the repositories that deploy instead of a wildcard, e.g. \"StringEquals\": {\"%s\": [\"repo:%s/REPO:ref:refs/heads/main\"]}", sub, prefix[len("repo:"):strings.Index(prefix, "/")])
	}
	return an.shape(g, b, code, msg, fix, ex), true
}

// tenantProbe is the language of subjects of tenants the trust does not
// name: on GitHub, repo:OWNER/... for an owner no caller or value names.
func (an *analyzer) tenantProbe(g *group) *dfa {
	if g.probe == nil {
		g.probe = an.newTenantProbe(g)
	}
	return g.probe
}

func (an *analyzer) newTenantProbe(g *group) *dfa {
	l := an.l
	switch g.provider.Kind {
	case identity.KindGitHub:
		// repo:OWNER/...; the owner contains no '/' or ':'.
		probe := l.shared(sharedGitHubOwner)
		i := g.index[g.lower(g.provider.KeyPrefix+":sub")]
		var pats [][]elem
		owners := map[string]bool{}
		for _, v := range g.known(g.dims[i]) {
			if o, _, _ := githubSubject(v); o != "" && !owners[o] {
				owners[o] = true
				pats = append(pats, l.a.glob(condition.CompileGlob("repo:"+o+"/*")))
			}
		}
		known := compile(l.a, pats)
		if known == nil {
			// Over the automaton budget (many owners): an example could be
			// a known owner, so no other tenant is claimed (no finding
			// rather than a false one).
			return l.shared(sharedNone)
		}
		return minus(probe, known)
	case identity.KindEKS:
		return l.shared(sharedKubeSystem)
	}
	return l.all
}

// knownRepos is the language of subjects of the callers' repositories.
func (an *analyzer) knownRepos(g *group, i int) *dfa {
	var pats [][]elem
	for _, res := range g.callerReqs {
		vs, _ := res.Lookup(g.dims[i].key)
		for _, v := range vs {
			if o, r, _ := githubSubject(v); r != "" {
				pats = append(pats, an.l.a.glob(condition.CompileGlob("repo:"+o+"/"+r+":*")))
			}
		}
	}
	return compile(an.l.a, pats)
}

func (an *analyzer) cognitoShapes(g *group, b *box) []Shape {
	var out []Shape
	aud := g.index[g.lower(identity.CognitoHost+":aud")]
	amr := g.index[g.lower(identity.CognitoHost+":amr")]
	if b.sets[aud] == nil || b.sets[aud].unrestricted(an.l, false) {
		if ex := an.example(g, b, aud, an.l.all); ex != nil {
			out = append(out, an.shape(g, b, ShapeCognitoAudience,
				fmt.Sprintf("nothing restricts %s:aud, so identities of any Cognito identity pool, in any AWS account, can assume the role", identity.CognitoHost),
				fmt.Sprintf("add \"StringEquals\": {\"%s:aud\": \"REGION:IDENTITY-POOL-ID\"} naming your identity pool(s) (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html)", identity.CognitoHost), ex))
		}
	}
	if b.sets[amr] == nil || b.sets[amr].unrestricted(an.l, true) {
		guest := an.l.literal("unauthenticated")
		if ex := an.example(g, b, amr, guest); ex != nil {
			out = append(out, an.shape(g, b, ShapeCognitoGuest,
				fmt.Sprintf("nothing tests %s:amr, so unauthenticated (guest) identities of the pool can assume the role as well as signed-in users", identity.CognitoHost),
				fmt.Sprintf("add \"ForAnyValue:StringLike\": {\"%s:amr\": \"authenticated\"} (or \"unauthenticated\" for a role meant for guests) (https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html)", identity.CognitoHost), ex))
		}
	}
	return out
}

func subjectFix(p identity.Provider, sub string) string {
	switch p.Kind {
	case identity.KindGitHub:
		return fmt.Sprintf("add \"StringEquals\": {\"%s\": \"repo:OWNER/REPO:ref:refs/heads/main\"} (or an environment subject) naming exactly the repositories and branches that deploy; at the very least \"StringLike\" \"repo:OWNER/*\" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html)", sub)
	case identity.KindEKS:
		return fmt.Sprintf("add \"StringEquals\": {\"%s\": \"system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT\"} naming the service accounts that use the role (https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html)", sub)
	}
	return fmt.Sprintf("add a StringEquals condition on %s naming exactly the subjects (projects, pipelines, workspaces) that use the role", sub)
}

// hasWildcardValue reports whether a positive StringLike condition on key
// has a value with a wildcard: then that value, not a missing condition,
// is what to report.
func hasWildcardValue(s *policy.Statement, key string) bool {
	for _, c := range s.Conditions {
		if c.OperatorValid && c.Operator.Base == condition.StringLike && c.Operator.Set != condition.ForAllValues && names.Equal(c.Key, key) {
			for _, v := range c.Values {
				if strings.ContainsAny(v.Raw, "*?") { // condition.CompileGlob's wildcards
					return true
				}
			}
		}
	}
	return false
}

func concat(parts ...[]elem) []elem {
	var out []elem
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func valuesOf(s *policy.Statement, key string) []string {
	var out []string
	for _, c := range s.Conditions {
		if names.Equal(c.Key, key) {
			for _, v := range c.Values {
				out = append(out, v.Raw)
			}
		}
	}
	return out
}
