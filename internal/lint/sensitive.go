package lint

import (
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/redact"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// Sensitivity travels with values: every finding and pair carries the
// sensitive values of what it is built from (its caller's resources and
// the values read from them, its role and the trust's source, the callers
// a role finding speaks of, every resource its text names), and its text
// is redacted with them, whatever their length and in every form the
// linter writes a value in (quoted, JSON-escaped, URL-encoded, a GitHub
// subject's %3A, IAM's ${*}, ASCII-folded). A plan-wide backstop replaces
// every sensitive value of at least redact.MinAnywhere characters in every
// text, and JSON Web Tokens are removed everywhere.

// sensitivity is the redaction state of one lint run.
type sensitivity struct {
	plans  []*tfplan.Plan
	global func(string) string
	former *redact.Former
	byRes  map[*tfplan.Resource][]string
	// marked are the resources with sensitive values, by address.
	marked map[string]*tfplan.Resource
	// addresses are the plan's addresses: never redacted (Terraform
	// refuses sensitive for_each keys, so an address holds no secret).
	addresses map[string]bool
}

// forms are the derived forms the linter writes values in, beyond the
// generic ones of redact.Forms.
var forms = []func(string) string{identity.EncodeColons, condition.EscapeGlob,
	func(s string) string { return condition.EscapeGlob(identity.EncodeColons(s)) }}

// newSensitivity is the redaction state of a run over plans (the values
// of every plan linted together, as a value of one may reach a finding
// about another through a literal ARN).
func newSensitivity(plans []*tfplan.Plan) *sensitivity {
	former := redact.NewFormer(forms...)
	g := former.Marks()
	for _, p := range plans {
		g.Add(p.SensitiveValues()...)
	}
	s := &sensitivity{plans: plans, former: former, byRes: map[*tfplan.Resource][]string{},
		marked: map[string]*tfplan.Resource{}, addresses: map[string]bool{}}
	s.global = g.Replacer()
	for _, p := range plans {
		for _, r := range p.Resources {
			if v := r.SensitiveValues(); len(v) > 0 {
				s.byRes[r] = v
				if other := s.marked[r.Address]; other != nil && other != r {
					// The same address in two plans: a text naming it
					// carries the marks of both.
					s.byRes[r] = append(s.byRes[r], s.byRes[other]...)
				}
				s.marked[r.Address] = r
			}
			s.addresses[r.Address] = true
		}
	}
	return s
}

// marks starts an empty set of marks for one finding or pair.
func (s *sensitivity) marks() *redact.Marks { return s.former.Marks() }

// addResource adds a resource's sensitive values.
func (s *sensitivity) addResource(m *redact.Marks, r *tfplan.Resource) {
	if r != nil {
		m.Add(s.byRes[r]...)
	}
}

// addValue adds a value read from the plan when it is marked.
func addValue(m *redact.Marks, v tfplan.Value) {
	if v.Sensitive {
		m.Add(v.S)
		m.Add(v.Consts...)
	}
}

// caller adds what a caller is built from, on both sides.
func (s *sensitivity) caller(m *redact.Marks, c *model.Caller) {
	s.addResource(m, c.Res)
	for _, cs := range c.Side {
		if cs == nil {
			continue
		}
		addValue(m, cs.Role)
		m.Add(cs.Sensitive...)
		for _, r := range cs.Via {
			s.addResource(m, r)
		}
		for _, id := range cs.Identities {
			if id.EKS != nil && id.EKS.Cluster != nil {
				s.addResource(m, id.EKS.Cluster.Res)
			}
			if id.Chain != nil && id.Chain.Role != nil {
				s.addResource(m, id.Chain.Role.Res)
			}
		}
	}
}

// role adds a role's sensitive values and those of its trust's source.
func (s *sensitivity) role(m *redact.Marks, role *model.Role) {
	if role == nil {
		return
	}
	s.addResource(m, role.Res)
	for _, t := range role.Trust {
		if t == nil {
			continue
		}
		if from, _, _ := strings.Cut(t.From, " "); from != "" {
			p := s.plans[0]
			if w := role.World(); w != nil {
				p = w.Plan
			}
			s.addResource(m, p.Lookup(from))
		}
	}
}

// named adds every marked resource whose address the texts name.
func (s *sensitivity) named(m *redact.Marks, texts ...string) {
	if len(s.marked) == 0 {
		return
	}
	for _, t := range texts {
		for i := 0; i < len(t); {
			start, end := addressToken(t, i)
			if start < 0 {
				break
			}
			tok := t[start:end]
			forSpans(tok, func(i, j int) bool {
				if r := s.marked[tok[i:j]]; r != nil {
					s.addResource(m, r)
				}
				return false
			})
			i = end
		}
	}
}

// kept reports whether text[start:end] lies inside an address of the plan.
func (s *sensitivity) kept(text string, start, end int) bool {
	ts, te := tokenAround(text, start, end)
	if ts < 0 {
		return false
	}
	tok := text[ts:te]
	return forSpans(tok, func(i, j int) bool {
		return ts+i <= start && end <= ts+j && s.addresses[tok[i:j]]
	})
}

// addressChar reports whether c may be part of a resource address as
// messages write it (type.name, module.x, ["key"], [0]).
func addressChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.' || c == '[' || c == ']' || c == '"'
}

// addressToken returns the next run of address characters at or after i
// (-1 when none).
func addressToken(t string, i int) (int, int) {
	for i < len(t) && !addressChar(t[i]) {
		i++
	}
	if i >= len(t) {
		return -1, -1
	}
	j := i
	for j < len(t) && addressChar(t[j]) {
		j++
	}
	return i, j
}

// tokenAround is the run of address characters around text[start:end]
// (-1 when text[start:end] is not inside one).
func tokenAround(text string, start, end int) (int, int) {
	for k := start; k < end; k++ {
		if !addressChar(text[k]) {
			return -1, -1
		}
	}
	for start > 0 && addressChar(text[start-1]) {
		start--
	}
	for end < len(text) && addressChar(text[end]) {
		end++
	}
	return start, end
}

// forSpans calls f on every span tok[i:j] that starts at its beginning or
// after a '.' or '"', and ends at its end or before a '.', '"' or '[' (the
// candidates for an address inside a token such as aws_iam_role.x.arn or
// "module.a[\"k\"].b"), until f returns true.
func forSpans(tok string, f func(i, j int) bool) bool {
	if len(tok) > 512 {
		return false
	}
	for i := 0; i < len(tok); i++ {
		if i > 0 && tok[i-1] != '.' && tok[i-1] != '"' {
			continue
		}
		for j := len(tok); j > i; j-- {
			if j < len(tok) && tok[j] != '.' && tok[j] != '"' && tok[j] != '[' {
				continue
			}
			if f(i, j) {
				return true
			}
		}
	}
	return false
}

// text redacts one text of a finding or pair with its marks, then
// shortens what is too long to print (redact.Shorten).
func (s *sensitivity) text(m *redact.Marks, t string) string {
	return redact.Shorten(s.global(m.Redact(t, s.kept)))
}

// redactFinding redacts every text of a finding: its marks gain the
// resources its texts name first.
func (s *sensitivity) redactFinding(m *redact.Marks, f *Finding, show func(string) string) {
	s.named(m, f.Message, f.Fix, f.Caller, strings.Join(f.Notes, "\n"))
	f.Message, f.Fix = s.text(m, show(f.Message)), s.text(m, show(f.Fix))
	f.Caller, f.RoleARN = s.text(m, f.Caller), s.text(m, f.RoleARN)
	for j := range f.Notes {
		f.Notes[j] = s.text(m, show(f.Notes[j]))
	}
}

// roleAt is the role with that address (nil for "" or a caller's own).
// With several plans, addr carries its plan's source as a prefix.
func (w *analyzer) roleAt(addr string) *model.Role {
	for _, world := range w.worlds {
		a := addr
		if world.Name != "" {
			var ok bool
			if a, ok = strings.CutPrefix(addr, world.Name+": "); !ok {
				continue
			}
		}
		if r := world.Plan.Lookup(a); r != nil {
			return world.ByRole[r]
		}
	}
	return nil
}
