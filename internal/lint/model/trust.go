package model

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// Trust is a role's trust policy on one side of the plan.
type Trust struct {
	// Text is the policy JSON: the planned value, or the document rebuilt
	// from an aws_iam_policy_document data source when the planned value
	// is unknown until apply.
	Text string
	// Doc is the parsed document (nil when Text is not a policy or the
	// trust could not be determined).
	Doc      *policy.Document
	Problems []policy.Problem
	// SyntaxErr is set when Text is not a readable policy.
	SyntaxErr error
	// From says where the text came from, e.g. "aws_iam_role.app
	// assume_role_policy" or "data.aws_iam_policy_document.trust".
	From string
	// Rebuilt is true when the text was rebuilt from configuration.
	Rebuilt bool
	// WrongType is true when the plan holds a known assume_role_policy
	// that is not a string (null, an object, a number): Terraform writes
	// a trust as a JSON string, or marks it in after_unknown, so the plan
	// was not written by Terraform; SyntaxErr says what it holds.
	WrongType bool
	// Notes record inferences made while rebuilding.
	Notes []string
	// Unresolved lists the parts known only after apply that could not be
	// followed; decisions that depend on them are not conclusive.
	Unresolved []string
}

// Known reports whether the trust can be evaluated.
func (t *Trust) Known() bool { return t != nil && t.Doc != nil }

// Conclusive reports whether refusals by this trust can be trusted: it was
// read or rebuilt completely.
func (t *Trust) Conclusive() bool { return t.Known() && len(t.Unresolved) == 0 }

// trustValue returns a role resource's assume_role_policy on one side
// when the plan knows it.
func trustValue(r *tfplan.Resource, s tfplan.Side) (any, bool) {
	v, ok := tfplan.Get(r.Values(s), "assume_role_policy")
	return v, ok && !r.UnknownAt(s, "assume_role_policy")
}

// trust returns a role's trust on one side.
func (w *World) trust(role *Role, s tfplan.Side) *Trust {
	r := role.Res
	if v, ok := trustValue(r, s); ok {
		if text, isString := v.(string); isString {
			return w.parseTrust(text, r.Address+" assume_role_policy")
		}
		return &Trust{From: r.Address + " assume_role_policy", WrongType: true,
			SyntaxErr: fmt.Errorf("assume_role_policy is %s in the plan, not a string holding a policy document, and after_unknown does not mark it unknown; Terraform writes a trust as a JSON string, so the plan was changed after `terraform show -json` wrote it", jsonKind(v))}
	}
	if s == tfplan.Before {
		return &Trust{From: r.Address, Unresolved: []string{r.Address + " has no assume_role_policy in the prior state"}}
	}
	return w.rebuildTrust(role)
}

// parseTrust parses a trust policy text, sharing the result between
// identical texts (before and after are often the same).
func (w *World) parseTrust(text, from string) *Trust {
	if w.trustCache == nil {
		w.trustCache = map[string]*Trust{}
	}
	t, ok := w.trustCache[text]
	if !ok {
		t = parsedTrust(text)
		w.trustCache[text] = t
	}
	c := *t
	c.From = from
	return &c
}

// parsedTrust parses a trust policy text (the cache's entry: no origin).
func parsedTrust(text string) *Trust {
	t := &Trust{Text: text}
	t.Doc, t.Problems, t.SyntaxErr = policy.Parse([]byte(text))
	return t
}

// rebuildTrust determines an after-side trust that is unknown until apply
// by following the role's assume_role_policy expression.
func (w *World) rebuildTrust(role *Role) *Trust {
	r := role.Res
	v := w.Plan.Follow(r, "assume_role_policy")
	if ref, ok := v.RefTo("", "data.aws_iam_policy_document"); ok {
		return w.policyDocumentTrust(ref.Resource)
	}
	if ref, ok := v.RefTo("assume_role_policy", "aws_iam_role", "data.aws_iam_role"); ok && ref.Resource != r {
		if other := w.ByRole[ref.Resource]; other != nil && other.Trust[tfplan.After] != nil {
			return other.Trust[tfplan.After]
		}
	}
	if len(v.Consts) == 1 && len(v.Refs) == 0 && len(v.Unresolved) == 0 {
		t := w.parseTrust(v.Consts[0], r.Address+" assume_role_policy (from a variable)")
		return t
	}
	if t := w.rebuildFromBefore(role, v); t != nil {
		return t
	}
	from := DescribeSources(v)
	return &Trust{From: r.Address + " assume_role_policy", Unresolved: []string{
		fmt.Sprintf("the trust of %s is known only after apply and is built by an expression from %s, which the linter cannot rebuild (use a data.aws_iam_policy_document, or values known at plan time)", r.Address, from),
	}}
}

// rebuildFromBefore handles a trust built by an expression such as
// jsonencode({...}) that is unknown only because a value it refers to
// changes (a replaced identity pool, a new provider): the prior trust with
// each referenced value's old text replaced by its new value (or
// stand-in). It assumes the expression itself did not change, so refusals
// based on it are reported as unresolved, never as errors.
func (w *World) rebuildFromBefore(role *Role, v tfplan.Value) *Trust {
	prior := role.Trust[tfplan.Before]
	if !prior.Known() || len(v.Refs) == 0 || len(v.Unresolved) > 0 {
		return nil
	}
	text := prior.Text
	var changes []string
	for _, ref := range v.Refs {
		steps := tfplan.AttrSteps(strings.Split(ref.Attr, "."))
		old, ok := ref.Resource.StringAt(tfplan.Before, steps...)
		if !ok || old == "" || ref.Attr == "" {
			continue
		}
		vals, missing := w.Substitute(tfplan.Value{Refs: []tfplan.Ref{ref}}, tfplan.After)
		if len(vals) != 1 || len(missing) > 0 {
			return nil
		}
		if !strings.Contains(text, old) {
			return nil
		}
		if vals[0] != old {
			text = strings.ReplaceAll(text, old, vals[0])
			changes = append(changes, fmt.Sprintf("%s: %q -> %q", ref.String(), old, vals[0]))
		}
	}
	t := w.parseTrust(text, role.Address()+" assume_role_policy")
	t.Rebuilt = true
	note := fmt.Sprintf("the trust of %s is known only after apply; taken as its prior text with the values it refers to updated (%s), assuming the expression that builds it did not change",
		role.Address(), strings.Join(changes, "; "))
	t.Notes = []string{note}
	t.Unresolved = []string{note}
	return t
}

// DescribeSources lists what an unknown value is built from.
func DescribeSources(v tfplan.Value) string {
	var parts []string
	for _, ref := range v.Refs {
		parts = append(parts, ref.String())
	}
	parts = append(parts, v.Unresolved...)
	if len(parts) == 0 {
		return "values known only after apply"
	}
	if len(parts) > 4 {
		parts = append(parts[:4], fmt.Sprintf("%d more", len(parts)-4))
	}
	return strings.Join(parts, ", ")
}

// FederatedPrincipals lists the Federated principal values of the Allow
// statements of a document.
func FederatedPrincipals(doc *policy.Document) []string {
	var out []string
	seen := map[string]bool{}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Effect != policy.Allow {
			continue
		}
		for _, v := range evaluate.PrincipalValues(st.Principal, "Federated") {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// TrustsWebIdentity reports whether a trust has a Federated principal or
// trusts EKS Pod Identity.
func TrustsWebIdentity(t *Trust) bool {
	if !t.Known() {
		return false
	}
	for i := range t.Doc.Statements {
		p := t.Doc.Statements[i].Principal
		if p == nil {
			continue
		}
		if _, ok := p.Values["Federated"]; ok {
			return true // principal type names are case-sensitive, as evaluate.PrincipalValues reads them
		}
		for _, v := range evaluate.PrincipalValues(p, "Service") {
			if v == identity.EKSPodIdentityService {
				return true
			}
		}
	}
	return false
}

// jsonKind names the JSON type of a decoded value for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "JSON null"
	case map[string]any:
		return "a JSON object"
	case []any:
		return "a JSON array"
	case float64:
		return "a JSON number"
	case bool:
		return "a JSON boolean"
	}
	return fmt.Sprintf("%T", v)
}
