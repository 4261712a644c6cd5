package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// readRoleTrustConfig reads the stsguard_role_trust configuration from its
// protocol value. Null and unknown strings and bools read as their zero
// value (as types.String and types.Bool give them); an unknown list or map,
// and a null or unknown element in one, is an error (Config.Get into Go
// slices and maps refuses them too).
func readRoleTrustConfig(raw tftypes.Value) (roleTrustConfig, diag.Diagnostics) {
	var diags diag.Diagnostics
	top := readObject(raw, path.Empty(), &diags)
	cfg := roleTrustConfig{
		policy:      top.str("policy"),
		roleARN:     top.str("role_arn"),
		enforcement: top.str("enforcement"),
	}
	cfg.exclusive, _ = top.boolean("exclusive")
	for _, p := range top.objects("oidc_providers") {
		cfg.oidcProviders = append(cfg.oidcProviders, identity.OIDCProvider{URL: p.str("url"), ClientIDs: p.strs("client_ids")})
	}
	cfg.rcps = top.strs("resource_control_policies")
	for _, block := range check.Blocks {
		for i, o := range top.objects(block.Name) {
			cfg.bindings = append(cfg.bindings, bindingBlock{block: block.Name, index: i, label: o.str("label"), expect: o.str("expect"), caller: block.Caller(bindingValues{o})})
		}
	}
	return cfg, diags
}

// collectBindings validates the binding blocks and turns them into engine
// bindings, in block order, each with the path of its block for diagnostics.
func collectBindings(cfg *roleTrustConfig) ([]located, diag.Diagnostics) {
	var out []located
	var diags diag.Diagnostics
	for _, b := range cfg.bindings {
		at := path.Root(b.block).AtListIndex(b.index)
		if b.expect != "" && b.expect != check.ExpectAllow && b.expect != check.ExpectDeny {
			diags.AddAttributeError(at.AtName("expect"), "Invalid expect",
				fmt.Sprintf("expect is %q; use \"allow\" (this identity must be able to assume the role) or \"deny\" (it must not).", b.expect))
			continue
		}
		label := b.label
		if label == "" {
			label = fmt.Sprintf("%s[%d]", b.block, b.index)
		}
		out = append(out, located{binding: check.Binding{Label: label, Expect: b.expect, Caller: b.caller}, path: at})
	}
	if len(out) == 0 && !diags.HasError() {
		diags.AddError("No bindings", "stsguard_role_trust needs at least one binding block (eks_service_account, github_actions, "+
			"cognito_identity_pool, oidc, web_identity_token or aws_role) describing who must, or must not, be able to assume the role.")
	}
	return out, diags
}

// configObject reads the attributes of one object of the configuration
// (the data source's top level, a block or a nested attribute's element).
// What cannot be read is reported to diags at the attribute's path.
type configObject struct {
	attrs map[string]tftypes.Value
	at    path.Path
	diags *diag.Diagnostics
}

// readObject reads an object value; a null or unknown object has no
// attributes.
func readObject(v tftypes.Value, at path.Path, diags *diag.Diagnostics) configObject {
	o := configObject{at: at, diags: diags}
	if v.IsKnown() && !v.IsNull() {
		if err := v.As(&o.attrs); err != nil {
			o.failType(at, err)
		}
	}
	return o
}

// fail reports an attribute that cannot be read; why says what is wrong and
// what to do.
func (o configObject) fail(at path.Path, why string) {
	o.diags.AddAttributeError(at, "Unreadable configuration", fmt.Sprintf("stsguard_role_trust cannot read %s: %s", at, why))
}

// failType reports a value whose type does not match the schema, which
// Terraform should have refused before calling the provider.
func (o configObject) failType(at path.Path, err error) {
	o.fail(at, fmt.Sprintf("%v. This is a provider bug; please report it.", err))
}

// value returns an attribute's value. A name the object does not have is a
// provider bug (the names here must match the schema), reported at once.
func (o configObject) value(name string) tftypes.Value {
	v, ok := o.attrs[name]
	if !ok && o.attrs != nil {
		o.fail(o.at.AtName(name), "the schema has no such attribute. This is a provider bug; please report it.")
	}
	return v
}

// str returns a string attribute; "" when it is null or unknown.
func (o configObject) str(name string) string {
	v := o.value(name)
	var s string
	if v.IsKnown() && !v.IsNull() {
		if err := v.As(&s); err != nil {
			o.failType(o.at.AtName(name), err)
		}
	}
	return s
}

// boolean returns a bool attribute (false when null or unknown) and
// whether it is null (not set).
func (o configObject) boolean(name string) (value, null bool) {
	v := o.value(name)
	if v.IsNull() {
		return false, true
	}
	if v.IsKnown() {
		if err := v.As(&value); err != nil {
			o.failType(o.at.AtName(name), err)
		}
	}
	return value, false
}

// elements reads a collection attribute into dst (a *[]tftypes.Value or a
// *map[string]tftypes.Value). It returns false when
// there is nothing to read: the attribute is null, or it is unknown or
// unreadable, which is reported.
func (o configObject) elements(name string, dst any) bool {
	v := o.value(name)
	if v.IsNull() {
		return false
	}
	if !v.IsKnown() {
		o.fail(o.at.AtName(name), "the value is not known yet; it must be known when the data source is read.")
		return false
	}
	if err := v.As(dst); err != nil {
		o.failType(o.at.AtName(name), err)
		return false
	}
	return true
}

// objects returns the elements of a list of objects (a list block or a
// list nested attribute); none when it is null.
func (o configObject) objects(name string) []configObject {
	var elems []tftypes.Value
	if !o.elements(name, &elems) {
		return nil
	}
	out := make([]configObject, len(elems))
	for i, e := range elems {
		out[i] = readObject(e, o.at.AtName(name).AtListIndex(i), o.diags)
	}
	return out
}

// strs returns a list of strings attribute; nil when it is null.
func (o configObject) strs(name string) []string {
	var elems []tftypes.Value
	if !o.elements(name, &elems) {
		return nil
	}
	out := make([]string, len(elems))
	for i, e := range elems {
		out[i] = o.element(e, o.at.AtName(name).AtListIndex(i))
	}
	return out
}

// strMap returns a map of strings attribute; nil when it is null.
func (o configObject) strMap(name string) map[string]string {
	var elems map[string]tftypes.Value
	if !o.elements(name, &elems) {
		return nil
	}
	out := make(map[string]string, len(elems))
	for k, e := range elems {
		out[k] = o.element(e, o.at.AtName(name).AtMapKey(k))
	}
	return out
}

// element reads one string element of a collection, which must be known
// and not null.
func (o configObject) element(v tftypes.Value, at path.Path) string {
	var s string
	switch {
	case v.IsNull():
		o.fail(at, "the element is null; remove it or give it a value.")
	case !v.IsKnown():
		o.fail(at, "the element is not known yet; it must be known when the data source is read.")
	default:
		if err := v.As(&s); err != nil {
			o.failType(at, err)
		}
	}
	return s
}

// bindingValues reads a binding block's arguments for check.Blocks.
type bindingValues struct{ o configObject }

func (v bindingValues) String(name string) string { return v.o.str(name) }

func (v bindingValues) Bool(name string) (value, set bool) {
	value, null := v.o.boolean(name)
	return value, !null
}

func (v bindingValues) Strings(name string) []string { return v.o.strs(name) }

func (v bindingValues) StringMap(name string) map[string]string { return v.o.strMap(name) }
