package callers

import (
	"encoding/json"
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// declaredCallers reads every stsguard_role_trust data source: each
// binding block is a caller of the role the data source checks (its
// role_arn, or the role whose trust its policy refers to). Declared
// bindings describe the role, not a side, so they are evaluated against
// both the prior and the planned trust.
func (w *source) declaredCallers() []*model.Caller {
	var out []*model.Caller
	for _, r := range w.Plan.OfType("data.stsguard_role_trust") {
		if !r.Exists(tfplan.After) {
			continue
		}
		role, roleValue, why := w.declaredRole(r)
		for _, block := range check.Blocks {
			for i, b := range r.ObjectsAt(tfplan.After, block.Name) {
				label, _ := b["label"].(string)
				if label == "" {
					label = fmt.Sprintf("%s[%d]", block.Name, i)
				}
				expect, _ := b["expect"].(string)
				if expect == "" {
					expect = check.ExpectAllow
				}
				c := &model.Caller{Res: r, Label: r.Address + " " + label, Kind: block.Name, Declared: true, Expect: expect}
				for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
					cs := &model.CallerSide{Role: roleValue}
					switch {
					case role == nil && why != "":
						cs.Missing = append(cs.Missing, why)
					default:
						id, err := w.declaredIdentity(r, s, block, i, b)
						if err != "" {
							cs.Missing = append(cs.Missing, err)
						} else {
							cs.Identities = []*model.Identity{id}
						}
					}
					c.Side[s] = cs
				}
				out = append(out, c)
			}
		}
	}
	return out
}

// declaredRole finds the role a stsguard_role_trust checks.
func (w *source) declaredRole(r *tfplan.Resource) (*model.Role, tfplan.Value, string) {
	arn := w.Plan.Value(r, tfplan.After, "role_arn")
	if !arn.Absent {
		if role := w.RoleOfValue(arn, tfplan.After); role != nil {
			return role, arn, ""
		}
		if arn.Known {
			return nil, arn, ""
		}
	}
	pol := w.Plan.Value(r, tfplan.After, "policy")
	for _, ref := range pol.Refs {
		if role := w.ByRole[ref.Resource]; role != nil {
			return role, tfplan.Value{Refs: []tfplan.Ref{{Resource: role.Res, Attr: "arn"}}}, ""
		}
	}
	for _, ref := range pol.Refs {
		if ref.Resource.Type == "aws_iam_policy_document" {
			for _, role := range w.Roles {
				v := w.Plan.Follow(role.Res, "assume_role_policy")
				if rr, ok := v.RefTo("", "data.aws_iam_policy_document"); ok && rr.Resource == ref.Resource {
					return role, tfplan.Value{Refs: []tfplan.Ref{{Resource: role.Res, Attr: "arn"}}}, ""
				}
			}
		}
	}
	if pol.Known {
		for _, role := range w.Roles {
			if t := role.Trust[tfplan.After]; t != nil && t.Text == pol.S {
				return role, tfplan.Value{Refs: []tfplan.Ref{{Resource: role.Res, Attr: "arn"}}}, ""
			}
		}
	}
	return nil, tfplan.Value{Absent: true}, fmt.Sprintf("%s names no role of the plan (set role_arn to the role's arn, or policy to its assume_role_policy)", r.Address)
}

// declaredString reads a binding argument, resolving references to
// providers, clusters, pools and roles.
func (w *source) declaredString(r *tfplan.Resource, s tfplan.Side, path ...any) (string, bool) {
	v := w.Plan.Value(r, tfplan.After, path...)
	if v.Known {
		return v.S, true
	}
	if v.Absent {
		return "", true
	}
	vals, missing := w.Substitute(v, s)
	if len(vals) == 1 && len(missing) == 0 {
		return vals[0], true
	}
	return "", false
}

// declaredValues reads the arguments of one binding block from the plan
// for check.Blocks, resolving references to providers, clusters, pools
// and roles; unknown names the first argument that cannot be resolved.
type declaredValues struct {
	w       *source
	r       *tfplan.Resource
	s       tfplan.Side
	block   string
	i       int
	raw     map[string]any
	unknown string
}

func (v *declaredValues) String(name string) string {
	s, ok := v.w.declaredString(v.r, v.s, v.block, v.i, name)
	if !ok && v.unknown == "" && !resolvedByLinter[v.block+"."+name] {
		v.unknown = name
	}
	return s
}

func (v *declaredValues) Bool(name string) (value, set bool) {
	value, set = v.raw[name].(bool)
	return value, set
}

func (v *declaredValues) Strings(name string) []string { return tfplan.StringList(v.raw[name]) }

func (v *declaredValues) StringMap(name string) map[string]string {
	m, ok := v.raw[name].(map[string]any)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for k, x := range m {
		if s, ok := x.(string); ok {
			out[k] = s
		}
	}
	return out
}

// resolvedByLinter are the arguments the linter follows itself when they
// are references: an issuer to its cluster, a calling role to its
// resource; a JWKS only adds a check.
var resolvedByLinter = map[string]bool{
	check.BlockEKSServiceAccount + ".oidc_issuer": true,
	check.BlockRole + ".role_arn":                 true,
	check.BlockToken + ".jwks":                    true,
}

// declaredIdentity turns one binding block into the identity it presents,
// or says why it cannot be read.
func (w *source) declaredIdentity(r *tfplan.Resource, s tfplan.Side, block check.Block, i int, b map[string]any) (*model.Identity, string) {
	v := &declaredValues{w: w, r: r, s: s, block: block.Name, i: i, raw: b}
	caller := block.Caller(v)
	if v.unknown != "" {
		return nil, fmt.Sprintf("%s %s[%d].%s is known only after apply and cannot be followed", r.Address, block.Name, i, v.unknown)
	}
	unknown := func(attr string) string {
		return fmt.Sprintf("%s %s[%d].%s is known only after apply and cannot be followed", r.Address, block.Name, i, attr)
	}
	switch c := caller.(type) {
	case identity.EKSServiceAccount:
		e := &model.EKSIdentity{Namespace: c.Namespace, Name: c.ServiceAccount, ProviderARN: c.OIDCProviderARN, Audience: c.Audience}
		iss := w.Plan.Value(r, tfplan.After, block.Name, i, "oidc_issuer")
		switch {
		case iss.Known:
			e.Issuer = identity.StripScheme(iss.S)
		case !iss.Absent:
			cl := w.ClusterOf(iss)
			if cl == nil {
				return nil, unknown("oidc_issuer")
			}
			e.Cluster = cl
		}
		sub, err := identity.EKSSubject(e.Namespace, e.Name)
		if err != nil {
			return nil, fmt.Sprintf("%s %s[%d]: %v", r.Address, block.Name, i, err)
		}
		return &model.Identity{Kind: model.KindEKSServiceAccount, Subject: sub, EKS: e}, ""
	case *check.TokenCaller:
		return &model.Identity{Kind: model.KindToken, Subject: "a captured web identity token", Token: c}, ""
	case *check.RoleCaller:
		rv := w.Plan.Value(r, tfplan.After, block.Name, i, "role_arn")
		src := w.RoleOfValue(rv, s)
		ci := &model.ChainIdentity{Role: src, Via: r.Address}
		switch {
		case src != nil:
			ci.RoleARN = src.ARN[s]
		case rv.Known:
			ci.RoleARN = rv.S
		default:
			return nil, unknown("role_arn")
		}
		for _, text := range c.IdentityPolicies {
			if doc, _, err := policy.Parse([]byte(text)); err == nil {
				ci.Policies = append(ci.Policies, doc)
			}
		}
		return &model.Identity{Kind: model.KindRoleChain, Subject: "role " + ci.RoleARN, Chain: ci}, ""
	case identity.Binding:
		return bindingIdentity(block.Name, c)
	}
	return nil, "unsupported binding block " + block.Name
}

// bindingIdentity wraps an identity binding, naming its subject.
func bindingIdentity(kind string, b identity.Binding) (*model.Identity, string) {
	req, err := b.Request("arn:aws:iam::000000000000:role/x")
	if err != nil {
		return nil, err.Error()
	}
	sub, _ := req.Claims["sub"].(string)
	if sub == "" {
		if raw, err := json.Marshal(req.Claims); err == nil {
			sub = string(raw)
		}
	}
	return &model.Identity{Kind: kind, Subject: sub, Binding: b}, ""
}
