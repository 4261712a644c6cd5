package evaluate

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// ChainInput is role chaining: an IAM role calling sts:AssumeRole on
// another role. Unlike web identity, the caller's identity policies count.
type ChainInput struct {
	Trust            *policy.Document
	TargetRoleARN    string
	CallerRoleARN    string
	IdentityPolicies []*policy.Document
	Context          map[string]identity.StringList
}

// ChainResult is the decision for role chaining.
type ChainResult struct {
	// Decision is allow, implicit_deny or explicit_deny.
	Decision Decision
	Error    string
	// Trust is the trust-policy evaluation for the caller role.
	Trust *Result
	// Identity is the caller's identity-policy decision for sts:AssumeRole
	// on the target role.
	Identity IdentityDecision
	// SameAccount is true when caller and target share an account.
	SameAccount bool
	// Reason says which rule decided.
	Reason string
}

// IdentityDecision is the result of the caller's identity policies.
type IdentityDecision struct {
	Decision Decision
	// Policy and Statement locate the deciding statement (-1 when none).
	Policy, Statement int
	Reason            string
}

// Chain decides whether the caller role may assume the target role, with
// AWS's rules (aws-reference.md#role-chaining): an explicit Deny anywhere refuses; the trust
// policy must allow the caller; in the same account a trust naming the
// caller's role ARN suffices on its own, while a trust naming the account
// (root or id) also needs an identity-policy Allow; across accounts both
// must allow.
func Chain(in ChainInput) (*ChainResult, error) {
	target, ok := identity.ParseARN(in.TargetRoleARN)
	if !ok {
		return nil, fmt.Errorf("role_arn %q is not an ARN; role chaining needs the target role's ARN", in.TargetRoleARN)
	}
	caller, ok := identity.ParseARN(in.CallerRoleARN)
	if !ok || caller.Service != "iam" {
		return nil, fmt.Errorf("caller role_arn %q is not an IAM role ARN such as arn:aws:iam::111122223333:role/ci", in.CallerRoleARN)
	}
	req := &identity.Request{RoleARN: in.TargetRoleARN, PrincipalType: "AWS", Principal: in.CallerRoleARN, Context: in.Context}
	res, err := req.Resolve()
	if err != nil {
		return nil, err
	}
	out := &ChainResult{SameAccount: caller.Account == target.Account}
	out.Trust = Evaluate(Input{Policy: in.Trust, Request: res})
	out.Identity = evaluateIdentity(in.IdentityPolicies, identity.ActionAssumeRole, in.TargetRoleARN, res)
	denied := AccessDenied(identity.ActionAssumeRole)
	switch {
	case out.Trust.Decision == ExplicitDeny:
		out.Decision, out.Error, out.Reason = ExplicitDeny, denied, "the target role's trust policy explicitly denies the caller"
	case out.Identity.Decision == ExplicitDeny:
		out.Decision, out.Error, out.Reason = ExplicitDeny, denied, "the caller's identity policy explicitly denies sts:AssumeRole on the target role"
	case out.Trust.Decision != Allow:
		out.Decision, out.Error, out.Reason = ImplicitDeny, denied, "the target role's trust policy does not allow the caller role"
	case out.SameAccount && out.Trust.Decider.Principal.MatchedBy == "arn":
		out.Decision, out.Reason = Allow, "same account and the trust names the caller role's ARN, so the trust alone allows it"
	case out.Identity.Decision != Allow:
		out.Decision, out.Error = ImplicitDeny, denied
		if out.SameAccount {
			out.Reason = "the trust names the account rather than the caller role, so the caller's identity policy must also allow sts:AssumeRole on the target role, and none does"
		} else {
			out.Reason = "across accounts both the trust and the caller's identity policy must allow; no identity policy allows sts:AssumeRole on the target role"
		}
	default:
		out.Decision, out.Reason = Allow, "the trust and the caller's identity policy both allow sts:AssumeRole"
	}
	return out, nil
}

// evaluateIdentity decides identity-based policies for one action on one
// resource: explicit Deny, then Allow, else implicit deny.
func evaluateIdentity(docs []*policy.Document, action, resource string, ctx condition.Context) IdentityDecision {
	var allow *IdentityDecision
	for pi, doc := range docs {
		for si := range doc.Statements {
			s := &doc.Statements[si]
			if !matchAction(s, action).Matched || !matchResource(s, resource) || !conditionsHold(doc, s, ctx) {
				continue
			}
			d := IdentityDecision{Policy: pi, Statement: s.Index}
			if s.Effect == policy.Deny {
				d.Decision = ExplicitDeny
				d.Reason = fmt.Sprintf("identity policy %d %s denies %s on %s", pi, s.Label(), action, resource)
				return d
			}
			if allow == nil {
				d.Decision = Allow
				d.Reason = fmt.Sprintf("identity policy %d %s allows %s on %s", pi, s.Label(), action, resource)
				allow = &d
			}
		}
	}
	if allow != nil {
		return *allow
	}
	return IdentityDecision{Decision: ImplicitDeny, Policy: -1, Statement: -1,
		Reason: fmt.Sprintf("no identity policy statement allows %s on %s", action, resource)}
}

// matchResource compares a resource ARN with Resource/NotResource globs
// (case-sensitive, glob rules).
func matchResource(s *policy.Statement, resource string) bool {
	hit := false
	for _, r := range s.Resources {
		if condition.MatchGlob(r, resource) {
			hit = true
			break
		}
	}
	if s.NotResource {
		return !hit
	}
	return hit
}

func conditionsHold(doc *policy.Document, s *policy.Statement, ctx condition.Context) bool {
	for ci := range s.Conditions {
		c := &s.Conditions[ci]
		if !c.OperatorValid {
			return false
		}
		vals := make([]string, len(c.Values))
		for i, v := range c.Values {
			vals[i] = v.Raw
		}
		if !condition.Evaluate(c.Operator, c.Key, vals, ctx, doc.VariablesEnabled()).Matched {
			return false
		}
	}
	return true
}
