package evaluate

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// principalDoc is an Allow of sts:AssumeRoleWithWebIdentity under BASE with
// the given Principal element.
func principalDoc(effect, principal string) string {
	return `{"Effect":"` + effect + `","Principal":` + principal + `,"Action":"sts:AssumeRoleWithWebIdentity","Condition":` + base + `}`
}

// TestPrincipalMatching covers spec §2 and §8.3.
func TestPrincipalMatching(t *testing.T) {
	allowGH := principalDoc("Allow", `{"Federated":"GHARN"}`)
	const eksARN = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EX"
	runDecisionCases(t, []decisionCase{
		{name: "§2.2 Federated provider ARN of the role's account matches [S6][S15]", policy: doc(allowGH), req: tMain(), want: Allow,
			forbid: []string{AssumePrincipalCase, AssumeAWSWildcardNoWebIdentity}},
		{name: "§2.2 Federated array is an OR [S6]", policy: doc(principalDoc("Allow", `{"Federated":["`+eksARN+`","GHARN"]}`)), req: tMain(), want: Allow},
		{name: "§2.10 several statements for several providers are OR'd [S1][S15]", policy: doc(principalDoc("Allow", `{"Federated":"`+eksARN+`"}`), allowGH), req: tMain(), want: Allow},
		{name: "§2.2 provider ARN in another account does not match (cross-account) [S25][S6]", policy: doc(principalDoc("Allow", `{"Federated":"arn:aws:iam::999988887777:oidc-provider/token.actions.githubusercontent.com"}`)), req: tMain(), want: ImplicitDeny},
		{name: "§2.2 explicit principal in another account than the role: InvalidIdentityToken [S25]", policy: doc(principalDoc("Allow", `{"Federated":"arn:aws:iam::999988887777:oidc-provider/token.actions.githubusercontent.com"}`)),
			req: tMain(func(r *identity.Request) { r.Principal = "arn:aws:iam::999988887777:oidc-provider/" + ghHost }), want: InvalidIdentityToken},
		{name: "§2.3 no partial wildcard in a principal ARN [S6][S19]", policy: doc(principalDoc("Allow", `{"Federated":"arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com"}`)), req: tMain(), want: ImplicitDeny},
		{name: "§2.8 principal differing only in case does not match (UNCONFIRMED) [S13]", policy: doc(principalDoc("Allow", `{"Federated":"arn:aws:iam::111122223333:oidc-provider/Token.Actions.GitHubUserContent.com"}`)),
			req: tMain(), want: ImplicitDeny, assumption: AssumePrincipalCase},
		{name: "§2.4 {\"AWS\":\"*\"} does not match a web identity (UNCONFIRMED) [S6]", policy: doc(principalDoc("Allow", `{"AWS":"*"}`)), req: tMain(), want: ImplicitDeny, assumption: AssumeAWSWildcardNoWebIdentity},
		{name: "§2.4 a Deny for {\"AWS\":\"*\"} does not refuse a web identity (UNCONFIRMED) [S6]", policy: doc(allowGH, principalDoc("Deny", `{"AWS":"*"}`)), req: tMain(), want: Allow, assumption: AssumeAWSWildcardNoWebIdentity},
		{name: "§2.4 Allow with Principal \"*\" is refused by IAM and not counted [S19][S38j]", policy: doc(principalDoc("Allow", `"*"`)), req: tMain(), want: ImplicitDeny, problem: "principal-wildcard"},
		{name: "§2.4 Deny with Principal \"*\" refuses every caller [S1][S19]", policy: doc(allowGH, principalDoc("Deny", `"*"`)), req: tMain(), want: ExplicitDeny},
		{name: "§2.3 Deny with Federated \"*\" refuses every caller [S1]", policy: doc(allowGH, principalDoc("Deny", `{"Federated":"*"}`)), req: tMain(), want: ExplicitDeny},
		{name: "§2.5 NotPrincipal is refused and the statement is not counted [S7][S19]", policy: doc(`{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRoleWithWebIdentity"}`), req: tMain(), want: ImplicitDeny, problem: "not-principal"},
		{name: "§8.3 a Service principal never matches a web identity [S32]", policy: doc(principalDoc("Allow", `{"Service":"sts.amazonaws.com"}`)), req: tMain(), want: ImplicitDeny},
		{name: "§8.3 Service and Federated in one element: Federated still matches [S6]", policy: doc(principalDoc("Allow", `{"Service":"pods.eks.amazonaws.com","Federated":"GHARN"}`)), req: tMain(), want: Allow},
		{name: "§2.1 principal type names are case-sensitive: federated never matches [S6]", policy: doc(principalDoc("Allow", `{"federated":"GHARN"}`)), req: tMain(), want: ImplicitDeny, problem: "invalid-principal"},
		{name: "§2.1 a statement without Principal never matches [S6]", policy: doc(`{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Condition":` + base + `}`), req: tMain(), want: ImplicitDeny, problem: "missing-principal"},
		{name: "§2.1 built-in provider host as principal [S6][S13]", policy: doc(`{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"}`),
			req: &identity.Request{RoleARN: roleARN, Now: now, Claims: map[string]any{"iss": "https://cognito-identity.amazonaws.com", "aud": "us-east-1:p"}}, want: Allow},
		{name: "§2.1 a built-in host does not match an IAM OIDC provider request [S6]", policy: doc(principalDoc("Allow", `{"Federated":"accounts.google.com"}`)), req: tMain(), want: ImplicitDeny},
	})
}
