package model

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// policyDocumentTrust returns the document an aws_iam_policy_document data
// source produces after apply: its planned json when known, else the
// document rebuilt from its planned statement blocks, with the parts known
// only after apply taken from the configuration's references (provider
// ARNs and URLs, role ARNs, identity pool ids). Condition variables built
// from a provider URL keep only their references in the plan, so the
// claim (:sub, :aud, :amr) is inferred from the values and noted.
func (w *World) policyDocumentTrust(d *tfplan.Resource) *Trust {
	if t, ok := w.docCache[d]; ok {
		return t
	}
	t := w.buildPolicyDocument(d)
	if w.docCache == nil {
		w.docCache = map[*tfplan.Resource]*Trust{}
	}
	w.docCache[d] = t
	return t
}

func (w *World) buildPolicyDocument(d *tfplan.Resource) *Trust {
	for _, attr := range []string{"json", "minified_json"} {
		if text, ok := d.StringAt(tfplan.After, attr); ok && !d.UnknownAt(tfplan.After, attr) {
			return w.parseTrust(text, d.Address)
		}
	}
	b := docBuilder{w: w, d: d}
	if d.UnknownAt(tfplan.After, "statement") {
		b.unresolved("the statement blocks of %s are known only after apply (dynamic blocks or for_each over unknown values)", d.Address)
	}
	for _, attr := range []string{"source_policy_documents", "override_policy_documents"} {
		if d.UnknownAt(tfplan.After, attr) || len(d.StringsAt(tfplan.After, attr)) > 0 {
			b.unresolved("%s of %s is not rebuilt by the linter", attr, d.Address)
		}
	}
	doc := docJSON{Version: "2012-10-17"}
	if v, ok := d.StringAt(tfplan.After, "version"); ok && v != "" {
		doc.Version = v
	}
	for i, st := range d.ObjectsAt(tfplan.After, "statement") {
		doc.Statement = append(doc.Statement, b.statement(i, st))
	}
	text, err := json.Marshal(doc)
	if err != nil {
		b.unresolved("cannot encode the rebuilt document: %v", err)
	}
	t := w.parseTrust(string(text), d.Address)
	t.Rebuilt = true
	t.From = d.Address + " (rebuilt from its configuration: the document is known only after apply)"
	t.Notes = b.notes
	t.Unresolved = b.missing
	return t
}

// docJSON is the IAM policy JSON the data source writes.
type docJSON struct {
	Version   string          `json:"Version"`
	Statement []statementJSON `json:"Statement"`
}

type statementJSON struct {
	Sid          string                         `json:"Sid,omitempty"`
	Effect       string                         `json:"Effect"`
	Principal    any                            `json:"Principal,omitempty"`
	NotPrincipal any                            `json:"NotPrincipal,omitempty"`
	Action       []string                       `json:"Action,omitempty"`
	NotAction    []string                       `json:"NotAction,omitempty"`
	Resource     []string                       `json:"Resource,omitempty"`
	NotResource  []string                       `json:"NotResource,omitempty"`
	Condition    map[string]map[string][]string `json:"Condition,omitempty"`
}

type docBuilder struct {
	w       *World
	d       *tfplan.Resource
	notes   []string
	missing []string
	// stmtProvider is the provider the current statement's Federated
	// principal was taken to be when the plan shows no expression for it.
	stmtProvider *OIDCProvider
	// inputs caches moduleProvider.
	inputs       *OIDCProvider
	inputsLooked bool
}

// moduleProvider returns the one OIDC provider the arguments of the
// data source's module call refer to (directly, or through the cluster
// whose issuer it registers), nil when none or several. Modules such as
// terraform-aws-modules' IRSA roles build the statement from a map input
// with dynamic blocks, whose expressions the plan does not record: what
// the module was given is all the plan shows.
func (b *docBuilder) moduleProvider() *OIDCProvider {
	if b.inputsLooked {
		return b.inputs
	}
	b.inputsLooked = true
	in := b.w.Plan.ModuleInputs(b.d)
	found := map[*OIDCProvider]bool{}
	for _, ref := range in.Refs {
		if op := b.w.byProv[ref.Resource]; op != nil {
			found[op] = true
		}
		if c := b.w.Clusters[ref.Resource]; c != nil {
			for _, op := range b.w.Providers {
				if op.Res.Exists(tfplan.After) && op.URL[tfplan.After] == c.Issuer[tfplan.After] {
					found[op] = true
				}
			}
		}
	}
	if len(found) == 1 {
		for op := range found {
			b.inputs = op
		}
	}
	return b.inputs
}

// noExpression reports whether the plan records no configuration
// expression at path (a dynamic block's content).
func (b *docBuilder) noExpression(path ...any) bool {
	v := b.w.Plan.Follow(b.d, path...)
	return len(v.Refs) == 0 && len(v.Consts) == 0 && len(v.Unresolved) == 1 && strings.HasSuffix(v.Unresolved[0], "(no expression in the configuration)")
}

func (b *docBuilder) unresolved(format string, args ...any) {
	b.missing = append(b.missing, fmt.Sprintf(format, args...))
}

func (b *docBuilder) statement(i int, st map[string]any) statementJSON {
	b.stmtProvider = nil
	out := statementJSON{Effect: "Allow"}
	if s, ok := st["sid"].(string); ok {
		out.Sid = s
	}
	if s, ok := st["effect"].(string); ok && s != "" {
		out.Effect = s
	} else if b.d.UnknownAt(tfplan.After, "statement", i, "effect") {
		b.unresolved("statement[%d].effect of %s is known only after apply", i, b.d.Address)
	}
	out.Action = b.list("statement", i, "actions")
	out.NotAction = b.list("statement", i, "not_actions")
	out.Resource = b.list("statement", i, "resources")
	out.NotResource = b.list("statement", i, "not_resources")
	out.Principal = b.principals(i, "principals")
	out.NotPrincipal = b.principals(i, "not_principals")
	conds, _ := st["condition"].([]any)
	for k := range conds {
		b.condition(&out, i, k)
	}
	return out
}

func (b *docBuilder) principals(i int, block string) any {
	blocks, _ := tfplan.Get(b.d.After, "statement", i, block)
	list, _ := blocks.([]any)
	if len(list) == 0 {
		return nil
	}
	out := map[string][]string{}
	for j := range list {
		typ := b.scalar("statement", i, block, j, "type")
		before := len(b.missing)
		ids := b.list("statement", i, block, j, "identifiers")
		if len(b.missing) > before && typ == "Federated" && block == "principals" && b.noExpression("statement", i, block, j, "identifiers") {
			if op := b.moduleProvider(); op != nil {
				b.missing = b.missing[:before]
				ids = append(ids, op.ARN[tfplan.After])
				b.stmtProvider = op
				b.notes = append(b.notes, fmt.Sprintf("%s statement[%d] trusts a Federated principal known only after apply, built inside the module from its inputs: taken as %s, the one OIDC provider the module's arguments refer to", b.d.Address, i, op.Res.Address))
			}
		}
		if typ == "*" {
			return "*"
		}
		if typ == "" {
			continue
		}
		out[typ] = append(out[typ], ids...)
	}
	return out
}

func (b *docBuilder) condition(out *statementJSON, i, k int) {
	test := b.scalar("statement", i, "condition", k, "test")
	values := b.list("statement", i, "condition", k, "values")
	variable, ok := b.d.StringAt(tfplan.After, "statement", i, "condition", k, "variable")
	if !ok || b.d.UnknownAt(tfplan.After, "statement", i, "condition", k, "variable") {
		variable = b.inferVariable(i, k, values)
	}
	if test == "" || variable == "" {
		return
	}
	if out.Condition == nil {
		out.Condition = map[string]map[string][]string{}
	}
	if out.Condition[test] == nil {
		out.Condition[test] = map[string][]string{}
	}
	out.Condition[test][variable] = append(out.Condition[test][variable], values...)
}

// inferVariable rebuilds a condition key whose text is known only after
// apply: the prefix from the provider or cluster it refers to, the claim
// from the values.
func (b *docBuilder) inferVariable(i, k int, values []string) string {
	where := fmt.Sprintf("%s statement[%d].condition[%d].variable", b.d.Address, i, k)
	v := b.w.Plan.Follow(b.d, "statement", i, "condition", k, "variable")
	prefix := b.w.prefixOf(v, tfplan.After)
	if prefix == "" && b.stmtProvider != nil && b.noExpression("statement", i, "condition", k, "variable") {
		// The module builds the key from the same provider as the
		// principal (terraform-aws-modules IRSA: the ARN minus
		// "arn:...:oidc-provider/"); the plan records neither.
		prefix = b.stmtProvider.URL[tfplan.After]
		v = tfplan.Value{Refs: []tfplan.Ref{{Resource: b.stmtProvider.Res, Attr: "url"}}}
	}
	if prefix == "" {
		b.unresolved("%s is known only after apply and built from %s, which names no OIDC provider or cluster the linter can follow", where, DescribeSources(v))
		return ""
	}
	claim := InferClaim(values)
	if claim == "" {
		b.unresolved("%s is known only after apply; its provider is %s but the claim cannot be inferred from values %q", where, prefix, values)
		return ""
	}
	b.notes = append(b.notes, fmt.Sprintf("%s is known only after apply: taken as %q (prefix from %s, claim :%s inferred from the values)", where, prefix+":"+claim, DescribeSources(v), claim))
	return prefix + ":" + claim
}

// prefixOf returns the condition-key prefix (provider URL without scheme)
// that a value refers to: an OIDC provider's url or arn, or a cluster's
// issuer; constants reached through variables count too.
func (w *World) prefixOf(v tfplan.Value, s tfplan.Side) string {
	for _, ref := range v.Refs {
		if op := w.byProv[ref.Resource]; op != nil && op.Res.Exists(s) {
			return op.URL[s]
		}
	}
	for _, ref := range v.Refs {
		if c := w.Clusters[ref.Resource]; c != nil && c.Res.Exists(s) {
			return c.Issuer[s]
		}
	}
	for _, c := range v.Consts {
		if pp, ok := identity.ParseFederatedPrincipal(c); ok {
			return pp.Provider.KeyPrefix
		}
		if strings.HasPrefix(c, "https://") {
			return identity.StripScheme(c)
		}
	}
	return ""
}

var (
	cognitoPoolID = regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-\d:[0-9a-f-]{36}$`)
	amrValues     = map[string]bool{"authenticated": true, "unauthenticated": true}
)

// InferClaim guesses the claim a condition tests from its values.
func InferClaim(values []string) string {
	if len(values) == 0 {
		return ""
	}
	all := func(pred func(string) bool) bool {
		for _, v := range values {
			if !pred(v) {
				return false
			}
		}
		return true
	}
	switch {
	case all(func(v string) bool { return strings.HasPrefix(v, "system:serviceaccount:") }),
		all(func(v string) bool { return strings.HasPrefix(v, "repo:") }),
		all(func(v string) bool { return strings.HasPrefix(v, "project_path:") }):
		return "sub"
	case all(func(v string) bool {
		return v == identity.DefaultAudience || strings.HasPrefix(v, "https://") || cognitoPoolID.MatchString(v)
	}):
		return "aud"
	case all(func(v string) bool { return amrValues[v] || strings.Contains(v, ".") && !strings.Contains(v, ":") }):
		return "amr"
	}
	return ""
}

// scalar returns a string field of the data source's after value,
// following the configuration when it is unknown.
func (b *docBuilder) scalar(path ...any) string {
	if s, ok := b.d.StringAt(tfplan.After, path...); ok && !b.d.UnknownAt(tfplan.After, path...) {
		return s
	}
	if !b.d.UnknownAt(tfplan.After, path...) {
		return ""
	}
	v := b.w.Plan.Follow(b.d, path...)
	vals, missing := b.w.Substitute(v, tfplan.After)
	if len(vals) == 1 && len(missing) == 0 {
		return vals[0]
	}
	b.unresolved("%s.%s is known only after apply (from %s)", b.d.Address, tfplan.PathString(path), DescribeSources(v))
	return ""
}

// list returns a string list field, with elements known only after apply
// replaced by what their references stand for.
func (b *docBuilder) list(path ...any) []string {
	out := b.d.StringsAt(tfplan.After, path...)
	unknown := b.d.UnknownAt(tfplan.After, path...)
	if !unknown {
		mask, _ := tfplan.Get(b.d.AfterUnknown, path...)
		if l, ok := mask.([]any); ok {
			for _, m := range l {
				if m == true {
					unknown = true
				}
			}
		}
	}
	if !unknown {
		return out
	}
	v := b.w.Plan.Follow(b.d, path...)
	vals, missing := b.w.Substitute(v, tfplan.After)
	for _, m := range missing {
		b.unresolved("%s.%s is known only after apply (from %s)", b.d.Address, tfplan.PathString(path), m)
	}
	seen := map[string]bool{}
	for _, s := range out {
		seen[s] = true
	}
	for _, s := range vals {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Substitute turns the references of an unknown value into the strings
// they stand for on a side: provider ARNs and URLs, role ARNs, identity
// pool ids, known attributes of other resources and constants.
func (w *World) Substitute(v tfplan.Value, s tfplan.Side) (vals, missing []string) {
	vals = append(vals, v.Consts...)
	for _, ref := range v.Refs {
		r := ref.Resource
		switch {
		case w.byProv[r] != nil && ref.Attr == "arn":
			vals = append(vals, w.byProv[r].ARN[s])
		case w.byProv[r] != nil && ref.Attr == "url":
			vals = append(vals, w.byProv[r].URL[s])
		case w.ByRole[r] != nil && ref.Attr == "arn":
			vals = append(vals, w.ByRole[r].ARN[s])
		case w.pools[r] != nil && ref.Attr == "id":
			vals = append(vals, w.pools[r].ID[s])
		case w.Clusters[r] != nil && ref.Attr == "identity.oidc.issuer":
			vals = append(vals, identity.IssuerForHost(w.Clusters[r].Issuer[s]))
		case r.Type == "github_repository" && ref.Attr == "full_name" && r.UnknownAt(s, "full_name"):
			if fn, ok := w.githubFullName(r, s); ok {
				vals = append(vals, fn)
			} else {
				missing = append(missing, ref.String())
			}
		default:
			if str, ok := r.StringAt(s, tfplan.AttrSteps(strings.Split(ref.Attr, "."))...); ok && ref.Attr != "" && !r.UnknownAt(s, tfplan.AttrSteps(strings.Split(ref.Attr, "."))...) {
				vals = append(vals, str)
			} else if !w.isFollowedFurther(ref, v) {
				missing = append(missing, ref.String())
			}
		}
	}
	missing = append(missing, v.Unresolved...)
	return vals, missing
}

// isFollowedFurther reports whether an intermediate reference (a
// variable's value that itself refers to a role) was already resolved
// through a later reference of the same value.
func (w *World) isFollowedFurther(ref tfplan.Ref, v tfplan.Value) bool {
	for _, other := range v.Refs {
		if other == ref {
			continue
		}
		r := other.Resource
		if w.byProv[r] != nil || w.ByRole[r] != nil || w.pools[r] != nil || w.Clusters[r] != nil {
			return true
		}
	}
	return false
}
