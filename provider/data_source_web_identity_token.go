package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/token"
)

var (
	_ datasource.DataSource                   = (*WebIdentityTokenDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*WebIdentityTokenDataSource)(nil)
)

// Attribute paths the diagnostics point at.
var (
	tokenPath = path.Root("token")
	jwksPath  = path.Root("jwks")
	nowPath   = path.Root("now")
)

// WebIdentityTokenDataSource is the stsguard_web_identity_token data
// source: it decodes a web identity token (JWT), optionally verifies its
// signature, and says what STS would answer before reading any policy.
type WebIdentityTokenDataSource struct{}

// NewWebIdentityTokenDataSource returns the stsguard_web_identity_token
// data source.
func NewWebIdentityTokenDataSource() datasource.DataSource {
	return &WebIdentityTokenDataSource{}
}

// webIdentityTokenModel is the data source's configuration and state.
type webIdentityTokenModel struct {
	Token         types.String             `tfsdk:"token"`
	JWKS          types.String             `tfsdk:"jwks"`
	OIDCProviders []tokenOIDCProviderModel `tfsdk:"oidc_providers"`
	Now           types.String             `tfsdk:"now"`

	ID                types.String `tfsdk:"id"`
	Issuer            types.String `tfsdk:"issuer"`
	Subject           types.String `tfsdk:"subject"`
	Audiences         []string     `tfsdk:"audiences"`
	ClaimsJSON        types.String `tfsdk:"claims_json"`
	IssuedAt          types.String `tfsdk:"issued_at"`
	ExpiresAt         types.String `tfsdk:"expires_at"`
	Algorithm         types.String `tfsdk:"algorithm"`
	KeyID             types.String `tfsdk:"key_id"`
	SignatureVerified types.Bool   `tfsdk:"signature_verified"`
	Verification      types.String `tfsdk:"signature_verification"`
	Expired           types.Bool   `tfsdk:"expired"`
	STSError          types.String `tfsdk:"sts_error"`
}

// tokenOIDCProviderModel is one element of oidc_providers.
type tokenOIDCProviderModel struct {
	URL       string   `tfsdk:"url"`
	ClientIDs []string `tfsdk:"client_ids"`
}

// Metadata sets the type name stsguard_web_identity_token.
func (d *WebIdentityTokenDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_web_identity_token"
}

// Schema declares the arguments and the decoded attributes.
func (d *WebIdentityTokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = webIdentityTokenSchema()
}

// ValidateConfig checks jwks and now as soon as they are known, so that
// terraform validate reports them.
func (d *WebIdentityTokenDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	defer func() { resp.Diagnostics = safeDiagnostics(resp.Diagnostics) }()
	var jwks, now types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, jwksPath, &jwks)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, nowPath, &now)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if isSet(jwks) {
		if _, err := token.ParseJWKS([]byte(jwks.ValueString())); err != nil {
			resp.Diagnostics.Append(tokenDiagnostic(tokenPath, jwksPath, "", err))
		}
	}
	if isSet(now) {
		if _, diags := parseNow(now); diags.HasError() {
			resp.Diagnostics.Append(diags...)
		}
	}
}

// Read decodes the token and fills in the computed attributes. When any
// argument is still unknown it returns without setting values and
// Terraform reads the data source during apply.
func (d *WebIdentityTokenDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer func() { resp.Diagnostics = safeDiagnostics(resp.Diagnostics) }()
	if !req.Config.Raw.IsFullyKnown() {
		return
	}
	var m webIdentityTokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	now, diags := parseNow(m.Now)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	raw := m.Token.ValueString()
	var opts token.Options
	if isSet(m.JWKS) {
		opts.JWKS = []byte(m.JWKS.ValueString())
	}
	tok, err := token.Decode(raw, opts)
	if err != nil {
		resp.Diagnostics.Append(tokenDiagnostic(tokenPath, jwksPath, raw, err))
		return
	}
	claimsJSON, err := sortedJSON(tok.Claims)
	if err != nil {
		resp.Diagnostics.AddAttributeError(tokenPath, "Cannot encode the token's claims",
			fmt.Sprintf("Token %s: encoding its claims as JSON failed: %v. Please report this to the stsguard developers.", token.Fingerprint(raw), err))
		return
	}

	_, stsError, _ := evaluate.CheckToken(tok.Claims, tokenOIDCProviders(m.OIDCProviders), now)

	m.ID = types.StringValue(token.Fingerprint(raw))
	m.Issuer = optionalValue(tok.Issuer)
	m.Subject = optionalValue(tok.Subject)
	m.Audiences = append([]string{}, tok.Audiences...)
	m.ClaimsJSON = types.StringValue(claimsJSON)
	m.IssuedAt = timeValue(tok.IssuedAt)
	m.ExpiresAt = timeValue(tok.ExpiresAt)
	m.Algorithm = types.StringValue(tok.Algorithm)
	m.KeyID = optionalValue(tok.KeyID)
	m.SignatureVerified = types.BoolValue(tok.SignatureVerified)
	m.Verification = types.StringValue(tokenVerification(tok))
	m.Expired = types.BoolValue(evaluate.TokenExpired(tok.Claims, now))
	m.STSError = types.StringValue(stsError)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// isSet reports whether an optional string argument is known and non-null.
func isSet(v types.String) bool {
	return !v.IsNull() && !v.IsUnknown()
}

// parseNow reads the now argument; null means the current time.
func parseNow(v types.String) (time.Time, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !isSet(v) {
		return time.Now().UTC(), diags
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	if err != nil {
		diags.AddAttributeError(nowPath, "Invalid time",
			fmt.Sprintf("now = %q is not an RFC 3339 time; write it like \"2026-11-28T12:00:00Z\", or leave now out to use the current time.", v.ValueString()))
	}
	return t, diags
}

// oidcProviders converts the oidc_providers argument; nil (argument not
// set) makes CheckToken skip the issuer and audience checks.
func tokenOIDCProviders(in []tokenOIDCProviderModel) []identity.OIDCProvider {
	if in == nil {
		return nil
	}
	out := make([]identity.OIDCProvider, 0, len(in))
	for _, p := range in {
		out = append(out, identity.OIDCProvider{URL: p.URL, ClientIDs: p.ClientIDs})
	}
	return out
}

// optionalValue is null for "" (a claim or header the token lacks).
func optionalValue(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// timeValue formats a time claim as RFC 3339; null when absent.
func timeValue(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// sortedJSON encodes claims compactly with object keys sorted at every
// level and without HTML escaping, so that claims_json is stable.
func sortedJSON(claims map[string]any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(claims); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// webIdentityTokenSchema is the schema of stsguard_web_identity_token.
func webIdentityTokenSchema() schema.Schema {
	computedString := func(markdown string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: markdown}
	}
	return schema.Schema{
		MarkdownDescription: "Decodes a web identity token (a JWT such as a GitHub Actions, EKS service-account or other OIDC token), " +
			"optionally verifies its signature against the issuer's JWKS, and says what AWS STS would answer for it before " +
			"reading any trust policy: `sts_error` is `\"\"` when the token would reach policy evaluation. Nothing is fetched from the " +
			"network: pass the JWKS yourself.\n\n" +
			"Tokens STS never accepts are errors on the `token` attribute (or `jwks` when the key set is unusable): `alg` `none`, " +
			"HMAC algorithms, a `kid` that is not in the JWKS, a signature that does not verify, malformed segments, " +
			"non-integer timestamps, or a length outside 4–20,000 characters. Error messages never contain the token; they name it " +
			"by its fingerprint, which is also the `id`.",
		Attributes: map[string]schema.Attribute{
			"token": schema.StringAttribute{
				Required:  true,
				Sensitive: true,
				MarkdownDescription: "The web identity token, as passed to `sts:AssumeRoleWithWebIdentity` (`WebIdentityToken`). " +
					"When it is unknown at plan time, the data source is read during apply.",
			},
			"jwks": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The issuer's JSON Web Key Set document (`{\"keys\": [...]}`, the body of its `jwks_uri`). " +
					"When given, the signature must verify with the key the token's `kid` names, or the read fails.",
			},
			"oidc_providers": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: "The IAM OIDC providers registered in the role's account. When given, `sts_error` includes " +
					"the issuer and audience checks: the token's `iss` must be `https://` plus one provider's `url`, and its audience " +
					"must be in that provider's `client_ids`. Leave it out to check only expiry.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"url": schema.StringAttribute{
							Required: true,
							MarkdownDescription: "The provider URL as IAM stores it, e.g. `token.actions.githubusercontent.com` " +
								"(`aws_iam_openid_connect_provider.url`); `https://` is optional.",
						},
						"client_ids": schema.ListAttribute{
							Required:            true,
							ElementType:         types.StringType,
							MarkdownDescription: "The provider's client ID list (audiences), e.g. `[\"sts.amazonaws.com\"]`.",
						},
					},
				},
			},
			"now": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The time to judge expiry at, in RFC 3339 (`2026-11-28T12:00:00Z`). Default: the current time, " +
					"which makes `expired` and `sts_error` change as time passes.",
			},
			"id":          computedString("The token's fingerprint (`sha256:` and 12 hex digits), safe to show in logs."),
			"issuer":      computedString("The `iss` claim; null when absent."),
			"subject":     computedString("The `sub` claim; null when absent."),
			"claims_json": computedString("Every claim as compact JSON with keys sorted; use `jsondecode()` to read custom claims."),
			"issued_at":   computedString("The `iat` claim in RFC 3339; null when absent."),
			"expires_at":  computedString("The `exp` claim in RFC 3339. A token without `exp` is refused: an OpenID Connect ID token must carry it."),
			"algorithm":   computedString("The header `alg`, one of the RSA or ECDSA algorithms STS accepts (`RS256`, `ES256`, ...)."),
			"key_id":      computedString("The header `kid`; null when absent."),
			"sts_error": computedString("What STS would answer before reading the trust policy, e.g. " +
				"`InvalidIdentityToken: Incorrect token audience`, `InvalidIdentityToken: No OpenIDConnect provider found in your account for ...` " +
				"or `ExpiredTokenException: ...`; `\"\"` when the token would reach policy evaluation."),
			"audiences": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The `aud` claim as a list (a single string gives one element); empty when absent.",
			},
			"signature_verification": computedString("What was checked of the signature, in one sentence: " +
				"`verified: the RS256 signature verifies with the JWKS key kid \"...\", thumbprint sha256:...` (the key's kid and RFC 7638 thumbprint, never the key), " +
				"or `not verified: no jwks given, so the signature was not checked`."),
			"signature_verified": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "`true` when `jwks` was given and the signature verified; `false` when no `jwks` was given.",
			},
			"expired": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "`true` when `exp` is at or before `now`, so STS would answer `ExpiredTokenException`.",
			},
		},
	}
}

// tokenVerification is tok.Verification() in the words of this data
// source and of the web_identity_token binding: the argument is jwks.
func tokenVerification(tok *token.Token) string {
	if !tok.SignatureVerified {
		return "not verified: no jwks given, so the signature was not checked"
	}
	return tok.Verification()
}
