package tfplan

import "encoding/json"

// This file reads a configuration resource's provider_config_key without
// decoding its expressions (ProviderExpr asks for it for every Kubernetes
// and GitHub resource the callers read). A resource whose full decoding
// (tfjson.ConfigResource, ConfigResource) would fail has no key, as
// before: the shapes below fail exactly where tfjson's do.

// keyShape is tfjson.ConfigResource with every field that can make its
// decoding fail, and expressions checked for shape only.
type keyShape struct {
	Address           string                `json:"address"`
	Mode              string                `json:"mode"`
	Type              string                `json:"type"`
	Name              string                `json:"name"`
	ProviderConfigKey string                `json:"provider_config_key"`
	Provisioners      []*provShape          `json:"provisioners"`
	Expressions       map[string]*exprShape `json:"expressions"`
	SchemaVersion     uint64                `json:"schema_version"`
	CountExpression   *exprShape            `json:"count_expression"`
	ForEachExpression *exprShape            `json:"for_each_expression"`
	DependsOn         []string              `json:"depends_on"`
}

// provShape is tfjson.ConfigProvisioner's shape.
type provShape struct {
	Type        string                `json:"type"`
	Expressions map[string]*exprShape `json:"expressions"`
}

// exprShape fails to decode exactly where tfjson.Expression does: an
// array must be a list of objects (or nulls) of expressions (nested
// blocks); anything else must decode as tfjson.ExpressionData, whose only
// field that can fail is references (constant_value is any).
type exprShape struct{}

// UnmarshalJSON implements json.Unmarshaler.
func (*exprShape) UnmarshalJSON(b []byte) error {
	var blocks []map[string]*exprShape
	if err := json.Unmarshal(b, &blocks); err == nil {
		return nil
	} else if _, isType := err.(*json.UnmarshalTypeError); !isType {
		return err // a nested expression of the wrong shape
	}
	var data struct {
		References []string `json:"references"`
	}
	return json.Unmarshal(b, &data)
}

// providerConfigKey returns the provider_config_key of a configuration
// resource ("" when the plan has none for it or it does not decode).
func (p *Plan) providerConfigKey(r *Resource) string {
	if p.cfg == nil {
		return ""
	}
	key := r.configAddress()
	if cr, ok := p.cfg.resources[key]; ok {
		if cr == nil {
			return ""
		}
		return cr.ProviderConfigKey
	}
	if k, ok := p.cfg.providerKeys[key]; ok {
		return k
	}
	raw, ok := p.cfg.raw[key]
	if !ok {
		return ""
	}
	var s keyShape
	if err := json.Unmarshal(raw, &s); err != nil {
		s.ProviderConfigKey = "" // as ConfigResource: no configuration
	}
	if p.cfg.providerKeys == nil {
		p.cfg.providerKeys = map[string]string{}
	}
	p.cfg.providerKeys[key] = s.ProviderConfigKey
	return s.ProviderConfigKey
}
