package standin

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Shorthands for the resource schema attributes the stand-ins use most.

// ReqString is a required string attribute.
func ReqString() schema.StringAttribute { return schema.StringAttribute{Required: true} }

// OptString is an optional string attribute.
func OptString() schema.StringAttribute { return schema.StringAttribute{Optional: true} }

// OptCompString is an optional string the provider fills when unset.
func OptCompString() schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Computed: true}
}

// CompString is a computed-only string attribute.
func CompString() schema.StringAttribute { return schema.StringAttribute{Computed: true} }

// SensitiveString is an optional sensitive string attribute.
func SensitiveString() schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Sensitive: true}
}

// StringDefault is an optional string with a default value.
func StringDefault(s string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(s)}
}

// BoolDefault is an optional bool with a default value.
func BoolDefault(b bool) schema.BoolAttribute {
	return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(b)}
}

// OptBool is an optional bool attribute.
func OptBool() schema.BoolAttribute { return schema.BoolAttribute{Optional: true} }

// ReqBool is a required bool attribute.
func ReqBool() schema.BoolAttribute { return schema.BoolAttribute{Required: true} }

// IntDefault is an optional number with a default value.
func IntDefault(n int64) schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(n)}
}

// CompInt is a computed-only number attribute.
func CompInt() schema.Int64Attribute { return schema.Int64Attribute{Computed: true} }

// OptStringSet is an optional set of strings.
func OptStringSet() schema.SetAttribute {
	return schema.SetAttribute{ElementType: types.StringType, Optional: true}
}

// ReqStringSet is a required set of strings.
func ReqStringSet() schema.SetAttribute {
	return schema.SetAttribute{ElementType: types.StringType, Required: true}
}

// OptCompStringSet is an optional set of strings the provider fills when unset.
func OptCompStringSet() schema.SetAttribute {
	return schema.SetAttribute{ElementType: types.StringType, Optional: true, Computed: true}
}

// OptStringList is an optional list of strings.
func OptStringList() schema.ListAttribute {
	return schema.ListAttribute{ElementType: types.StringType, Optional: true}
}

// OptCompStringList is an optional list of strings the provider fills when unset.
func OptCompStringList() schema.ListAttribute {
	return schema.ListAttribute{ElementType: types.StringType, Optional: true, Computed: true}
}

// OptStringMap is an optional map of strings.
func OptStringMap() schema.MapAttribute {
	return schema.MapAttribute{ElementType: types.StringType, Optional: true}
}

// ReqStringMap is a required map of strings.
func ReqStringMap() schema.MapAttribute {
	return schema.MapAttribute{ElementType: types.StringType, Required: true}
}

// CompStringMap is a computed-only map of strings (e.g. tags_all).
func CompStringMap() schema.MapAttribute {
	return schema.MapAttribute{ElementType: types.StringType, Computed: true}
}
