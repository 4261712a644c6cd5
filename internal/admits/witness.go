package admits

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// maxPoints bounds the concrete requests tried per region.
const maxPoints = 12

// witness turns a region into a confirmed witness, or nil.
func (an *analyzer) witness(g *group, allow *box, region []keySet, againstCallers bool) *Witness {
	var base *identity.Resolved
	if againstCallers {
		base = g.baseCaller(an.l, region)
	}
	for _, pt := range g.points(an.l, region, base) {
		req := g.request(an.roleARN, pt)
		if !an.confirm(g, req, againstCallers) {
			continue
		}
		return an.describe(g, allow, pt, base, req, againstCallers)
	}
	return nil
}

// baseCaller is the declared caller of the group with the most keys whose
// values lie in the region: the witness copies its other values, so that it
// differs from a real caller in as few keys as possible.
func (g *group) baseCaller(l *langs, region []keySet) *identity.Resolved {
	var best *identity.Resolved
	bestScore := -1
	for _, res := range g.callerReqs {
		score := 0
		for i, d := range g.dims {
			if vs, ok := res.Lookup(d.key); ok && (state{values: vs}).in(l, region[i], d.multi) {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = res, score
		}
	}
	return best
}

// points lists concrete requests of the region: every key's first
// candidate, then variations of one key at a time.
func (g *group) points(l *langs, region []keySet, base *identity.Resolved) [][]state {
	cands := make([][]state, len(g.dims))
	for i := range g.dims {
		cands[i] = g.candidates(l, i, region[i], base, 4)
		if len(cands[i]) == 0 {
			return nil
		}
	}
	first := make([]state, len(g.dims))
	for i := range first {
		first[i] = cands[i][0]
	}
	out := [][]state{first}
	for _, i := range g.order() {
		for k := 1; k < len(cands[i]) && len(out) < maxPoints; k++ {
			p := slices.Clone(first)
			p[i] = cands[i][k]
			out = append(out, p)
		}
	}
	return out
}

// request builds the evaluator request for a point: the token claims of
// the identity keys and the request context of the other keys.
func (g *group) request(roleARN string, pt []state) *identity.Request {
	claims := map[string]any{}
	k := g.provider.Kind
	if k != identity.KindFacebook && k != identity.KindAmazon {
		claims["iss"] = g.provider.Issuer()
		if k != identity.KindCognito && k != identity.KindGoogle {
			claims["aud"] = identity.DefaultAudience
		}
	}
	ctx := map[string]identity.StringList{}
	for i, d := range g.dims {
		st := pt[i]
		if st.absent {
			if d.claim == "aud" {
				delete(claims, "aud")
			}
			continue
		}
		switch {
		case d.kind == keyContext:
			ctx[d.key] = st.values
		case d.kind == keyIdentity && d.multi:
			vs := make([]any, len(st.values))
			for j, v := range st.values {
				vs[j] = v
			}
			claims[d.claim] = vs
		case d.kind == keyIdentity:
			claims[d.claim] = st.values[0]
		}
	}
	if k == identity.KindGoogle {
		// :aud is azp when present, else aud; :oaud is aud.
		aud, hasAud := claims["aud"]
		if oaud, ok := claims["oaud"]; ok {
			claims["aud"] = oaud
			if hasAud && aud != oaud {
				claims["azp"] = aud
			}
			delete(claims, "oaud")
		}
	}
	req := &identity.Request{RoleARN: roleARN, Principal: g.principal, Claims: claims}
	if len(ctx) > 0 {
		req.Context = ctx
	}
	return req
}

// confirm re-checks a candidate with the evaluator: the trust must allow
// it, and a policy admitting exactly the declared callers must not.
func (an *analyzer) confirm(g *group, req *identity.Request, againstCallers bool) bool {
	res, err := evaluate.Request(an.doc, req)
	if err != nil || res.Decision != evaluate.Allow {
		return false
	}
	if !againstCallers || len(g.callerReqs) == 0 {
		return true
	}
	res, err = evaluate.Request(g.callerPolicy(), req)
	return err == nil && res.Decision != evaluate.Allow
}

// callerPolicy is a trust policy with one Allow statement per declared
// caller of the group, admitting exactly the identities the caller stands
// for (see callerBox), built for the evaluator.
func (g *group) callerPolicy() *policy.Document {
	doc := &policy.Document{Version: "2008-10-17"} // no policy variables
	cond := func(op condition.Operator, key string, vals ...string) policy.Condition {
		c := policy.Condition{OperatorName: op.String(), Operator: op, OperatorValid: true, Key: key}
		for _, v := range vals {
			c.Values = append(c.Values, policy.Value{Raw: v})
		}
		return c
	}
	for ci, b := range g.callers {
		st := policy.Statement{Index: ci, Effect: policy.Allow, Actions: []string{identity.ActionAssumeRoleWithWebIdentity},
			Principal: &policy.Principal{Values: map[string][]string{"Federated": {g.principal}}}}
		res := g.callerReqs[ci]
		for i, d := range g.dims {
			if b.sets[i] == nil {
				continue
			}
			vals, _ := res.Lookup(d.key)
			if !d.multi {
				st.Conditions = append(st.Conditions, cond(condition.Operator{Base: condition.StringEquals}, d.key, vals...))
				continue
			}
			for _, v := range vals {
				if v != "" {
					st.Conditions = append(st.Conditions, cond(condition.Operator{Set: condition.ForAnyValue, Base: condition.StringEquals}, d.key, v))
				}
			}
			if !slices.Contains(vals, "unauthenticated") {
				st.Conditions = append(st.Conditions, cond(condition.Operator{Set: condition.ForAllValues, Base: condition.StringNotEquals}, d.key, "unauthenticated"))
			}
		}
		doc.Statements = append(doc.Statements, st)
	}
	return doc
}

// describe builds the Witness for a confirmed point.
func (an *analyzer) describe(g *group, allow *box, pt []state, base *identity.Resolved, req *identity.Request, againstCallers bool) *Witness {
	class, key, value := g.classify(an.l, allow, pt, base, againstCallers)
	w := &Witness{Principal: g.principal, Claims: req.Claims, Class: class, Statement: allow.stmt.Index, Request: req}
	if len(req.Context) > 0 {
		w.Context = map[string][]string{}
		for k, v := range req.Context {
			w.Context[k] = v
		}
	}
	who := fmt.Sprintf("an identity of %s", g.principal)
	if key != "" {
		who = fmt.Sprintf("the identity with %s = %s", key, value)
	}
	w.Description = fmt.Sprintf("%s is allowed by %s%s: %s", who, allow.stmt.Label(), callersPhrase(againstCallers), classMeaning(class, key))
	return w
}

func callersPhrase(declared bool) string {
	if declared {
		return " and is none of the declared callers"
	}
	return ""
}

// classMeaning explains a class in words.
func classMeaning(class, key string) string {
	switch class {
	case ClassAnyTenant:
		return fmt.Sprintf("the trust does not restrict %s, so any tenant of the identity provider (any organisation, project or identity pool) can assume the role", key)
	case ClassOtherProvider:
		return "the trust admits an identity provider that none of the declared callers uses"
	case ClassOtherOrganisation:
		return "an identity of another organisation or owner is admitted"
	case ClassOtherRepository:
		return "another repository of the same owner is admitted"
	case ClassPullRequest:
		return "pull_request workflows are admitted, including those run for pull requests from forks"
	case ClassOtherEnvironment:
		return "another deployment environment of the repository is admitted"
	case ClassOtherRef:
		return "another branch or tag of the repository is admitted"
	case ClassOtherNamespace:
		return "a service account of another Kubernetes namespace is admitted"
	case ClassOtherServiceAccount:
		return "another service account of the same namespace is admitted"
	case ClassGuestIdentity:
		return "an unauthenticated (guest) Cognito identity is admitted"
	case ClassOtherLoginProvider:
		return "a Cognito identity authenticated through another login provider is admitted"
	case ClassCaseVariant:
		return fmt.Sprintf("a value of %s differing from a declared caller's only in letter case is admitted (an IgnoreCase operator); harmless where the issuer controls the case of its values", key)
	}
	return fmt.Sprintf("another value of %s is admitted", key)
}

// classify names how the point differs from the base caller: by the first
// identity key, in the group's order, whose value differs.
func (g *group) classify(l *langs, allow *box, pt []state, base *identity.Resolved, declared bool) (class, key, value string) {
	if base == nil && declared {
		class = ClassOtherProvider
	}
	for _, i := range g.order() {
		d := g.dims[i]
		if d.kind != keyIdentity || pt[i].absent {
			continue
		}
		if base != nil {
			bv, ok := base.Lookup(d.key)
			if !ok || (state{values: bv}).equal(pt[i]) {
				continue
			}
		} else if !d.primary {
			continue
		}
		value = strings.Join(pt[i].values, ", ")
		if d.multi {
			value = "[" + value + "]"
		}
		if class != "" {
			return class, d.key, quote(value)
		}
		return g.classFor(l, allow, i, pt[i], base), d.key, quote(value)
	}
	if class == "" {
		class = ClassOtherSubject
	}
	return class, "", ""
}

func (g *group) classFor(l *langs, allow *box, i int, st state, base *identity.Resolved) string {
	d := g.dims[i]
	open := allow.sets[i] == nil || allow.sets[i].unrestricted(l, d.multi)
	k := g.provider.Kind
	switch {
	case d.claim == "amr" && slices.Contains(st.values, "unauthenticated"):
		return ClassGuestIdentity
	case d.claim == "amr":
		return ClassOtherLoginProvider
	case open && d.primary && k != identity.KindEKS:
		return ClassAnyTenant
	}
	var bv string
	if base != nil {
		if vs, ok := base.Lookup(d.key); ok && len(vs) > 0 {
			bv = vs[0]
		}
	}
	v := st.values[0]
	switch {
	case bv != "" && names.Equal(v, bv):
		return ClassCaseVariant
	case k == identity.KindGitHub && d.claim == "sub" && bv != "":
		o, r, c := githubSubject(v)
		bo, br, _ := githubSubject(bv)
		switch {
		case o != bo:
			return ClassOtherOrganisation
		case r != br:
			return ClassOtherRepository
		case c == "pull_request":
			return ClassPullRequest
		case strings.HasPrefix(c, "environment:"):
			return ClassOtherEnvironment
		}
		return ClassOtherRef
	case k == identity.KindEKS && d.claim == "sub" && bv != "":
		ns, _, _ := eksSubject(v)
		if bns, _, _ := eksSubject(bv); ns != bns {
			return ClassOtherNamespace
		}
		return ClassOtherServiceAccount
	}
	for _, t := range g.templates(d) {
		if slices.Equal(t.values, st.values) {
			return t.class
		}
	}
	switch d.claim {
	case "sub", "id", "user_id":
		return ClassOtherSubject
	case "aud", "app_id":
		return ClassOtherAudience
	}
	return "other-" + strings.ReplaceAll(d.claim, "_", "-")
}
