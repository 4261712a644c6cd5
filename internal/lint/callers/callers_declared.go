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

// declaredBlocks are the binding blocks of stsguard_role_trust, in the
// order the data source evaluates them.
var declaredBlocks = []string{"eks_service_account", "github_actions", "cognito_identity_pool", "oidc", "web_identity_token", "aws_role"}

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
		for _, block := range declaredBlocks {
			for i, b := range r.ObjectsAt(tfplan.After, block) {
				label, _ := b["label"].(string)
				if label == "" {
					label = fmt.Sprintf("%s[%d]", block, i)
				}
				expect, _ := b["expect"].(string)
				if expect == "" {
					expect = check.ExpectAllow
				}
				c := &model.Caller{Res: r, Label: r.Address + " " + label, Kind: block, Declared: true, Expect: expect}
				if block == "eks_service_account" {
					c.Kind = model.KindEKSServiceAccount
				}
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

func (w *source) declaredIdentity(r *tfplan.Resource, s tfplan.Side, block string, i int, b map[string]any) (*model.Identity, string) {
	str := func(attr string) (string, bool) { return w.declaredString(r, s, block, i, attr) }
	unknown := func(attr string) string {
		return fmt.Sprintf("%s %s[%d].%s is known only after apply and cannot be followed", r.Address, block, i, attr)
	}
	switch block {
	case "eks_service_account":
		e := &model.EKSIdentity{}
		for _, f := range []struct {
			attr string
			dst  *string
		}{{"namespace", &e.Namespace}, {"service_account", &e.Name}, {"oidc_provider_arn", &e.ProviderARN}, {"audience", &e.Audience}} {
			v, ok := str(f.attr)
			if !ok {
				return nil, unknown(f.attr)
			}
			*f.dst = v
		}
		iss := w.Plan.Value(r, tfplan.After, block, i, "oidc_issuer")
		switch {
		case iss.Known:
			e.Issuer = identity.StripScheme(iss.S)
		case !iss.Absent:
			c := w.ClusterOf(iss)
			if c == nil {
				return nil, unknown("oidc_issuer")
			}
			e.Cluster = c
		}
		sub, err := identity.EKSSubject(e.Namespace, e.Name)
		if err != nil {
			return nil, fmt.Sprintf("%s %s[%d]: %v", r.Address, block, i, err)
		}
		return &model.Identity{Kind: model.KindEKSServiceAccount, Subject: sub, EKS: e}, ""
	case "github_actions":
		g := identity.GitHubActions{}
		for _, f := range []struct {
			attr string
			dst  *string
		}{{"repository", &g.Repository}, {"ref", &g.Ref}, {"environment", &g.Environment}, {"subject", &g.Subject}, {"audience", &g.Audience}, {"issuer", &g.Issuer}} {
			v, ok := str(f.attr)
			if !ok {
				return nil, unknown(f.attr)
			}
			*f.dst = v
		}
		g.PullRequest, _ = b["pull_request"].(bool)
		if m, ok := b["claims"].(map[string]any); ok {
			g.Claims = map[string]string{}
			for k, v := range m {
				if sv, ok := v.(string); ok {
					g.Claims[k] = sv
				}
			}
		}
		return bindingIdentity(model.KindGitHubActions, g)
	case "cognito_identity_pool":
		id, ok := str("identity_pool_id")
		if !ok {
			return nil, unknown("identity_pool_id")
		}
		auth := true
		if v, ok := b["authenticated"].(bool); ok {
			auth = v
		}
		return bindingIdentity(model.KindCognito, identity.CognitoIdentityPool{IdentityPoolID: id, Authenticated: auth, LoginProviders: tfplan.StringList(b["login_providers"])})
	case "oidc":
		o := identity.OIDC{}
		for _, f := range []struct {
			attr string
			dst  *string
		}{{"issuer", &o.Issuer}, {"oidc_provider_arn", &o.OIDCProviderARN}, {"principal", &o.Principal}, {"claims_json", &o.ClaimsJSON}} {
			v, ok := str(f.attr)
			if !ok {
				return nil, unknown(f.attr)
			}
			*f.dst = v
		}
		return bindingIdentity(model.KindOIDC, o)
	case "web_identity_token":
		tok, ok := str("token")
		if !ok {
			return nil, unknown("token")
		}
		jwks, _ := str("jwks")
		return &model.Identity{Kind: model.KindToken, Subject: "a captured web identity token", Token: &check.TokenCaller{Token: tok, JWKS: jwks}}, ""
	case "aws_role":
		v := w.Plan.Value(r, tfplan.After, block, i, "role_arn")
		src := w.RoleOfValue(v, s)
		ci := &model.ChainIdentity{Role: src, Via: r.Address}
		switch {
		case src != nil:
			ci.RoleARN = src.ARN[s]
		case v.Known:
			ci.RoleARN = v.S
		default:
			return nil, unknown("role_arn")
		}
		for _, text := range tfplan.StringList(b["identity_policies"]) {
			if doc, _, err := policy.Parse([]byte(text)); err == nil {
				ci.Policies = append(ci.Policies, doc)
			}
		}
		return &model.Identity{Kind: model.KindRoleChain, Subject: "role " + ci.RoleARN, Chain: ci}, ""
	}
	return nil, "unsupported binding block " + block
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
