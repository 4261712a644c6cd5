package tfplan

import (
	"encoding/json"
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// configIndex is the part of the plan's "configuration" section the linter
// uses to follow values that are unknown until apply: the expressions of
// the resources it reads, module calls (to follow var.x into the caller),
// module outputs (to follow module.x.y) and provider configurations.
type configIndex struct {
	providers map[string]*tfjson.ProviderConfig
	// resources is keyed by module path (no instance keys) + "." + the
	// resource's address in its module, e.g. module.eks.aws_iam_role.irsa.
	// They are decoded on first use from raw (most are never consulted:
	// only values unknown until apply send the linter to configuration).
	resources map[string]*tfjson.ConfigResource
	raw       map[string][]byte
	// providerKeys are provider_config_key values read from raw without
	// decoding the resource (providerConfigKey).
	providerKeys map[string]string
	// plainKeys are the provider_config_key members written as plain
	// strings, probed when the resource was read: the key the resource
	// has when it decodes (ProviderExpr).
	plainKeys map[string]string
	// modules is keyed by module path ("" for the root module).
	modules map[string]*configModule
}

// configModule is one module of the configuration.
type configModule struct {
	path string
	// call is the module block in the parent (nil for the root module).
	call      *tfjson.ModuleCall
	outputs   map[string]*tfjson.ConfigOutput
	variables map[string]*tfjson.ConfigVariable
}

func (l *loader) configuration() error {
	cfg := &configIndex{resources: map[string]*tfjson.ConfigResource{}, raw: map[string][]byte{}, modules: map[string]*configModule{}}
	l.plan.cfg = cfg
	return l.s.object(func(k string) error {
		switch k {
		case "provider_config":
			if err := l.s.decode(&cfg.providers); err != nil {
				return err
			}
			for _, pc := range cfg.providers {
				l.plan.noteProviderSecrets(pc)
			}
			return nil
		case "root_module":
			return l.configModule(cfg, "", nil)
		}
		return l.s.skip()
	})
}

func (l *loader) configModule(cfg *configIndex, path string, call *tfjson.ModuleCall) error {
	mod := &configModule{path: path, call: call}
	cfg.modules[path] = mod
	return l.s.object(func(k string) error {
		switch k {
		case "resources":
			return l.s.array(func() error { return l.configResource(cfg, path) })
		case "module_calls":
			return l.s.object(func(name string) error { return l.moduleCall(cfg, joinAddress(path, "module."+name)) })
		case "outputs":
			return l.s.decode(&mod.outputs)
		case "variables":
			return l.s.decode(&mod.variables)
		}
		return l.s.skip()
	})
}

func (l *loader) moduleCall(cfg *configIndex, path string) error {
	call := &tfjson.ModuleCall{}
	return l.s.object(func(k string) error {
		switch k {
		case "source":
			return l.s.decode(&call.Source)
		case "expressions":
			return l.s.decode(&call.Expressions)
		case "count_expression":
			return l.s.decode(&call.CountExpression)
		case "for_each_expression":
			return l.s.decode(&call.ForEachExpression)
		case "module":
			return l.configModule(cfg, path, call)
		}
		return l.s.skip()
	})
}

func (l *loader) configResource(cfg *configIndex, module string) error {
	raw, err := l.s.capture()
	if err != nil {
		return err
	}
	if err := l.expectObject(raw); err != nil {
		return err
	}
	var head [4]string // mode, type, address, provider_config_key
	probe(raw, []string{"mode", "type", "address", "provider_config_key"}, head[:])
	if _, ok := l.opts.wanted(head[0], head[1]); !ok {
		return nil
	}
	address := head[2]
	if address == "" {
		// Not a plain "address" string: as encoding/json reads it.
		var h struct {
			Address string `json:"address"`
		}
		if err := json.Unmarshal(raw, &h); err != nil {
			return fmt.Errorf("configuration resource at byte %d: %w", l.s.offset()-int64(len(raw)), err)
		}
		address = h.Address
	}
	if err := strictNames(raw, configResourceShape, l.s.offset()-int64(len(raw))); err != nil {
		return err
	}
	key := joinAddress(module, address)
	cfg.raw[key] = append([]byte(nil), raw...)
	if head[3] != "" {
		if cfg.plainKeys == nil {
			cfg.plainKeys = map[string]string{}
		}
		cfg.plainKeys[key] = head[3]
	}
	return nil
}

// ConfigResource returns the configuration block of a resource instance (nil when
// the plan has none for it).
func (p *Plan) ConfigResource(r *Resource) *tfjson.ConfigResource {
	if p.cfg == nil {
		return nil
	}
	key := r.configAddress()
	if cr, ok := p.cfg.resources[key]; ok {
		return cr
	}
	var cr *tfjson.ConfigResource
	if raw, ok := p.cfg.raw[key]; ok {
		cr = &tfjson.ConfigResource{}
		if err := json.Unmarshal(raw, cr); err != nil {
			cr = nil // checked for syntax when read; a shape error leaves no configuration
		}
		delete(p.cfg.raw, key)
	}
	p.cfg.resources[key] = cr
	return cr
}

// expression returns the configuration expression at a path of attribute
// names and nested-block indexes (e.g. "metadata", 0, "annotations"). When
// the path goes below an attribute that is not a nested block (an object
// built by an expression), that attribute's expression is returned: its
// references cover the whole value.
func expression(exprs map[string]*tfjson.Expression, path ...any) *tfjson.Expression {
	var cur *tfjson.Expression
	for i, step := range path {
		switch s := step.(type) {
		case string:
			if exprs == nil {
				return cur
			}
			e, ok := exprs[s]
			if !ok || e == nil || e.ExpressionData == nil {
				return nil
			}
			cur, exprs = e, nil
		case int:
			if cur == nil {
				return nil
			}
			if len(cur.NestedBlocks) == 0 {
				return cur
			}
			if s < 0 || s >= len(cur.NestedBlocks) {
				return nil
			}
			exprs = cur.NestedBlocks[s]
			if i == len(path)-1 {
				return nil // a whole block, not an expression
			}
		}
	}
	return cur
}

// ProviderExpr returns an expression of the provider configuration a
// resource uses (by provider_config_key, falling back to the provider's
// local name), or nil.
func (p *Plan) ProviderExpr(r *Resource, attr string) *tfjson.Expression {
	if p.cfg == nil {
		return nil
	}
	pc := p.providerFor(r)
	if pc == nil {
		return nil
	}
	return pc.Expressions[attr]
}

// providerFor returns the provider configuration a resource uses. The
// resource's provider_config_key counts only when the whole resource
// decodes (providerConfigKey checks its shape); when the key it would
// have and no key at all name the same configuration, as they do in
// nearly every plan (the key is the provider's local name), the shape
// does not change the answer and is not checked.
func (p *Plan) providerFor(r *Resource) *tfjson.ProviderConfig {
	if k := p.cfg.plainKeys[r.configAddress()]; k != "" {
		if pc := p.providerByKey(k, r); pc == p.providerByKey("", r) {
			return pc
		}
	}
	return p.providerByKey(p.providerConfigKey(r), r)
}

// providerByKey returns the provider configuration of a
// provider_config_key ("": none), falling back to the provider's local
// name.
func (p *Plan) providerByKey(key string, r *Resource) *tfjson.ProviderConfig {
	pc := p.cfg.providers[key]
	if pc == nil {
		// provider_config_key may be module-qualified ("module.x:aws").
		if _, after, ok := strings.Cut(key, ":"); ok {
			pc = p.cfg.providers[after]
		}
	}
	if pc == nil {
		pc = p.cfg.providers[providerLocalName(r.ProviderName)]
	}
	return pc
}

// providerLocalName turns registry.terraform.io/hashicorp/aws into aws.
func providerLocalName(source string) string {
	if i := strings.LastIndex(source, "/"); i >= 0 {
		source = source[i+1:]
	}
	return strings.TrimSuffix(source, "\"]")
}

// ProviderConfig returns the root module's configuration of a provider
// by its local name (nil when the plan has none).
func (p *Plan) ProviderConfig(local string) *tfjson.ProviderConfig {
	if p.cfg == nil {
		return nil
	}
	return p.cfg.providers[local]
}

// module returns the configuration module at a path without instance keys.
func (p *Plan) module(path string) *configModule {
	if p.cfg == nil {
		return nil
	}
	return p.cfg.modules[path]
}

// SplitAddress splits an address at dots that are outside brackets:
// module.a["x.y"].aws_iam_role.r -> [module, a["x.y"], aws_iam_role, r].
func SplitAddress(addr string) []string {
	var parts []string
	depth, start := 0, 0
	inString := false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			parts = append(parts, addr[start:i])
			start = i + 1
		}
	}
	return append(parts, addr[start:])
}
