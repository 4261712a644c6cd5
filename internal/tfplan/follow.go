package tfplan

import (
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// scope is where an expression is evaluated: a module instance, and the
// count/for_each key of the resource it belongs to (for count.index and
// each.key).
type scope struct {
	path     string // module path without keys
	instance string // module instance address; "" with exact=false when unknown
	exact    bool
	index    any
	hasIndex bool
}

func scopeOf(r *Resource) scope {
	return scope{path: StripKeys(r.Module), instance: r.Module, exact: true, index: r.Index, hasIndex: r.Index != nil}
}

// maxFollowDepth bounds how far references are chased.
const maxFollowDepth = 12

type follower struct {
	p    *Plan
	seen map[string]bool
}

func (f *follower) expr(sc scope, e *tfjson.Expression, v *Value, depth int) {
	if e == nil || e.ExpressionData == nil {
		return
	}
	if s, ok := e.ConstantValue.(string); ok && len(e.References) == 0 {
		v.Consts = append(v.Consts, s)
		return
	}
	f.refs(sc, e.References, v, depth)
}

func (f *follower) refs(sc scope, refs []string, v *Value, depth int) {
	if depth > maxFollowDepth {
		return
	}
	perIndex := false
	for _, ref := range refs {
		if ref == "count.index" || ref == "each.key" || ref == "each.value" {
			perIndex = true
		}
	}
	for _, ref := range LongestRefs(refs) {
		switch {
		case ref == "count.index" || ref == "each.key":
		case ref == "each.value" || strings.HasPrefix(ref, "each.value"):
			v.Unresolved = append(v.Unresolved, ref)
		case strings.HasPrefix(ref, "var."):
			f.variable(sc, ref, v, depth)
		case strings.HasPrefix(ref, "module."):
			f.moduleOutput(sc, ref, v, depth)
		case strings.HasPrefix(ref, "local."), strings.HasPrefix(ref, "path."), strings.HasPrefix(ref, "terraform."), strings.HasPrefix(ref, "self."):
			v.Unresolved = append(v.Unresolved, ref)
		default:
			f.resource(sc, ref, perIndex, v, depth)
		}
	}
}

// LongestRefs drops references that are a prefix of another one in the
// list (Terraform lists aws_iam_role.app.arn and aws_iam_role.app).
func LongestRefs(refs []string) []string {
	out := make([]string, 0, len(refs))
	for i, r := range refs {
		prefix := false
		for j, o := range refs {
			if i != j && len(o) > len(r) && strings.HasPrefix(o, r) && (o[len(r)] == '.' || o[len(r)] == '[') {
				prefix = true
				break
			}
		}
		if !prefix {
			out = append(out, r)
		}
	}
	return out
}

func (f *follower) variable(sc scope, ref string, v *Value, depth int) {
	parts := SplitAddress(ref)
	if len(parts) < 2 {
		v.Unresolved = append(v.Unresolved, ref)
		return
	}
	name := parts[1]
	if sc.path == "" {
		if f.p.sensitiveVars[name] {
			v.Sensitive = true
		}
		val, ok := f.p.variables[name]
		if s, isStr := val.(string); ok && isStr && len(parts) == 2 {
			v.Consts = append(v.Consts, s)
			return
		}
		v.Unresolved = append(v.Unresolved, ref)
		return
	}
	mod := f.p.module(sc.path)
	if mod == nil || mod.call == nil {
		v.Unresolved = append(v.Unresolved, ref)
		return
	}
	e := mod.call.Expressions[name]
	if e == nil || e.ExpressionData == nil {
		v.Unresolved = append(v.Unresolved, ref+" (the module call does not set it; its default is not in the plan)")
		return
	}
	parent := scope{path: ParentModule(sc.path)}
	if sc.exact {
		parent.instance, parent.exact = ParentModule(sc.instance), true
	}
	if len(parts) > 2 {
		// var.x.attr: the attribute of whatever var.x is.
		f.refs(parent, appendAttr(e.References, parts[2:]), v, depth+1)
		return
	}
	f.expr(parent, e, v, depth+1)
}

// appendAttr adds an attribute path to references that name resources.
func appendAttr(refs []string, attr []string) []string {
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		out = append(out, r+"."+strings.Join(attr, "."))
	}
	return out
}

// ParentModule strips the last module segment: module.a.module.b -> module.a.
func ParentModule(path string) string {
	parts := SplitAddress(path)
	if len(parts) <= 2 {
		return ""
	}
	return strings.Join(parts[:len(parts)-2], ".")
}

func (f *follower) moduleOutput(sc scope, ref string, v *Value, depth int) {
	parts := SplitAddress(ref)
	if len(parts) < 3 {
		v.Unresolved = append(v.Unresolved, ref)
		return
	}
	callName, keyPart := cutKey(parts[1])
	child := joinAddress(sc.path, "module."+callName)
	mod := f.p.module(child)
	if mod == nil {
		v.Unresolved = append(v.Unresolved, ref)
		return
	}
	out := mod.outputs[parts[2]]
	if out == nil || out.Expression == nil {
		v.Unresolved = append(v.Unresolved, ref)
		return
	}
	if out.Sensitive {
		v.Sensitive = true
	}
	cs := scope{path: child}
	switch {
	case sc.exact && keyPart != "":
		cs.instance, cs.exact = joinAddress(sc.instance, "module."+parts[1]), true
	case sc.exact && mod.call != nil && mod.call.CountExpression == nil && mod.call.ForEachExpression == nil:
		cs.instance, cs.exact = joinAddress(sc.instance, "module."+callName), true
	}
	if len(parts) > 3 {
		f.refs(cs, appendAttr(out.Expression.References, parts[3:]), v, depth+1)
		return
	}
	f.expr(cs, out.Expression, v, depth+1)
}

// cutKey splits name["k"] into name and "k" (with brackets removed).
func cutKey(segment string) (name, key string) {
	i := strings.IndexByte(segment, '[')
	if i < 0 {
		return segment, ""
	}
	return segment[:i], strings.TrimSuffix(segment[i+1:], "]")
}

func (f *follower) resource(sc scope, ref string, perIndex bool, v *Value, depth int) {
	parts := SplitAddress(ref)
	n := 2
	if parts[0] == "data" {
		n = 3
	}
	if len(parts) < n {
		v.Unresolved = append(v.Unresolved, ref)
		return
	}
	name, key := cutKey(parts[n-1])
	local := strings.Join(append(append([]string{}, parts[:n-1]...), name), ".")
	candidates := f.p.byConfig[joinAddress(sc.path, local)]
	if sc.exact {
		var same []*Resource
		for _, c := range candidates {
			if c.Module == sc.instance {
				same = append(same, c)
			}
		}
		if len(same) > 0 {
			candidates = same
		}
	}
	var target *Resource
	switch {
	case len(candidates) == 0:
		v.Unresolved = append(v.Unresolved, ref)
		return
	case key != "":
		for _, c := range candidates {
			if IndexKey(c.Index) == key {
				target = c
			}
		}
	case len(candidates) == 1:
		target = candidates[0]
	case perIndex && sc.hasIndex:
		for _, c := range candidates {
			if IndexKey(c.Index) == IndexKey(sc.index) {
				target = c
			}
		}
	}
	if target == nil {
		v.Unresolved = append(v.Unresolved, ref+" (one of several instances; which one is decided at apply)")
		return
	}
	attr := attrPath(parts[n:])
	v.Refs = append(v.Refs, Ref{Resource: target, Attr: attr})
	// An unknown attribute of a resource that is itself built from other
	// values: follow its own configuration too (variable value =
	// var.role_arn = aws_iam_role.app.arn).
	visit := target.Address + "." + attr
	if attr == "" || f.seen[visit] || !target.Exists(After) {
		return
	}
	f.seen[visit] = true
	steps := AttrSteps(parts[n:])
	if !target.UnknownAt(After, steps...) {
		return
	}
	if cfg := f.p.ConfigResource(target); cfg != nil {
		if e := expression(cfg.Expressions, steps...); e != nil {
			f.expr(scopeOf(target), e, v, depth+1)
		}
	}
}

// attrPath renders attribute segments without list indexes:
// identity[0], oidc[0], issuer -> identity.oidc.issuer.
func attrPath(segments []string) string {
	names := make([]string, 0, len(segments))
	for _, s := range segments {
		name, _ := cutKey(s)
		names = append(names, name)
	}
	return strings.Join(names, ".")
}

// AttrSteps turns attribute segments into a value path:
// identity[0], oidc[0], issuer -> "identity", 0, "oidc", 0, "issuer".
func AttrSteps(segments []string) []any {
	var steps []any
	for _, s := range segments {
		name, key := cutKey(s)
		steps = append(steps, name)
		if key != "" {
			if n, err := strconv.Atoi(key); err == nil {
				steps = append(steps, n)
			} else if u, err := strconv.Unquote(key); err == nil {
				steps = append(steps, u)
			}
		}
	}
	return steps
}
