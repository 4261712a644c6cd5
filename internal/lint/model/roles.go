package model

import (
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// Role is an IAM role of the plan (aws_iam_role, or data.aws_iam_role for
// roles managed elsewhere) on both sides.
type Role struct {
	Res *tfplan.Resource
	// Name and Path as planned; ARN is the role's ARN, made up from the
	// name, path and the plan's account when unknown until apply
	// (ARNPlaceholder is then true when a part had to be invented).
	Name, Path, ARN [2]string
	ARNKnown        [2]bool
	ARNPlaceholder  [2]bool
	// Trust is the trust policy on each side (nil when the role does not
	// exist there).
	Trust [2]*Trust
	w     *World
}

// Address is the role's resource address, prefixed with its plan's
// source when several plans are linted together (World.Addr).
func (r *Role) Address() string {
	if r.w == nil {
		return r.Res.Address
	}
	return r.w.Addr(r.Res)
}

// World is the world of the role's plan.
func (r *Role) World() *World { return r.w }

// collectRoles reads every role and its trust on both sides.
func (w *World) collectRoles() {
	w.ByRole = map[*tfplan.Resource]*Role{}
	for _, key := range []string{"aws_iam_role", "data.aws_iam_role"} {
		for _, r := range w.Plan.OfType(key) {
			role := &Role{Res: r, w: w}
			for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
				if r.Exists(s) {
					w.fillRoleARN(role, s)
				}
			}
			w.Roles = append(w.Roles, role)
			w.ByRole[r] = role
		}
	}
	for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
		w.arnIndex[s] = map[string]*Role{}
		for _, role := range w.Roles {
			if !role.Res.Exists(s) {
				continue
			}
			if _, dup := w.arnIndex[s][role.ARN[s]]; !dup {
				w.arnIndex[s][role.ARN[s]] = role
			}
			if !role.ARNKnown[s] {
				w.someARNUnknown[s] = true
			}
		}
	}
	// Trusts are read after every role is known: a rebuilt trust may name
	// another role's ARN.
	w.parseAhead()
	for _, role := range w.Roles {
		for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
			if role.Res.Exists(s) {
				role.Trust[s] = w.trust(role, s)
			}
		}
	}
}

func (w *World) fillRoleARN(role *Role, s tfplan.Side) {
	r := role.Res
	role.Name[s], _ = r.StringAt(s, "name")
	role.Path[s], _ = r.StringAt(s, "path")
	if role.Path[s] == "" {
		role.Path[s] = "/"
	}
	if arn, ok := r.StringAt(s, "arn"); ok && arn != "" && !r.UnknownAt(s, "arn") {
		role.ARN[s], role.ARNKnown[s] = arn, true
		return
	}
	// Unknown until apply. The ARN of a role that keeps its name and path
	// does not change.
	if s == tfplan.After && r.Exists(tfplan.Before) && role.ARNKnown[tfplan.Before] && !r.UnknownAt(tfplan.After, "name") &&
		role.Name[tfplan.After] == role.Name[tfplan.Before] && role.Path[tfplan.After] == role.Path[tfplan.Before] {
		role.ARN[tfplan.After], role.ARNPlaceholder[tfplan.After] = role.ARN[tfplan.Before], false
		return
	}
	account := w.accountOrPlaceholder()
	name := role.Name[s]
	if name == "" || r.UnknownAt(s, "name") {
		name = placeholderMark + "-unknown-" + strings.ToLower(hashID(10, w.key(r)))
		role.Name[s] = ""
		role.ARNPlaceholder[s] = true
		w.label(name, "name of "+w.Addr(r))
	}
	if account == placeholderAccount {
		role.ARNPlaceholder[s] = true
	}
	role.ARN[s] = "arn:" + w.partition + ":iam::" + account + ":role" + role.Path[s] + name
}

// Account returns the account of the role on a side.
func (r *Role) Account(s tfplan.Side) string { return AccountOf(r.ARN[s]) }

// RoleByARN finds the role with that ARN on a side. A role whose ARN is
// made up matches an ARN with the same name and path.
func (w *World) RoleByARN(arn string, s tfplan.Side) *Role {
	if role := w.arnIndex[s][arn]; role != nil {
		return role
	}
	if !w.someARNUnknown[s] {
		return nil
	}
	a, ok := identity.ParseARN(arn)
	if !ok || !strings.HasPrefix(a.Resource, "role/") {
		return nil
	}
	for _, role := range w.Roles {
		if !role.Res.Exists(s) || role.ARNKnown[s] || role.Name[s] == "" {
			continue
		}
		if a.Resource == "role"+role.Path[s]+role.Name[s] && (role.Account(s) == a.Account || role.Account(s) == placeholderAccount) {
			return role
		}
	}
	return nil
}

// RoleByName finds the role with that name on a side (aws_iam_role_policy
// and attachments name roles by name).
func (w *World) RoleByName(name string, s tfplan.Side) *Role {
	if w.nameIndex[s] == nil {
		w.nameIndex[s] = map[string]*Role{}
		for _, role := range w.Roles {
			if role.Res.Exists(s) && role.Name[s] != "" && !role.Res.IsData() {
				if _, dup := w.nameIndex[s][role.Name[s]]; !dup {
					w.nameIndex[s][role.Name[s]] = role
				}
			}
		}
	}
	return w.nameIndex[s][name]
}

// RoleOfValue finds the role a caller's value names on a side: a known ARN,
// or a configuration reference to a role's arn, name, id or unique_id.
func (w *World) RoleOfValue(v tfplan.Value, s tfplan.Side) *Role {
	for _, ref := range v.Refs {
		if role := w.ByRole[ref.Resource]; role != nil && role.Res.Exists(s) {
			switch ref.Attr {
			case "arn", "name", "id", "unique_id", "":
				return role
			}
		}
	}
	if v.Known {
		if role := w.RoleByARN(v.S, s); role != nil {
			return role
		}
	}
	for _, c := range v.Consts {
		if role := w.RoleByARN(c, s); role != nil {
			return role
		}
	}
	return nil
}

// NamesRole reports whether a value is, or refers to, a role ARN: known
// values must look like one; unknown values must refer to a role.
func (w *World) NamesRole(v tfplan.Value) bool {
	if v.Known {
		return identity.IsRoleARN(v.S)
	}
	for _, ref := range v.Refs {
		if w.ByRole[ref.Resource] != nil {
			return true
		}
	}
	for _, c := range v.Consts {
		if identity.IsRoleARN(c) {
			return true
		}
	}
	return false
}

func (r *Role) AddressOr(def string) string {
	if r == nil {
		return def
	}
	return r.Address()
}
