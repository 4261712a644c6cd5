// Package tls is the test-only stand-in for the hashicorp/tls provider: only
// the tls_certificate data source, which OIDC provider modules read to fill
// aws_iam_openid_connect_provider.thumbprint_list. It fetches nothing: the
// certificate chain is a deterministic fake derived from the URL's host.
package tls

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

// Provider returns the hashicorp/tls stand-in.
func Provider() *standin.ProviderSpec {
	return &standin.ProviderSpec{
		Address:     "registry.terraform.io/hashicorp/tls",
		TypeName:    "tls",
		Schema:      pschema.Schema{Description: "Test-only stand-in for hashicorp/tls (no network access)."},
		DataSources: []*standin.DataSourceSpec{certificate()},
	}
}

// certAttrs are the attributes of one element of tls_certificate.certificates.
var certAttrs = map[string]attr.Type{
	"cert_pem":             types.StringType,
	"is_ca":                types.BoolType,
	"issuer":               types.StringType,
	"not_after":            types.StringType,
	"not_before":           types.StringType,
	"public_key_algorithm": types.StringType,
	"serial_number":        types.StringType,
	"sha1_fingerprint":     types.StringType,
	"signature_algorithm":  types.StringType,
	"subject":              types.StringType,
	"version":              types.Int64Type,
}

// certificate is the tls_certificate data source. Like the real one it
// returns the chain root first; here the chain is a fake root CA and leaf
// whose sha1_fingerprint values are 40 hex digits hashed from the host.
func certificate() *standin.DataSourceSpec {
	return &standin.DataSourceSpec{
		TypeName: "tls_certificate",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"certificates": schema.ListAttribute{Computed: true, ElementType: types.ObjectType{AttrTypes: certAttrs}},
			"content":      schema.StringAttribute{Optional: true},
			"id":           schema.StringAttribute{Computed: true},
			"url":          schema.StringAttribute{Optional: true},
			"verify_chain": schema.BoolAttribute{Optional: true},
		}},
		Read: func(_ *standin.Env, obj *standin.Object) {
			host, err := hostOf(obj.Str("url"))
			if err != nil {
				obj.Fail(err)
				return
			}
			if host == "" {
				host = "content-" + standin.HexID(8, obj.Str("content"))
			}
			obj.Set("id", standin.HexID(40, "tls-certificate", host))
			obj.Set("certificates", []any{
				cert("CN=Stand-in Root CA", "CN=Stand-in Root CA", true, host, "root"),
				cert("CN=Stand-in Root CA", "CN="+host, false, host, "leaf"),
			})
		},
	}
}

func cert(issuer, subject string, ca bool, host, which string) map[string]any {
	return map[string]any{
		"cert_pem":             "-----BEGIN CERTIFICATE-----\nU1RBTkQtSU4=\n-----END CERTIFICATE-----\n",
		"is_ca":                ca,
		"issuer":               issuer,
		"not_after":            "2035-01-01T00:00:00Z",
		"not_before":           "2025-01-01T00:00:00Z",
		"public_key_algorithm": "RSA",
		"serial_number":        fmt.Sprint(standin.Number(1, 1<<40, host, which)),
		"sha1_fingerprint":     standin.HexID(40, "sha1", host, which),
		"signature_algorithm":  "SHA256-RSA",
		"subject":              subject,
		"version":              3,
	}
}

// hostOf returns the host of a tls_certificate url ("https://host/path",
// "tls://host:443"); the real data source accepts the https and tls schemes.
func hostOf(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "tls") {
		return "", fmt.Errorf(`tls_certificate: "url" (%q) must be an https:// or tls:// URL`, raw)
	}
	return strings.ToLower(u.Hostname()), nil
}
