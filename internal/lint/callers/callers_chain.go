package callers

import (
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// identityPolicies lists the identity policies of a role on one side:
// inline (inline_policy), managed_policy_arns, aws_iam_role_policy and
// policy attachments.
func (w *source) identityPolicies(role *model.Role, s tfplan.Side) []policySource {
	if w.attached[s] == nil {
		w.indexAttachments(s)
	}
	var out []policySource
	r := role.Res
	for i := range r.ObjectsAt(s, "inline_policy") {
		out = append(out, policySource{via: r.Address + " inline_policy", text: w.Plan.Value(r, s, "inline_policy", i, "policy")})
	}
	for _, arn := range r.StringsAt(s, "managed_policy_arns") {
		if pol := w.managedPolicy(tfplan.Value{Known: true, S: arn}, s); pol != nil {
			out = append(out, policySource{via: r.Address + " managed_policy_arns → " + pol.Address, text: w.Plan.Value(pol, s, "policy")})
		}
	}
	return append(out, w.attached[s][role]...)
}

// indexAttachments reads, once per side, every aws_iam_role_policy and
// policy attachment and files it under the role it names.
func (w *source) indexAttachments(s tfplan.Side) {
	idx := map[*model.Role][]policySource{}
	w.attached[s] = idx
	for _, rp := range w.Plan.OfType("aws_iam_role_policy") {
		if !rp.Exists(s) {
			continue
		}
		if role := w.roleNamedBy(w.Plan.Value(rp, s, "role"), s); role != nil {
			idx[role] = append(idx[role], policySource{via: rp.Address, text: w.Plan.Value(rp, s, "policy")})
		}
	}
	attach := func(role *model.Role, via string, arn tfplan.Value) {
		if pol := w.managedPolicy(arn, s); role != nil && pol != nil {
			idx[role] = append(idx[role], policySource{via: via + " → " + pol.Address, text: w.Plan.Value(pol, s, "policy")})
		}
	}
	for _, a := range w.Plan.OfType("aws_iam_role_policy_attachment") {
		if a.Exists(s) {
			attach(w.roleNamedBy(w.Plan.Value(a, s, "role"), s), a.Address, w.Plan.Value(a, s, "policy_arn"))
		}
	}
	for _, a := range w.Plan.OfType("aws_iam_policy_attachment") {
		if !a.Exists(s) {
			continue
		}
		for _, name := range a.StringsAt(s, "roles") {
			attach(w.RoleByName(name, s), a.Address, w.Plan.Value(a, s, "policy_arn"))
		}
	}
}

// roleNamedBy resolves a role argument (a name, an ARN, or a reference to
// the role's name, id or arn).
func (w *source) roleNamedBy(v tfplan.Value, s tfplan.Side) *model.Role {
	for _, ref := range v.Refs {
		if role := w.ByRole[ref.Resource]; role != nil && role.Res.Exists(s) {
			return role
		}
	}
	if !v.Known {
		return nil
	}
	if role := w.RoleByName(v.S, s); role != nil {
		return role
	}
	return w.RoleByARN(v.S, s)
}

// managedPolicy finds the aws_iam_policy (or data.aws_iam_policy) an ARN
// value names.
func (w *source) managedPolicy(v tfplan.Value, s tfplan.Side) *tfplan.Resource {
	for _, ref := range v.Refs {
		if t := ref.Resource.Type; t == "aws_iam_policy" {
			return ref.Resource
		}
	}
	if !v.Known {
		return nil
	}
	if w.policyByARN[s] == nil {
		w.policyByARN[s] = map[string]*tfplan.Resource{}
		for _, key := range []string{"aws_iam_policy", "data.aws_iam_policy"} {
			for _, r := range w.Plan.OfType(key) {
				if arn, ok := r.StringAt(s, "arn"); ok && arn != "" {
					w.policyByARN[s][arn] = r
				}
			}
		}
	}
	return w.policyByARN[s][v.S]
}

// chainCallers finds roles whose identity policies allow sts:AssumeRole on
// another role of the plan. A policy naming a role by its exact ARN (or a
// reference to it) always pairs; a wildcard resource pairs only with roles
// whose trust names an AWS principal.
func (w *source) chainCallers() []*model.Caller {
	type pairKey struct {
		caller *model.Role
		target string // the literal ARN a policy names, else the target's address
	}
	found := map[pairKey]*model.Caller{}
	var order []pairKey
	for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
		for _, src := range w.Roles {
			if src.Res.IsData() || !src.Res.Exists(s) {
				continue
			}
			for _, ps := range w.identityPolicies(src, s) {
				for _, t := range w.assumeTargets(ps, src, s) {
					k := pairKey{src, t.key}
					c := found[k]
					if c == nil {
						c = &model.Caller{Res: src.Res, Label: src.Address() + " (sts:AssumeRole via " + ps.via + ")", Kind: model.KindRoleChain}
						found[k] = c
						order = append(order, k)
					}
					if c.Side[s] == nil {
						c.Side[s] = w.chainSide(src, s, t.value, ps.via)
					}
				}
			}
		}
	}
	out := make([]*model.Caller, 0, len(order))
	for _, k := range order {
		out = append(out, found[k])
	}
	return out
}

type assumeTarget struct {
	key   string
	value tfplan.Value
}

// assumeTargets lists the roles one identity policy lets the source role
// assume on a side.
func (w *source) assumeTargets(ps policySource, src *model.Role, s tfplan.Side) []assumeTarget {
	var out []assumeTarget
	if !ps.text.Known {
		for _, ref := range ps.text.Refs {
			if t := w.ByRole[ref.Resource]; t != nil && t != src && ref.Attr == "arn" && t.Res.Exists(s) {
				out = append(out, assumeTarget{t.Address(), tfplan.Value{Refs: []tfplan.Ref{ref}}})
			}
		}
		return out
	}
	doc, _, err := policy.Parse([]byte(ps.text.S))
	if err != nil {
		return nil
	}
	seen := map[*model.Role]bool{}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Effect != policy.Allow || st.NotResource || !coversAction(st, identity.ActionAssumeRole) {
			continue
		}
		for _, res := range st.Resources {
			if identity.IsRoleARN(res) && !strings.ContainsAny(res, "*?") {
				// An exact role ARN: a caller of that role whether or not
				// the plan has it (STSG103 when it is gone).
				if t := w.RoleByARN(res, s); t != src {
					out = append(out, assumeTarget{res, tfplan.Value{Known: true, S: res}})
				}
				continue
			}
			for _, t := range w.Roles {
				if t == src || seen[t] || !t.Res.Exists(s) || !condition.MatchGlob(res, t.ARN[s]) {
					continue
				}
				if res != t.ARN[s] && !trustNamesAWS(t.Trust[s]) {
					continue
				}
				seen[t] = true
				out = append(out, assumeTarget{t.Address(), tfplan.Value{Known: true, S: t.ARN[s]}})
			}
		}
	}
	return out
}

// coversAction reports whether a statement's Action (not NotAction) covers
// an action, as the evaluator matches actions.
func coversAction(st *policy.Statement, action string) bool {
	if st.NotAction {
		return false
	}
	for _, a := range st.Actions {
		if evaluate.ActionCovers(a, action) {
			return true
		}
	}
	return false
}

// trustNamesAWS reports whether a trust names an AWS principal.
func trustNamesAWS(t *model.Trust) bool {
	if !t.Known() {
		return false
	}
	for i := range t.Doc.Statements {
		if len(evaluate.PrincipalValues(t.Doc.Statements[i].Principal, "AWS")) > 0 {
			return true
		}
	}
	return false
}

// chainSide builds the caller side of role chaining: src calls
// sts:AssumeRole on the target.
func (w *source) chainSide(src *model.Role, s tfplan.Side, target tfplan.Value, via string) *model.CallerSide {
	cs := &model.CallerSide{Role: target}
	ci := &model.ChainIdentity{Role: src, RoleARN: src.ARN[s], Via: via}
	var missing []string
	for _, ps := range w.identityPolicies(src, s) {
		if !ps.text.Known {
			missing = append(missing, ps.via)
			continue
		}
		if doc, _, err := policy.Parse([]byte(ps.text.S)); err == nil {
			ci.Policies = append(ci.Policies, doc)
		}
	}
	sort.Strings(missing)
	ci.PoliciesMissing = missing
	id := &model.Identity{Kind: model.KindRoleChain, Subject: "role " + src.ARN[s], Chain: ci}
	if len(missing) > 0 {
		id.Guessed = append(id.Guessed, "identity policies known only after apply: "+strings.Join(missing, ", "))
	}
	if src.ARNPlaceholder[s] {
		id.Guessed = append(id.Guessed, "the ARN of "+src.Address()+" is known only after apply")
	}
	cs.Identities = []*model.Identity{id}
	return cs
}

// policySource is one identity policy of a role: inline, attached or
// managed.
type policySource struct {
	via  string // the resource that attaches it
	text tfplan.Value
}
