package tfplan

import (
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Ref is a resource attribute that a configuration expression refers to.
type Ref struct {
	Resource *Resource
	// Attr is the attribute path after the resource address with list
	// indexes removed, e.g. "arn" or "identity.oidc.issuer"; "" for the
	// whole resource.
	Attr string
}

// String is the reference as written, e.g. aws_iam_role.app.arn.
func (r Ref) String() string {
	if r.Attr == "" {
		return r.Resource.Address
	}
	return r.Resource.Address + "." + r.Attr
}

// Value is a string attribute of one side of a resource as far as the plan
// knows it. A value known only after apply carries what its configuration
// expression refers to instead: the resources it is built from, constants
// reached through variables, and references that cannot be followed.
type Value struct {
	// Known is true when S holds the value.
	Known bool
	S     string
	// Sensitive is true when the plan marks the value sensitive (its
	// sensitive masks, or a value followed through a root variable or a
	// module output declared sensitive): it is used for pairing but never
	// printed, and neither is anything built from it.
	Sensitive bool
	// Refs are the resource attributes an unknown value is built from,
	// followed through variables, module outputs and other resources.
	Refs []Ref
	// Consts are constant strings reached through variables.
	Consts []string
	// Unresolved are references that could not be followed (local.x,
	// each.value, resources of types the linter does not read).
	Unresolved []string
	// Absent is true when the attribute is null or missing.
	Absent bool
}

// Show renders the value for messages without ever printing a sensitive
// value.
func (v Value) Show() string {
	switch {
	case v.Sensitive:
		return Redacted
	case v.Known:
		return strconvQuote(v.S)
	case len(v.Refs) > 0:
		return "(known after apply, from " + v.Refs[0].String() + ")"
	case len(v.Unresolved) > 0:
		return "(known after apply, from " + strings.Join(v.Unresolved, ", ") + ")"
	case v.Absent:
		return "(not set)"
	}
	return "(known after apply)"
}

func strconvQuote(s string) string { return strconv.Quote(s) }

// RefTo returns the first reference to an attribute of a resource of one
// of the given types (typeKey form), or false.
func (v Value) RefTo(attr string, types ...string) (Ref, bool) {
	for _, r := range v.Refs {
		if attr != "" && r.Attr != attr {
			continue
		}
		for _, t := range types {
			if typeKey(r.Resource.Mode, r.Resource.Type) == t {
				return r, true
			}
		}
	}
	return Ref{}, false
}

// Value returns the string at path on one side of r. When it is unknown
// until apply, the configuration expression at the same path is followed.
func (p *Plan) Value(r *Resource, s Side, path ...any) Value {
	if !r.Exists(s) {
		return Value{Absent: true}
	}
	if r.UnknownAt(s, path...) {
		v := p.Follow(r, path...)
		v.Refs = pruneSiblingRefs(r, s, path, v.Refs)
		v.Sensitive = v.Sensitive || r.SensitiveAt(s, path...)
		return v
	}
	str, ok := r.StringAt(s, path...)
	if !ok {
		return Value{Absent: true}
	}
	return Value{Known: true, S: str, Sensitive: r.SensitiveAt(s, path...) || p.isSensitive(str)}
}

// pruneSiblingRefs narrows the references of one unknown element of a map
// built by a single expression (roles = { authenticated = a.arn,
// unauthenticated = b.arn }): the expression's references cover every
// element, so references whose value equals a known sibling element are
// the siblings', not this element's.
func pruneSiblingRefs(r *Resource, s Side, path []any, refs []Ref) []Ref {
	if len(refs) < 2 || len(path) == 0 {
		return refs
	}
	key, ok := path[len(path)-1].(string)
	if !ok {
		return refs
	}
	parent, _ := Get(r.Values(s), path[:len(path)-1]...)
	siblings, ok := parent.(map[string]any)
	if !ok {
		return refs
	}
	known := map[string]bool{}
	for k, v := range siblings {
		if str, ok := v.(string); ok && k != key {
			known[str] = true
		}
	}
	var out []Ref
	for _, ref := range refs {
		steps := AttrSteps(strings.Split(ref.Attr, "."))
		if v, ok := ref.Resource.StringAt(s, steps...); ok && ref.Attr != "" && known[v] && !ref.Resource.UnknownAt(s, steps...) {
			continue
		}
		out = append(out, ref)
	}
	if len(out) == 0 {
		return refs
	}
	return out
}

// Follow resolves the configuration expression of r at path.
func (p *Plan) Follow(r *Resource, path ...any) Value {
	var v Value
	cfg := p.ConfigResource(r)
	if cfg == nil {
		v.Unresolved = append(v.Unresolved, r.Address+" (no configuration in the plan)")
		return v
	}
	e := expression(cfg.Expressions, path...)
	if e == nil {
		v.Unresolved = append(v.Unresolved, r.Address+"."+PathString(path)+" (no expression in the configuration)")
		return v
	}
	f := follower{p: p, seen: map[string]bool{}}
	f.expr(scopeOf(r), e, &v, 0)
	return v
}

// FollowExpr resolves an arbitrary expression in the scope of r.
func (p *Plan) FollowExpr(r *Resource, e *tfjson.Expression) Value {
	var v Value
	if e == nil || e.ExpressionData == nil {
		return v
	}
	f := follower{p: p, seen: map[string]bool{}}
	f.expr(scopeOf(r), e, &v, 0)
	return v
}

func PathString(path []any) string {
	parts := make([]string, 0, len(path))
	for _, s := range path {
		switch x := s.(type) {
		case string:
			parts = append(parts, x)
		case int:
			parts = append(parts, strconv.Itoa(x))
		}
	}
	return strings.Join(parts, ".")
}

// ModuleInputs follows every argument of the module call that r is
// declared in, in the caller's scope: what the module was given. For a
// resource of the root module it is the zero Value.
func (p *Plan) ModuleInputs(r *Resource) Value {
	var v Value
	sc := scopeOf(r)
	if sc.path == "" {
		return v
	}
	mod := p.module(sc.path)
	if mod == nil || mod.call == nil {
		return v
	}
	parent := scope{path: ParentModule(sc.path), instance: ParentModule(sc.instance), exact: sc.exact}
	f := follower{p: p, seen: map[string]bool{}}
	for _, name := range SortedKeys(mod.call.Expressions) {
		f.expr(parent, mod.call.Expressions[name], &v, 0)
	}
	return v
}
