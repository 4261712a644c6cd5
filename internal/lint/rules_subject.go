package lint

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// deadStatement is an Allow statement no real token passes: a condition
// on sub that admits no subject the issuer can mint.
type deadStatement struct {
	index   int
	msg     string
	fix     string
	note    string
	nearest string
}

// subjectFindings finds the Allow statements of a known trust whose sub
// condition admits no subject of the issuer's shape (identity.SubjectShapes),
// and says whether any statement still lets a web identity in.
func (w *analyzer) subjectFindings(role *model.Role, t *model.Trust) (dead []deadStatement, live bool) {
	for i := range t.Doc.Statements {
		st := &t.Doc.Statements[i]
		if st.Effect != policy.Allow {
			continue
		}
		providers := statementProviders(st)
		if len(providers) == 0 {
			continue
		}
		if len(providers) != 1 {
			live = true
			continue
		}
		d, ok := w.deadSubject(role, st, i, providers[0])
		if !ok {
			live = true
			continue
		}
		dead = append(dead, d)
	}
	return dead, live
}

// deadSubject checks one single-provider statement.
func (w *analyzer) deadSubject(role *model.Role, st *policy.Statement, i int, p identity.Provider) (deadStatement, bool) {
	if p.Kind == identity.KindGitHub && w.customSubjects() {
		return deadStatement{}, false // the plan customises GitHub subjects
	}
	shapes, note := identity.SubjectShapes(p.Kind)
	if shapes == nil {
		return deadStatement{}, false
	}
	for _, c := range st.Conditions {
		if !c.OperatorValid || c.Operator.Negated() || !names.Equal(c.Key, p.KeyPrefix+":sub") {
			continue
		}
		if c.Operator.Base != condition.StringEquals && c.Operator.Base != condition.StringLike {
			continue
		}
		var values []string
		possible := false
		for _, v := range c.Values {
			if strings.Contains(v.Raw, "${") && !strings.Contains(v.Raw, "${*}") && !strings.Contains(v.Raw, "${?}") {
				possible = true // a policy variable: its value is the request's
				break
			}
			if subjectPattern(c.Operator.Base, v.Raw).MatchesSome(shapes...) {
				possible = true
				break
			}
			values = append(values, v.Raw)
		}
		if possible || len(values) == 0 {
			continue
		}
		d := deadStatement{index: i, note: "subject shapes assume " + note}
		d.msg = fmt.Sprintf("%s %s of %s requires %s to be %s, which no token from %s can carry: %s",
			st.Label(), c.OperatorName, role.Address(), c.Key, quoteList(values), p.KeyPrefix, shapeWords(p.Kind))
		for _, v := range values {
			if n := nearestSubject(c.Operator.Base, v, shapes); n != "" {
				d.nearest = n
				break
			}
		}
		if d.nearest != "" {
			d.fix = fmt.Sprintf("write the subject in the issuer's form, e.g. %q", d.nearest)
		} else {
			d.fix = "write the subject in the issuer's form: " + shapeWords(p.Kind)
		}
		return d, true
	}
	return deadStatement{}, false
}

// subjectPattern is a policy value as the operator reads it: StringLike
// globs, StringEquals literals.
func subjectPattern(base condition.Base, v string) condition.Pattern {
	if base == condition.StringEquals {
		return condition.ParseGlob(condition.EscapeGlob(v))
	}
	return condition.ParseGlob(v)
}

// nearestSubject tries the usual slips: a '/' written for a ':', upper
// case in Kubernetes names.
func nearestSubject(base condition.Base, v string, shapes []condition.Language) string {
	for i := strings.IndexByte(v, '/') + 1; i > 0 && i < len(v); i++ {
		if v[i] == '/' {
			try := v[:i] + ":" + v[i+1:]
			if subjectPattern(base, try).MatchesSome(shapes...) {
				return try
			}
		}
	}
	if lower := strings.ToLower(v); lower != v && subjectPattern(base, lower).MatchesSome(shapes...) {
		return lower
	}
	return ""
}

func shapeWords(kind identity.Kind) string {
	if kind == identity.KindGitHub {
		return "GitHub's subjects are repo:OWNER/REPO:environment:NAME, repo:OWNER/REPO:pull_request, repo:OWNER/REPO:ref:refs/heads/BRANCH or repo:OWNER/REPO:ref:refs/tags/TAG"
	}
	return "service account tokens carry system:serviceaccount:NAMESPACE:NAME, in lower case"
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	if len(q) == 1 {
		return q[0]
	}
	return "one of " + strings.Join(q, ", ")
}

// customSubjects reports whether any plan linted customises GitHub's
// subject claims anywhere (then subjects take the customised form).
func (w *analyzer) customSubjects() bool {
	for _, world := range w.worlds {
		if len(world.Plan.OfType("github_actions_repository_oidc_subject_claim_customization_template")) > 0 ||
			len(world.Plan.OfType("github_actions_organization_oidc_subject_claim_customization_template")) > 0 {
			return true
		}
	}
	return false
}
