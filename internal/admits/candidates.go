package admits

import (
	"math/big"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// state is one state of a key: absent, or present with its values (one
// value for a single-valued key).
type state struct {
	absent bool
	values []string
}

// in reports whether the state is in the set.
func (st state) in(l *langs, set keySet, multi bool) bool {
	switch {
	case st.absent:
		return set.absent
	case multi:
		return set.hasSet(l, st.values)
	}
	return len(st.values) == 1 && set.hasValue(l, st.values[0])
}

func (st state) equal(o state) bool {
	return st.absent == o.absent && slices.Equal(st.values, o.values)
}

// template is a realistic value for a key, with the witness class it
// shows when chosen.
type template struct {
	values []string
	class  string
}

// Placeholder names used in witnesses: clearly not anyone's real identity.
const (
	attackerOwner = "attacker-owned"
	attackerRepo  = "attacker-repo"
)

// templates returns realistic values for dim d, most telling first: an
// identity of another tenant, then other repositories, pull requests and
// refs of the callers' and the trust's own owners and repositories.
func (g *group) templates(d *dim) []template {
	if d.kind != keyIdentity {
		return nil
	}
	one := func(class string, vs ...string) []template {
		var out []template
		for _, v := range vs {
			out = append(out, template{values: []string{v}, class: class})
		}
		return out
	}
	k := g.provider.Kind
	switch {
	case d.claim == "aud" && k == identity.KindCognito:
		region := "us-east-1"
		for _, v := range g.known(d) {
			if r, _, ok := strings.Cut(v, ":"); ok {
				region = r
				break
			}
		}
		return one(ClassAnyTenant, region+":deadbeef-0000-4000-8000-000000000000")
	case d.claim == "aud":
		return one(ClassOtherAudience, identity.DefaultAudience)
	case d.claim == "amr":
		return []template{
			{values: []string{"unauthenticated"}, class: ClassGuestIdentity},
			{values: []string{"authenticated", identity.FacebookHost}, class: ClassOtherLoginProvider},
			{values: []string{"authenticated"}, class: ClassOtherLoginProvider},
		}
	case d.claim != "sub":
		return g.claimTemplates(d)
	}
	switch k {
	case identity.KindGitHub:
		return g.githubSubjects(d)
	case identity.KindEKS:
		out := one(ClassOtherNamespace, "system:serviceaccount:kube-system:anything")
		for _, v := range g.known(d) {
			if ns, _, ok := eksSubject(v); ok {
				out = append(out, one(ClassOtherServiceAccount, "system:serviceaccount:"+ns+":attacker-sa")...)
			}
		}
		return out
	case identity.KindCognito:
		return one(ClassOtherIdentity, "us-east-1:deadbeef-0000-4000-8000-0000000000aa")
	case identity.KindGitLab, identity.KindBuildkite:
		return one(ClassAnyTenant, tenantSubjects[k])
	case identity.KindCircleCI:
		org := strings.TrimPrefix(g.provider.KeyPrefix, "oidc.circleci.com/org/")
		return one(ClassAnyTenant, "org/"+org+"/project/attacker-project/user/attacker")
	}
	if g.provider.KeyPrefix == terraformCloudHost {
		return one(ClassAnyTenant, terraformCloudSubject)
	}
	return one(ClassOtherSubject, "attacker")
}

// claimTemplates covers the other GitHub claims AWS maps (aws-reference.md#claim-keys-per-provider).
func (g *group) claimTemplates(d *dim) []template {
	var vs []string
	class := "other-" + strings.ReplaceAll(d.claim, "_", "-")
	switch d.claim {
	case "repository":
		vs, class = []string{attackerOwner + "/any"}, ClassOtherOrganisation
	case "ref":
		vs, class = []string{"refs/heads/attacker-branch", "refs/pull/1/merge"}, ClassOtherRef
	case "environment":
		vs, class = []string{"attacker-env"}, ClassOtherEnvironment
	case "job_workflow_ref":
		vs = []string{attackerOwner + "/any/.github/workflows/x.yml@refs/heads/x"}
	case "actor", "user_login", "organization_slug", "pipeline_slug":
		vs = []string{"attacker"}
	default:
		vs = []string{"999999"}
	}
	return []template{{values: vs[:1], class: class}, {values: vs[len(vs)-1:], class: class}}
}

// githubSubjects builds GitHub subjects (aws-reference.md#github-actions-subjects) from the owners,
// repositories and contexts the callers and the trust's patterns name.
func (g *group) githubSubjects(d *dim) []template {
	var owners, repos, contexts []string
	addUnique := func(list *[]string, v string) {
		if v != "" && !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	for _, v := range g.known(d) {
		o, r, c := githubSubject(v)
		addUnique(&owners, o)
		if r != "" {
			addUnique(&repos, o+"/"+r)
		}
		addUnique(&contexts, c)
	}
	contexts = append(contexts, "ref:refs/heads/x")
	var out []template
	add := func(class, sub string) {
		out = append(out, template{values: []string{sub}, class: class})
	}
	for _, c := range contexts {
		add(ClassOtherOrganisation, "repo:"+attackerOwner+"/any:"+c)
	}
	for _, o := range owners {
		for _, c := range contexts {
			add(ClassOtherRepository, "repo:"+o+"/"+attackerRepo+":"+c)
		}
	}
	for _, r := range repos {
		add(ClassPullRequest, "repo:"+r+":pull_request")
		add(ClassOtherEnvironment, "repo:"+r+":environment:attacker-env")
		add(ClassOtherRef, "repo:"+r+":ref:refs/heads/attacker-branch")
		add(ClassOtherRef, "repo:"+r+":ref:refs/tags/attacker-tag")
	}
	return out
}

// githubSubject splits repo:OWNER/REPO:CONTEXT; any part may be missing
// when s is a pattern's literal prefix.
func githubSubject(s string) (owner, repo, context string) {
	rest, ok := strings.CutPrefix(s, "repo:")
	if !ok {
		return "", "", ""
	}
	owner, rest, ok = strings.Cut(rest, "/")
	if !ok {
		return "", "", ""
	}
	repo, context, ok = strings.Cut(rest, ":")
	if !ok {
		return owner, "", ""
	}
	return owner, repo, context
}

// eksSubject splits system:serviceaccount:NAMESPACE:NAME (aws-reference.md#eks-service-account-subjects).
func eksSubject(s string) (namespace, name string, ok bool) {
	rest, found := strings.CutPrefix(s, "system:serviceaccount:")
	if !found {
		return "", "", false
	}
	namespace, name, ok = strings.Cut(rest, ":")
	return namespace, name, ok && namespace != ""
}

// known returns the values the callers declare for dim d, then the literal
// prefixes (up to the first wildcard) of the trust's values for it.
func (g *group) known(d *dim) []string {
	var out []string
	for _, res := range g.callerReqs {
		if vs, ok := res.Lookup(d.key); ok {
			out = append(out, vs...)
		}
	}
	for _, b := range append(slices.Clone(g.allows), g.denies...) {
		for ci := range b.stmt.Conditions {
			c := &b.stmt.Conditions[ci]
			if !names.Equal(c.Key, d.key) {
				continue
			}
			for _, v := range c.Values {
				if i := strings.IndexAny(v.Raw, "*?$"); i >= 0 {
					out = append(out, v.Raw[:i])
				} else {
					out = append(out, v.Raw)
				}
			}
		}
	}
	return out
}

// fills instantiates the trust's values for dim d: every wildcard is
// filled with one filler ('?' with one character).
func (g *group) fills(d *dim) []string {
	var out []string
	for _, b := range append(slices.Clone(g.allows), g.denies...) {
		for ci := range b.stmt.Conditions {
			c := &b.stmt.Conditions[ci]
			if !names.Equal(c.Key, d.key) || !c.OperatorValid {
				continue
			}
			for _, v := range c.Values {
				// As condition.CompileGlob reads it: '*' and '?' are wildcards.
				for _, filler := range []string{"attacker", "x", ""} {
					var sb strings.Builder
					for _, r := range v.Raw {
						switch r {
						case '*':
							sb.WriteString(filler)
						case '?':
							sb.WriteByte('x')
						default:
							sb.WriteRune(r)
						}
					}
					out = append(out, sb.String())
				}
				out = append(out, opaqueCandidates(v.Raw)...)
			}
		}
	}
	return out
}

// opaqueCandidates derives values near a numeric, date or IP policy value,
// so that sets with opaque conditions can be searched.
func opaqueCandidates(v string) []string {
	var out []string
	if p, err := netip.ParsePrefix(strings.TrimSpace(v)); err == nil {
		out = append(out, p.Masked().Addr().String(), p.Masked().Addr().Next().String())
	}
	if f, ok := condition.ParseNumber(v); ok {
		one := big.NewFloat(1)
		out = append(out, new(big.Float).Add(f, one).Text('f', -1), new(big.Float).Sub(f, one).Text('f', -1))
	}
	if t, ok := condition.ParseDate(v); ok {
		out = append(out, t.Add(time.Hour).Format(time.RFC3339), t.Add(-time.Hour).Format(time.RFC3339))
	}
	return out
}

// valueCandidates lists single values worth trying for dim i: the base
// caller's, templates, other callers', filled trust values, then the
// shortest members of the set's language. Only values in set are kept.
func (g *group) valueCandidates(l *langs, i int, set keySet, base *identity.Resolved) []string {
	var out []string
	for _, st := range g.candidates(l, i, set, base, 12) {
		if !st.absent && len(st.values) == 1 {
			out = append(out, st.values[0])
		}
	}
	return out
}

// candidates lists up to max states of dim i in set, most realistic first.
func (g *group) candidates(l *langs, i int, set keySet, base *identity.Resolved, max int) []state {
	d := g.dims[i]
	var out []state
	add := func(st state) {
		if len(out) < max && st.in(l, set, d.multi) && !slices.ContainsFunc(out, st.equal) {
			out = append(out, st)
		}
	}
	addValues := func(vs []string) {
		if d.multi {
			add(state{values: vs})
			return
		}
		for _, v := range vs {
			add(state{values: []string{v}})
		}
	}
	if base != nil {
		if vs, ok := base.Lookup(d.key); ok {
			addValues(vs)
		}
	}
	if !d.primary {
		add(state{absent: true})
	}
	if d.fixed == nil {
		d.fixed = &fixedCandidates{templates: g.templates(d), fills: g.fills(d)}
	}
	for _, t := range d.fixed.templates {
		addValues(t.values)
	}
	for _, res := range g.callerReqs {
		if vs, ok := res.Lookup(d.key); ok {
			addValues(vs)
		}
	}
	for _, v := range d.fixed.fills {
		add(state{values: []string{v}})
	}
	if d.multi {
		// One element from each "some" language, all within lang.
		var vs []string
		for _, e := range set.some {
			if m := intersect(e, set.lang).members(l.a, 1); len(m) > 0 && !slices.Contains(vs, m[0]) {
				vs = append(vs, m[0])
			}
		}
		if len(vs) == 0 {
			vs = set.lang.members(l.a, 1)
		}
		add(state{values: vs})
	} else {
		for _, m := range set.lang.members(l.a, 3) {
			add(state{values: []string{m}})
		}
	}
	add(state{absent: true})
	return out
}
