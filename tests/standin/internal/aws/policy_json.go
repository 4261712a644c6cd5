package aws

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// The encoding below follows the real aws_iam_policy_document data source
// (internal/service/iam/policy_model.go): statement fields in this order,
// empty fields omitted, a single value written as a string, several values
// of actions, resources and principal identifiers sorted in reverse order,
// condition values kept in configuration order.

type policyDoc struct {
	Version    string             `json:",omitempty"`
	ID         string             `json:"Id,omitempty"`
	Statements []*policyStatement `json:"Statement,omitempty"`
}

type policyStatement struct {
	Sid           string          `json:",omitempty"`
	Effect        string          `json:",omitempty"`
	Actions       any             `json:"Action,omitempty"`
	NotActions    any             `json:"NotAction,omitempty"`
	Resources     any             `json:"Resource,omitempty"`
	NotResources  any             `json:"NotResource,omitempty"`
	Principals    principalSet    `json:"Principal,omitempty"`
	NotPrincipals principalSet    `json:"NotPrincipal,omitempty"`
	Conditions    conditionSet    `json:"Condition,omitempty"`
	raw           json.RawMessage // a statement taken verbatim from a source/override document
}

// MarshalJSON writes a merged-in statement verbatim, or the typed fields.
func (s *policyStatement) MarshalJSON() ([]byte, error) {
	if s.raw != nil {
		return s.raw, nil
	}
	type plain policyStatement
	return json.Marshal((*plain)(s))
}

type principal struct {
	Type        string
	Identifiers []string
}

type principalSet []principal

// MarshalJSON writes {"Type": "id"} or {"Type": ["id2","id1"]}, and "*" for
// a single "*" principal of type "*".
func (ps principalSet) MarshalJSON() ([]byte, error) {
	if len(ps) == 1 && ps[0].Type == "*" && len(ps[0].Identifiers) == 1 && ps[0].Identifiers[0] == "*" {
		return []byte(`"*"`), nil
	}
	raw := map[string][]string{}
	for _, p := range ps {
		ids := reverseSorted(p.Identifiers)
		raw[p.Type] = append(raw[p.Type], ids...)
	}
	out := map[string]any{}
	for k, v := range raw {
		out[k] = oneOrMany(v)
	}
	return json.Marshal(out)
}

type condition struct {
	Test     string
	Variable string
	Values   []string
}

type conditionSet []condition

// MarshalJSON writes {"Test": {"Variable": value-or-values}}.
func (cs conditionSet) MarshalJSON() ([]byte, error) {
	raw := map[string]map[string][]string{}
	for _, c := range cs {
		if raw[c.Test] == nil {
			raw[c.Test] = map[string][]string{}
		}
		raw[c.Test][c.Variable] = append(raw[c.Test][c.Variable], c.Values...)
	}
	out := map[string]map[string]any{}
	for test, vars := range raw {
		out[test] = map[string]any{}
		for variable, values := range vars {
			out[test][variable] = oneOrMany(values)
		}
	}
	return json.Marshal(out)
}

func oneOrMany(v []string) any {
	if len(v) == 1 {
		return v[0]
	}
	return v
}

func reverseSorted(in []string) []string {
	out := append([]string(nil), in...)
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out
}

// stringsField returns nil for no values, the value for one, the values in
// reverse order for several, with "&{" policy-variable escapes turned into
// "${" when replaceVars is set.
func stringsField(values []string, replaceVars bool) any {
	if len(values) == 0 {
		return nil
	}
	out := reverseSorted(values)
	if replaceVars {
		for i, v := range out {
			out[i] = strings.ReplaceAll(v, "&{", "${")
		}
	}
	return oneOrMany(out)
}

// merge adds statements from other, replacing statements with the same Sid.
func (d *policyDoc) merge(other *policyDoc) {
	if other.ID != "" {
		d.ID = other.ID
	}
	if other.Version > d.Version {
		d.Version = other.Version
	}
	for _, st := range other.Statements {
		sid := st.sid()
		replaced := false
		if sid != "" {
			for i, existing := range d.Statements {
				if existing.sid() == sid {
					d.Statements[i], replaced = st, true
					break
				}
			}
		}
		if !replaced {
			d.Statements = append(d.Statements, st)
		}
	}
}

func (s *policyStatement) sid() string {
	if s.raw == nil {
		return s.Sid
	}
	var probe struct{ Sid string }
	_ = json.Unmarshal(s.raw, &probe)
	return probe.Sid
}

// parsePolicyDoc reads a source or override document; its statements are
// kept verbatim.
func parsePolicyDoc(text string) (*policyDoc, error) {
	var in struct {
		Version   string
		ID        string `json:"Id"`
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(text), &in); err != nil {
		return nil, err
	}
	doc := &policyDoc{Version: in.Version, ID: in.ID}
	if len(in.Statement) == 0 {
		return doc, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(in.Statement, &list); err != nil {
		list = []json.RawMessage{in.Statement} // a single statement object
	}
	for _, raw := range list {
		var probe map[string]any
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, fmt.Errorf("statement is not a JSON object: %v", err)
		}
		doc.Statements = append(doc.Statements, &policyStatement{raw: raw})
	}
	return doc, nil
}
