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
	plan     *tfplan.Plan
	global   func(string) string
	byRes    map[*tfplan.Resource][]string
	marked   []*tfplan.Resource // resources with sensitive values
	addrKeep []string           // addresses never redacted
}

// forms are the derived forms the linter writes values in, beyond the
// generic ones of redact.Forms.
var forms = []func(string) string{identity.EncodeColons, condition.EscapeGlob,
	func(s string) string { return condition.EscapeGlob(identity.EncodeColons(s)) }}

func newSensitivity(p *tfplan.Plan) *sensitivity {
	g := redact.NewMarks(forms...)
	g.Add(p.SensitiveValues()...)
	s := &sensitivity{plan: p, global: g.Replacer(), byRes: map[*tfplan.Resource][]string{}}
	for _, r := range p.Resources {
		if v := r.SensitiveValues(); len(v) > 0 {
			s.byRes[r] = v
			s.marked = append(s.marked, r)
		}
		s.addrKeep = append(s.addrKeep, r.Address)
	}
	return s
}

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
			s.addResource(m, s.plan.Lookup(from))
		}
	}
}

// named adds every marked resource whose address the texts name.
func (s *sensitivity) named(m *redact.Marks, texts ...string) {
	for _, r := range s.marked {
		for _, t := range texts {
			if strings.Contains(t, r.Address) {
				s.addResource(m, r)
				break
			}
		}
	}
}

// text redacts one text of a finding or pair with its marks.
func (s *sensitivity) text(m *redact.Marks, t string) string {
	return s.global(m.Redact(t, s.addrKeep...))
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
func (w *analyzer) roleAt(addr string) *model.Role {
	if r := w.Plan.Lookup(addr); r != nil {
		return w.ByRole[r]
	}
	return nil
}
