package tfplan

import (
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Side is one end of the plan: the prior state or the planned state.
type Side int

// Sides.
const (
	Before Side = iota
	After
)

// String names the side for messages.
func (s Side) String() string {
	if s == Before {
		return "before"
	}
	return "after"
}

// Plan is the part of a saved plan the linter needs: the resources and data
// sources of the types it understands (both sides of each change, with the
// unknown and sensitive masks) and the configuration that explains values
// unknown until apply.
type Plan struct {
	// Source is the file name the plan was read from ("-" for stdin).
	Source string
	// FormatVersion and TerraformVersion as written in the plan.
	FormatVersion, TerraformVersion string
	// Resources in plan order: resource_changes first, then data sources
	// and resources found only in prior_state.
	Resources []*Resource
	// Complete is the plan's "complete" flag (nil before Terraform 1.8).
	Complete *bool

	byAddress map[string]*Resource
	byConfig  map[string][]*Resource // key: configAddress (module path without keys)
	byType    map[string][]*Resource // key: typeKey(mode, type)
	cfg       *configIndex
	variables map[string]any
	sensitive map[string]bool
	// sensitiveVars are the root variables declared sensitive.
	sensitiveVars map[string]bool
}

// Resource is one resource or data source instance.
type Resource struct {
	// Address is the absolute instance address, e.g.
	// module.eks.aws_iam_role.irsa["app"].
	Address string
	// PreviousAddress is set when the instance moved (moved blocks).
	PreviousAddress string
	// Module is the module instance address ("" for the root module).
	Module string
	// Mode is "managed" or "data"; Type and Name as in configuration.
	Mode, Type, Name string
	// Index is the count or for_each key (nil when neither is used).
	Index any
	// Actions are the planned actions (no-op, create, read, update,
	// delete); empty for instances found only in prior_state.
	Actions tfjson.Actions
	// Before and After are the attribute values on each side; nil when
	// the instance does not exist on that side.
	Before, After map[string]any
	// AfterUnknown marks values known only after apply.
	AfterUnknown map[string]any
	// BeforeSensitive and AfterSensitive mark sensitive values.
	BeforeSensitive, AfterSensitive any
	// FromState is true for instances found only in prior_state (data
	// sources read during planning, resources with no change entry).
	FromState bool
	// ProviderName is the provider's source address.
	ProviderName string
}

// Values returns the attribute values on one side (nil when absent).
func (r *Resource) Values(s Side) map[string]any {
	if s == Before {
		return r.Before
	}
	return r.After
}

// Exists reports whether the instance exists on that side of the plan.
func (r *Resource) Exists(s Side) bool { return r.Values(s) != nil }

// Deleted reports whether the plan destroys the instance (and does not
// create it again).
func (r *Resource) Deleted() bool { return r.Actions.Delete() }

// Replaced reports whether the plan destroys and re-creates the instance.
func (r *Resource) Replaced() bool { return r.Actions.Replace() }

// Created reports whether the plan creates the instance.
func (r *Resource) Created() bool { return r.Actions.Create() }

// IsData reports whether the instance is a data source.
func (r *Resource) IsData() bool { return r.Mode == string(tfjson.DataResourceMode) }

// configAddress is the address of the resource's configuration block:
// the module path without instance keys, then type.name (data.type.name).
func (r *Resource) configAddress() string {
	return joinAddress(StripKeys(r.Module), r.localName())
}

// localName is type.name or data.type.name.
func (r *Resource) localName() string {
	if r.IsData() {
		return "data." + r.Type + "." + r.Name
	}
	return r.Type + "." + r.Name
}

func joinAddress(module, local string) string {
	if module == "" {
		return local
	}
	return module + "." + local
}

// StripKeys removes instance keys from an address:
// module.a["x"].module.b[0] -> module.a.module.b.
func StripKeys(addr string) string {
	if !strings.Contains(addr, "[") {
		return addr
	}
	parts := SplitAddress(addr)
	for i, p := range parts {
		if j := strings.IndexByte(p, '['); j >= 0 {
			parts[i] = p[:j]
		}
	}
	return strings.Join(parts, ".")
}

func typeKey(mode, typ string) string {
	if mode == string(tfjson.DataResourceMode) {
		return "data." + typ
	}
	return typ
}

// OfType returns the instances of a managed resource type ("aws_iam_role")
// or data source type ("data.aws_iam_policy_document"), in plan order.
func (p *Plan) OfType(key string) []*Resource { return p.byType[key] }

// Lookup returns the instance with that absolute address.
func (p *Plan) Lookup(address string) *Resource { return p.byAddress[address] }

// add indexes a resource; a later entry for the same address (prior_state
// after resource_changes) is ignored.
func (p *Plan) add(r *Resource) {
	if p.byAddress == nil {
		p.byAddress = map[string]*Resource{}
		p.byConfig = map[string][]*Resource{}
		p.byType = map[string][]*Resource{}
	}
	if _, dup := p.byAddress[r.Address]; dup {
		return
	}
	p.Resources = append(p.Resources, r)
	p.byAddress[r.Address] = r
	ca := r.configAddress()
	p.byConfig[ca] = append(p.byConfig[ca], r)
	k := typeKey(r.Mode, r.Type)
	p.byType[k] = append(p.byType[k], r)
}
