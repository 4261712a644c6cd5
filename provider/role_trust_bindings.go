package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// collectBindings turns the binding blocks into engine bindings, in block
// order, each with the path of its block for diagnostics.
func collectBindings(m *roleTrustModel) ([]located, diag.Diagnostics) {
	var out []located
	var diags diag.Diagnostics
	add := func(block string, i int, label, expect types.String, c check.Caller) {
		at := path.Root(block).AtListIndex(i)
		e := expect.ValueString()
		if e != "" && e != check.ExpectAllow && e != check.ExpectDeny {
			diags.AddAttributeError(at.AtName("expect"), "Invalid expect",
				fmt.Sprintf("expect is %q; use \"allow\" (this identity must be able to assume the role) or \"deny\" (it must not).", e))
			return
		}
		l := label.ValueString()
		if l == "" {
			l = fmt.Sprintf("%s[%d]", block, i)
		}
		out = append(out, located{binding: check.Binding{Label: l, Expect: e, Caller: c}, path: at})
	}
	for i, b := range m.EKS {
		add("eks_service_account", i, b.Label, b.Expect, identity.EKSServiceAccount{
			Namespace: b.Namespace.ValueString(), ServiceAccount: b.ServiceAccount.ValueString(),
			OIDCIssuer: b.OIDCIssuer.ValueString(), OIDCProviderARN: b.OIDCProviderARN.ValueString(), Audience: b.Audience.ValueString(),
		})
	}
	for i, b := range m.GitHub {
		add("github_actions", i, b.Label, b.Expect, identity.GitHubActions{
			Repository: b.Repository.ValueString(), Ref: b.Ref.ValueString(), Environment: b.Environment.ValueString(),
			PullRequest: b.PullRequest.ValueBool(), Subject: b.Subject.ValueString(), Claims: b.Claims,
			Audience: b.Audience.ValueString(), Issuer: b.Issuer.ValueString(),
		})
	}
	for i, b := range m.Cognito {
		authenticated := b.Authenticated.IsNull() || b.Authenticated.ValueBool()
		add("cognito_identity_pool", i, b.Label, b.Expect, identity.CognitoIdentityPool{
			IdentityPoolID: b.IdentityPoolID.ValueString(), Authenticated: authenticated, LoginProviders: b.LoginProviders,
		})
	}
	for i, b := range m.OIDC {
		add("oidc", i, b.Label, b.Expect, identity.OIDC{
			Issuer: b.Issuer.ValueString(), OIDCProviderARN: b.OIDCProviderARN.ValueString(),
			Principal: b.Principal.ValueString(), ClaimsJSON: b.ClaimsJSON.ValueString(),
		})
	}
	for i, b := range m.Token {
		add("web_identity_token", i, b.Label, b.Expect, &check.TokenCaller{Token: b.Token.ValueString(), JWKS: b.JWKS.ValueString()})
	}
	for i, b := range m.AWSRole {
		add("aws_role", i, b.Label, b.Expect, &check.RoleCaller{RoleARN: b.RoleARN.ValueString(), IdentityPolicies: b.IdentityPolicies})
	}
	if len(out) == 0 && !diags.HasError() {
		diags.AddError("No bindings", "stsguard_role_trust needs at least one binding block (eks_service_account, github_actions, "+
			"cognito_identity_pool, oidc, web_identity_token or aws_role) describing who must, or must not, be able to assume the role.")
	}
	return out, diags
}
