package lint

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// roleMatch is what a caller's role value resolves to on a side: the
// roles to pair it with (more than one when several plans declare the
// role's ARN), and notes on how the roles were found, or why none was.
type roleMatch struct {
	roles []*model.Role
	notes []string
}

// roleOf resolves the role a caller names on a side. Within the caller's
// own plan it is World.RoleOfValue, unchanged for a single plan. With
// several plans:
//   - a reference resolves in the plan that holds it (references never
//     cross plans; a caller read from a file may refer to any plan's
//     resources, e.g. a GitHub variable's value);
//   - a literal ARN is looked up in every plan, by exact ARN: a role of
//     another plan whose ARN is made up (known only after apply) is never
//     matched, and the note says it may be the one;
//   - a managed role (aws_iam_role) is preferred over a data source that
//     reads the same ARN, as its planned trust is the one after apply;
//   - when several plans manage a role with that ARN, the caller is paired
//     with each (each apply writes its own trust) and the notes say so.
func (w *analyzer) roleOf(c *model.Caller, v tfplan.Value, s tfplan.Side) roleMatch {
	own := w.callerWorld[c]
	if own == nil && len(w.worlds) == 1 {
		own = w.worlds[0] // a caller read from a file, with one plan
	}
	var found *model.Role
	if own != nil {
		found = own.RoleOfValue(v, s)
	}
	if len(w.worlds) == 1 {
		if found == nil {
			return roleMatch{}
		}
		return roleMatch{roles: []*model.Role{found}}
	}
	if found != nil && (!found.Res.IsData() || byReference(found, v)) {
		return roleMatch{roles: []*model.Role{found}}
	}
	if own == nil {
		for _, world := range w.worlds {
			for _, ref := range v.Refs {
				if role := world.ByRole[ref.Resource]; role != nil && role.Res.Exists(s) && roleAttr(ref.Attr) {
					return roleMatch{roles: []*model.Role{role}}
				}
			}
		}
	}
	var managed, data, maybe []*model.Role
	if found != nil {
		data = append(data, found)
	}
	for _, arn := range literalARNs(v) {
		for _, world := range w.worlds {
			if world == own {
				continue
			}
			for _, role := range world.Roles {
				switch {
				case !role.Res.Exists(s):
				case role.ARN[s] == arn && !role.ARNPlaceholder[s]:
					if role.Res.IsData() {
						data = appendNew(data, role)
					} else {
						managed = appendNew(managed, role)
					}
				case role.ARNPlaceholder[s] && mayHaveARN(role, s, arn):
					maybe = appendNew(maybe, role)
				}
			}
		}
	}
	switch {
	case len(managed) > 1:
		addrs := make([]string, len(managed))
		for i, role := range managed {
			addrs[i] = role.Address()
		}
		return roleMatch{roles: managed, notes: []string{fmt.Sprintf("the role ARN %s is managed by several plans (%s): each apply writes its own trust, so the caller is checked against each",
			managed[0].ARN[s], strings.Join(addrs, ", "))}}
	case len(managed) == 1:
		return roleMatch{roles: managed}
	case len(data) > 0:
		return roleMatch{roles: data[:1]}
	}
	var notes []string
	for _, role := range maybe {
		notes = append(notes, fmt.Sprintf("%s may be the role named, but its ARN is known only after apply (stood in by %s: its name or account is not known from its plan), so it is not matched across plans", role.Address(), role.ARN[s]))
	}
	return roleMatch{notes: notes}
}

// byReference reports whether a value refers to the role (rather than
// naming its ARN).
func byReference(role *model.Role, v tfplan.Value) bool {
	for _, ref := range v.Refs {
		if ref.Resource == role.Res {
			return true
		}
	}
	return false
}

// roleAttr reports whether a reference to a role's attribute names the
// role (as World.RoleOfValue reads them).
func roleAttr(attr string) bool {
	switch attr {
	case "arn", "name", "id", "unique_id", "":
		return true
	}
	return false
}

// literalARNs lists the role ARNs a value holds literally.
func literalARNs(v tfplan.Value) []string {
	var out []string
	if v.Known && identity.IsRoleARN(v.S) {
		out = append(out, v.S)
	}
	for _, c := range v.Consts {
		if identity.IsRoleARN(c) {
			out = append(out, c)
		}
	}
	return out
}

// mayHaveARN reports whether a role whose ARN is made up on a side may
// turn out to have arn: same name and path, in an account not known.
func mayHaveARN(role *model.Role, s tfplan.Side, arn string) bool {
	a, ok := identity.ParseARN(arn)
	if !ok || role.Name[s] == "" {
		return false
	}
	return a.Resource == "role"+role.Path[s]+role.Name[s] && (role.Account(s) == a.Account || model.IsPlaceholder(role.Account(s)))
}

func appendNew(list []*model.Role, role *model.Role) []*model.Role {
	for _, r := range list {
		if r == role {
			return list
		}
	}
	return append(list, role)
}

// prefer picks the role of a match: want when it is one of them (the
// role paired after the plan), else the first (nil for none).
func (m roleMatch) prefer(want *model.Role) *model.Role {
	for _, role := range m.roles {
		if role == want {
			return role
		}
	}
	if len(m.roles) == 0 {
		return nil
	}
	return m.roles[0]
}
