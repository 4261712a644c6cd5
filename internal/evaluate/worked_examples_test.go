package evaluate

import (
	"encoding/json"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// Worked examples of spec §11 that are evaluations, one row each.
//
// Not here, because they are write-time checks of IAM CreateRole /
// UpdateAssumeRolePolicy and not evaluations (the policy package and the
// linter cover them): #50 (guardrail on a new GitHub trust without :sub),
// #52 (`*` vs `repo:*` accepted at write time), #53 (only :repository),
// #57 (https:// in a condition key). #47-#49 are write-time errors too,
// but the evaluator's side ("reject") is checked below: the statement is
// not counted and the parser reports the problem.
//
// Not modelled, because the request model has no such input:
//   - #46 JWKS endpoint unreachable: signature verification happens in the
//     token package (explain --token --jwks); a request JSON carries claims
//     that are taken as verified.
//   - #78 DurationSeconds > MaxSessionDuration: neither value is an input.
//   - #79 ProviderId given with an OIDC token: ProviderId is not an input
//     (and its error code is UNCONFIRMED).
//
// #75 (SCP) and #77 (permissions boundary) are modelled by their absence:
// TestSCPAndBoundaryAreNotInputs checks that Input has no such field, and
// the rows assert the decision is allow.
func TestWorkedExamples(t *testing.T) {
	const awiwi = `"sts:AssumeRoleWithWebIdentity"`
	const envProd = "repo:octo-org/octo-repo:environment:prod"
	subLike := `{"StringEquals":{"GH:aud":"sts.amazonaws.com"},"StringLike":{"GH:sub":"repo:octo-org/octo-repo:*"}}`
	withTags := claim(tagsClaim, map[string]any{"principal_tags": map[string]any{"team": []any{"platform"}}})
	otherAcct := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::999988887777:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":` + base + `}]}`
	authPolicy := func(prefix string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/` + prefix + `"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"` + prefix + `:aud":"client-1","` + prefix + `:sub":"user-1"}}}]}`
	}
	authToken := func(iss, providerURL string) *identity.Request {
		return &identity.Request{RoleARN: roleARN, Now: now,
			Claims:        map[string]any{"iss": iss, "aud": "client-1", "sub": "user-1", "exp": json.Number("1795870800")},
			OIDCProviders: []identity.OIDCProvider{{URL: providerURL, ClientIDs: []string{"client-1"}}}}
	}
	const eks = "oidc.eks.us-east-1.amazonaws.com/id/EX"
	eksPolicy := func(op, subValue string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/` + eks + `"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"` + eks + `:aud":"sts.amazonaws.com"},"` + op + `":{"` + eks + `:sub":"` + subValue + `"}}}]}`
	}
	eksToken := func(subject string) *identity.Request {
		return &identity.Request{RoleARN: roleARN, Now: now,
			Claims:        map[string]any{"iss": "https://" + eks, "aud": "sts.amazonaws.com", "sub": subject, "exp": json.Number("1795870800")},
			OIDCProviders: []identity.OIDCProvider{{URL: "https://" + eks, ClientIDs: []string{"sts.amazonaws.com"}}}}
	}
	const cog = "cognito-identity.amazonaws.com"
	cognitoPolicy := func(aud string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + cog + `"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"` + cog + `:aud":` + aud + `},"ForAnyValue:StringLike":{"` + cog + `:amr":"authenticated"}}}]}`
	}
	cognitoToken := func(aud string, amr ...any) *identity.Request {
		return &identity.Request{RoleARN: roleARN, Now: now,
			Claims: map[string]any{"iss": "https://" + cog, "aud": aud, "sub": "us-east-1:identity-1", "amr": amr, "exp": json.Number("1795870800")}}
	}
	googlePolicy := func(aud, oaud string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"accounts.google.com:aud":"` + aud + `","accounts.google.com:oaud":"` + oaud + `"}}}]}`
	}
	googleToken := &identity.Request{RoleARN: roleARN, Now: now,
		Claims: map[string]any{"iss": "https://accounts.google.com", "aud": "AUD-X", "azp": "AZP-Y", "sub": "1234567890", "exp": json.Number("1795870800")}}
	rcp76 := `{"Version":"2012-10-17","Statement":[{"Sid":"OnlyOurOrg","Effect":"Deny","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity","Resource":"*","Condition":{"StringNotEquals":{"GH:repository_owner_id":"123"}}}]}`

	runDecisionCases(t, []decisionCase{
		{name: "#1 A(BASE), T_main: Allow [S15][S28]", policy: A(base), req: tMain(), want: Allow,
			forbid: []string{AssumeCheckOrder, AssumeExactIssuer, AssumeExtraActionError}},
		{name: "#2 A(BASE), feature branch: implicit deny [S3]", policy: A(base), req: tMain(sub("repo:octo-org/octo-repo:ref:refs/heads/feature"), claim("ref", "refs/heads/feature")), want: ImplicitDeny, failedAction: identity.ActionAssumeRoleWithWebIdentity},
		{name: "#3 StringLike repo:octo-org/octo-repo:* matches an environment sub [S3][S28]", policy: A(subLike), req: tMain(sub(envProd), claim("environment", "prod")), want: Allow},
		{name: "#4 StringEquals treats * literally [S3]", policy: A(`{"StringEquals":{"GH:sub":"repo:octo-org/octo-repo:*"}}`), req: tMain(), want: ImplicitDeny},
		{name: "#5 StringEquals values are case-sensitive [S2][S3]", policy: A(`{"StringEquals":{"GH:sub":"repo:Octo-Org/octo-repo:ref:refs/heads/main"}}`), req: tMain(), want: ImplicitDeny},
		{name: "#6 StringEqualsIgnoreCase [S3]", policy: A(`{"StringEqualsIgnoreCase":{"GH:sub":"repo:Octo-Org/octo-repo:ref:refs/heads/main"}}`), req: tMain(), want: Allow},
		{name: "#7 key names are case-insensitive [S2]", policy: A(`{"StringEquals":{"TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:AUD":"sts.amazonaws.com","TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:SUB":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`), req: tMain(), want: Allow},
		{name: "#8 action names are case-insensitive [S8]", policy: doc(stmt("Allow", `"STS:assumerolewithwebidentity"`, base)), req: tMain(), want: Allow},
		{name: "#9 sts:AssumeRole* covers AssumeRoleWithWebIdentity [S8]", policy: doc(stmt("Allow", `"sts:AssumeRole*"`, base)), req: tMain(), want: Allow},
		{name: "#10 sts:AssumeRole does not cover AssumeRoleWithWebIdentity [S8]", policy: doc(stmt("Allow", `"sts:AssumeRole"`, base)), req: tMain(), want: ImplicitDeny},
		{name: "#11 NotAction sts:AssumeRole covers AssumeRoleWithWebIdentity (acceptance UNCONFIRMED) [S9]",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"GHARN"},"NotAction":"sts:AssumeRole","Condition":` + base + `}]}`,
			req:    tMain(), want: Allow, assumption: AssumeNotActionAccepted},
		{name: "#12 NotAction sts:AssumeRoleWith* excludes it [S9]",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"GHARN"},"NotAction":"sts:AssumeRoleWith*","Condition":` + base + `}]}`,
			req:    tMain(), want: ImplicitDeny},
		{name: "#13 explicit Deny for pull_request overrides the Allow [S1]", policy: doc(stmt("Allow", awiwi, subLike), stmt("Deny", awiwi, `{"StringEquals":{"GH:sub":"repo:octo-org/octo-repo:pull_request"}}`)),
			req: tMain(sub("repo:octo-org/octo-repo:pull_request")), want: ExplicitDeny, failedAction: identity.ActionAssumeRoleWithWebIdentity},
		{name: "#14 same policy, main branch: Deny does not apply, Allow does [S1]", policy: doc(stmt("Allow", awiwi, subLike), stmt("Deny", awiwi, `{"StringEquals":{"GH:sub":"repo:octo-org/octo-repo:pull_request"}}`)),
			req: tMain(), want: Allow},
		{name: "#15 Deny StringNotEquals on absent environment applies [S3][S24]", policy: doc(stmt("Allow", awiwi, base), stmt("Deny", awiwi, `{"StringNotEquals":{"GH:environment":"prod"}}`)),
			req: tMain(), want: ExplicitDeny},
		{name: "#16 Deny StringNotEqualsIfExists on absent environment applies [S3]", policy: doc(stmt("Allow", awiwi, base), stmt("Deny", awiwi, `{"StringNotEqualsIfExists":{"GH:environment":"prod"}}`)),
			req: tMain(), want: ExplicitDeny},
		{name: "#17 StringEqualsIfExists on absent environment is true [S3]", policy: A(`{"StringEquals":{"GH:aud":"sts.amazonaws.com"},"StringEqualsIfExists":{"GH:environment":"prod"},"StringLike":{"GH:sub":"repo:octo-org/octo-repo:*"}}`),
			req: tMain(), want: Allow},
		{name: "#18 same, environment=staging: mismatch [S3]", policy: A(`{"StringEquals":{"GH:aud":"sts.amazonaws.com"},"StringEqualsIfExists":{"GH:environment":"prod"},"StringLike":{"GH:sub":"repo:octo-org/octo-repo:*"}}`),
			req: tMain(sub("repo:octo-org/octo-repo:environment:staging"), claim("environment", "staging")), want: ImplicitDeny},
		{name: "#19 Null false on sub: key present [S3] (write-time guardrail aside [S38a])", policy: A(`{"Null":{"GH:sub":"false"},"StringEquals":{"GH:aud":"sts.amazonaws.com"}}`), req: tMain(), want: Allow},
		{name: "#20 Null true on absent environment [S3]", policy: A(merge(base, `{"Null":{"GH:environment":"true"}}`)), req: tMain(), want: Allow},
		{name: "#21 repository_visibility is not a key: absent, so false [S24][S28][S38o]", policy: A(merge(base, `{"StringEquals":{"GH:repository_visibility":"private"}}`)),
			req: tMain(claim("repository_visibility", "private")), want: ImplicitDeny},
		{name: "#22 ForAllValues with typo subb admits any repo (dangerous) [S4][S37]", policy: A(`{"ForAllValues:StringEquals":{"GH:aud":"sts.amazonaws.com","GH:subb":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`),
			req: tMain(sub("repo:evil/other:ref:refs/heads/main"), claim("repository", "evil/other")), want: Allow},
		{name: "#23 ForAllValues on present sub outside the set [S4]", policy: A(`{"ForAllValues:StringEquals":{"GH:aud":"sts.amazonaws.com","GH:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`),
			req: tMain(sub("repo:octo-org/octo-repo:ref:refs/heads/feature")), want: ImplicitDeny},
		{name: "#24 several values for sub are OR'd [S4]", policy: A(`{"StringEquals":{"GH:aud":"sts.amazonaws.com","GH:sub":["repo:octo-org/octo-repo:ref:refs/heads/main","repo:octo-org/octo-repo:environment:prod"]}}`),
			req: tMain(sub(envProd), claim("environment", "prod")), want: Allow},
		{name: "#25 token passes the audience check, but keys are AND'd and aud differs [S4]", policy: A(`{"StringEquals":{"GH:aud":"https://github.com/octo-org","GH:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`),
			req: tMain(providers(identity.OIDCProvider{URL: ghIss, ClientIDs: []string{"sts.amazonaws.com", "https://github.com/octo-org"}})), want: ImplicitDeny},
		{name: "#26 Deny StringNotEquals with several values acts as AND: no Deny [S4]", policy: doc(stmt("Allow", awiwi, `{"StringEquals":{"GH:aud":"sts.amazonaws.com"},"StringLike":{"GH:sub":"repo:octo-org/*"}}`),
			stmt("Deny", awiwi, `{"StringNotEquals":{"GH:sub":["repo:octo-org/a:ref:refs/heads/main","repo:octo-org/octo-repo:ref:refs/heads/main"]}}`)),
			req: tMain(), want: Allow},
		{name: "#27 ? matches exactly one character [S3]", policy: A(`{"StringEquals":{"GH:aud":"sts.amazonaws.com"},"StringLike":{"GH:sub":"repo:octo-org/octo-rep?:*"}}`), req: tMain(), want: Allow},
		{name: "#28 ? matches one character only [S3]", policy: A(`{"StringEquals":{"GH:aud":"sts.amazonaws.com"},"StringLike":{"GH:sub":"repo:octo-org/octo-r?:*"}}`), req: tMain(), want: ImplicitDeny},
		{name: "#29 null variable makes the negated Deny match (aws:PrincipalTag absence UNCONFIRMED) [S10]", policy: doc(stmt("Allow", awiwi, base), stmt("Deny", awiwi, `{"StringNotEquals":{"GH:sub":"${aws:PrincipalTag/allowed}"}}`)),
			req: tMain(), want: ExplicitDeny, assumption: identity.AssumeKeyPresence},
		{name: "#30 no Version: ${...} is literal, no match [S10]", policy: `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"GHARN"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"GH:sub":"repo:${GH:repository}:*"}}}]}`,
			req: tMain(), want: ImplicitDeny},
		{name: "#31 RoleSessionName GitHubActions does not match gha-* [S3][S11]", policy: A(merge(base, `{"StringLike":{"sts:RoleSessionName":"gha-*"}}`)), req: tMain(ctxKey("sts:RoleSessionName", "GitHubActions")), want: ImplicitDeny},
		{name: "#32 RoleSessionName gha-42 matches gha-* [S11][S24]", policy: A(merge(base, `{"StringLike":{"sts:RoleSessionName":"gha-*"}}`)), req: tMain(), want: Allow},
		{name: "#33 session tags need sts:TagSession too [S16]", policy: A(base), req: tMain(withTags), want: ImplicitDeny, failedAction: identity.ActionTagSession, assumption: AssumeExtraActionError},
		{name: "#34 both actions allowed [S16]", policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, base)), req: tMain(withTags), want: Allow},
		{name: "#35 aws:RequestTag/team mismatch [S12][S16]", policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, merge(base, `{"StringEquals":{"aws:RequestTag/team":"payments"}}`))),
			req: tMain(withTags), want: ImplicitDeny},
		{name: "#36 tag-key part of aws:RequestTag/Team is case-insensitive [S12]", policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, merge(base, `{"StringEquals":{"aws:RequestTag/Team":"platform"}}`))),
			req: tMain(withTags), want: Allow},
		{name: "#37 source identity needs sts:SetSourceIdentity [S17]", policy: A(base), req: tMain(claim(sourceClaim, "alice")), want: ImplicitDeny, failedAction: identity.ActionSetSourceIdentity, assumption: AssumeExtraActionError},
		{name: "#38 sts:SetSourceIdentity allowed with sts:SourceIdentity condition [S17]", policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:SetSourceIdentity"]`, merge(base, `{"StringEquals":{"sts:SourceIdentity":"alice"}}`))),
			req: tMain(claim(sourceClaim, "alice")), want: Allow},
		{name: "#39 provider ARN of another account never matches [S6][S25]", policy: otherAcct, req: tMain(), want: ImplicitDeny},
		{name: "#40 no GitHub provider in the role's account: InvalidIdentityToken [S25]", policy: otherAcct,
			req: tMain(providers(identity.OIDCProvider{URL: "https://" + eks, ClientIDs: []string{"sts.amazonaws.com"}})), want: InvalidIdentityToken, forbid: []string{AssumeExactIssuer}},
		{name: "#41 iss with trailing slash, provider without: InvalidIdentityToken (normalisation UNCONFIRMED) [S13][S25][S38g]", policy: authPolicy("auth.example.com"),
			req: authToken("https://auth.example.com/", "https://auth.example.com"), want: InvalidIdentityToken, assumption: AssumeExactIssuer},
		{name: "#42 provider registered with the trailing slash: policy decides, keys use auth.example.com/ [S38g]", policy: authPolicy("auth.example.com/"),
			req: authToken("https://auth.example.com/", "https://auth.example.com/"), want: Allow},
		{name: "#43 provider URL is case-sensitive: InvalidIdentityToken [S13]", policy: authPolicy("auth.example.com"),
			req: authToken("https://Auth.Example.com", "https://auth.example.com"), want: InvalidIdentityToken, assumption: AssumeExactIssuer},
		{name: "#44 audience not in the client ID list: InvalidIdentityToken before the policy [S25][S38e]", policy: A(base), req: tMain(claim("aud", "https://github.com/octo-org")), want: InvalidIdentityToken,
			forbid: []string{AssumeCheckOrder}},
		{name: "#45 expired token: ExpiredTokenException [S22]", policy: A(base), req: tMain(claim("exp", json.Number("1795863600"))), want: ExpiredToken, forbid: []string{AssumeCheckOrder}},
		{name: "#47 Principal \"*\" is refused; the evaluator does not count the statement [S19][S38j]", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity","Condition":` + base + `}]}`,
			req: tMain(), want: ImplicitDeny, problem: "principal-wildcard"},
		{name: "#48 Federated \"*\" is refused; never matches in an Allow [S19]", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"*"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":` + base + `}]}`,
			req: tMain(), want: ImplicitDeny, problem: "principal-wildcard-value"},
		{name: "#49 NotPrincipal is refused; the statement is not counted [S7][S19]", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"Federated":"arn:aws:iam::999988887777:oidc-provider/x.example.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`,
			req: tMain(), want: ImplicitDeny, problem: "not-principal"},
		{name: "#51 legacy doc with only aud admits any GitHub repo [S15][S19][S20]", policy: A(`{"StringEquals":{"GH:aud":"sts.amazonaws.com"}}`),
			req: tMain(sub("repo:evil/other:ref:refs/heads/main"), claim("repository", "evil/other")), want: Allow},
		{name: "#54 EKS IRSA service account [S29]", policy: eksPolicy("StringEquals", "system:serviceaccount:default:my-sa"), req: eksToken("system:serviceaccount:default:my-sa"), want: Allow},
		{name: "#55 EKS other namespace [S29]", policy: eksPolicy("StringEquals", "system:serviceaccount:default:my-sa"), req: eksToken("system:serviceaccount:kube-system:my-sa"), want: ImplicitDeny},
		{name: "#56 EKS StringLike namespace wildcard [S29]", policy: eksPolicy("StringLike", "system:serviceaccount:default:*"), req: eksToken("system:serviceaccount:default:other"), want: Allow},
		{name: "#58 Pod Identity trust (Service principal) never admits a web identity [S32]", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`,
			req: eksToken("system:serviceaccount:default:my-sa"), want: ImplicitDeny},
		{name: "#59 Cognito authenticated identity [S33][S4]", policy: cognitoPolicy(`"us-east-1:pool-A"`), req: cognitoToken("us-east-1:pool-A", "authenticated", "accounts.google.com"), want: Allow},
		{name: "#60 Cognito unauthenticated identity: no amr element matches [S4][S33]", policy: cognitoPolicy(`"us-east-1:pool-A"`), req: cognitoToken("us-east-1:pool-A", "unauthenticated"), want: ImplicitDeny},
		{name: "#61 Cognito other identity pool [S33]", policy: cognitoPolicy(`"us-east-1:pool-A"`), req: cognitoToken("us-east-1:pool-B", "authenticated"), want: ImplicitDeny},
		{name: "#62 Cognito several pools are OR'd [S33]", policy: cognitoPolicy(`["us-east-1:pool-A","us-east-1:pool-B"]`), req: cognitoToken("us-east-1:pool-B", "authenticated"), want: Allow},
		{name: "#63 ForAnyValue on an absent amr is false [S4]",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/idp.example.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"ForAnyValue:StringEquals":{"idp.example.com:amr":"mfa"}}}]}`,
			req: &identity.Request{RoleARN: roleARN, Now: now, Claims: map[string]any{"iss": "https://idp.example.com", "aud": "app", "sub": "u", "exp": json.Number("1795870800")},
				OIDCProviders: []identity.OIDCProvider{{URL: "https://idp.example.com", ClientIDs: []string{"app"}}}},
			want: ImplicitDeny},
		{name: "#64 multivalued amr without a set operator: any element (UNCONFIRMED) [S5]",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + cog + `"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"` + cog + `:amr":"authenticated"}}}]}`,
			req:    cognitoToken("us-east-1:pool-A", "authenticated", "graph.facebook.com"), want: Allow, assumption: condition.AssumeMultiValueNoSet},
		{name: "#65 Google with azp: :aud is azp, so aud=AUD-X fails [S11]", policy: googlePolicy("AUD-X", "AUD-X"), req: googleToken, want: ImplicitDeny},
		{name: "#66 Google :aud=AZP-Y and :oaud=AUD-X [S11]", policy: googlePolicy("AZP-Y", "AUD-X"), req: googleToken, want: Allow},
		{name: "#67 Facebook app_id [S15][S22]",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"graph.facebook.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"graph.facebook.com:app_id":"111222333444555"}}}]}`,
			req:    &identity.Request{RoleARN: roleARN, Principal: "graph.facebook.com", Now: now, Claims: map[string]any{"app_id": "111222333444555", "id": "10150000000000001"}}, want: Allow},
		{name: "#68 GitHub 2026 keys repository_id and ref, sub repo:* [S24][S36][S38a]",
			policy: A(`{"StringEquals":{"GH:aud":"sts.amazonaws.com","GH:repository_id":"456789","GH:ref":"refs/heads/main"},"StringLike":{"GH:sub":"repo:*"}}`), req: tMain(), want: Allow},
		{name: "#69 immutable-sub format does not equal the old sub [S27]", policy: A(`{"StringEquals":{"GH:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`),
			req: tMain(sub("repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main")), want: ImplicitDeny},
		{name: "#70 customised sub with job_workflow_ref [S27]", policy: A(`{"StringEquals":{"GH:sub":"job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main"}}`),
			req: tMain(sub("job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main")), want: Allow},
		{name: "#71 colon in an environment name is encoded %3A [S27]", policy: A(`{"StringEquals":{"GH:sub":"repo:octo-org/octo-repo:environment:Production:V1"}}`),
			req: tMain(sub("repo:octo-org/octo-repo:environment:Production%3AV1"), claim("environment", "Production:V1")), want: ImplicitDeny},
		{name: "#72 two Allow statements are OR'd [S1]", policy: doc(stmt("Allow", awiwi, `{"StringEquals":{"GH:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`), stmt("Allow", awiwi, `{"StringEquals":{"GH:sub":"repo:octo-org/octo-repo:environment:prod"}}`)),
			req: tMain(sub(envProd), claim("environment", "prod")), want: Allow},
		{name: "#73 aws:SourceVpce absent over the internet [S21]", policy: A(merge(base, `{"StringEquals":{"aws:SourceVpce":"vpce-0abc"}}`)), req: tMain(), want: ImplicitDeny},
		{name: "#74 aws:SourceIp present over the internet [S21][S3]", policy: A(merge(base, `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`)), req: tMain(), want: Allow},
		{name: "#75 an SCP denying sts:* is not an input: assume succeeds [S34]", policy: A(base), req: tMain(), want: Allow},
		{name: "#76 RCP Deny on repository_owner_id: explicit deny [S35][S36]", policy: A(base), req: tMain(claim("repository_owner_id", "999")), rcps: []string{rcp76}, want: ExplicitDeny, byRCP: true},
		{name: "#77 a boundary allowing nothing is not an input: assume succeeds [S1][S22]", policy: A(base), req: tMain(), want: Allow},
		{name: "#80 ForAllValues with an empty array on aws:TagKeys, no tags: true [S19]",
			policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, merge(base, `{"ForAllValues:StringEquals":{"aws:TagKeys":[]}}`))), req: tMain(), want: Allow},
	})
}

// TestDocumentedDecisionsNameNoAssumption: decisions that rest only on
// documented rules must not claim to rely on an UNCONFIRMED one.
func TestDocumentedDecisionsNameNoAssumption(t *testing.T) {
	cases := []struct {
		name   string
		policy string
		req    *identity.Request
	}{
		{"#1 allow [S15]", A(base), tMain()},
		{"#2 implicit deny [S3]", A(base), tMain(sub("repo:octo-org/octo-repo:ref:refs/heads/feature"))},
		{"#15 explicit deny [S3]", doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base), stmt("Deny", `"sts:AssumeRoleWithWebIdentity"`, `{"StringNotEquals":{"GH:environment":"prod"}}`)), tMain()},
		{"#44 invalid token [S25]", A(base), tMain(claim("aud", "x"))},
		{"#45 expired token [S22]", A(base), tMain(claim("exp", json.Number("1795863600")))},
		{"#54 EKS allow [S29]", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EX"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/EX:sub":"system:serviceaccount:default:my-sa"}}}]}`,
			&identity.Request{RoleARN: roleARN, Now: now, Claims: map[string]any{"iss": "https://oidc.eks.us-east-1.amazonaws.com/id/EX", "aud": "sts.amazonaws.com", "sub": "system:serviceaccount:default:my-sa", "exp": json.Number("1795870800")},
				OIDCProviders: []identity.OIDCProvider{{URL: "https://oidc.eks.us-east-1.amazonaws.com/id/EX", ClientIDs: []string{"sts.amazonaws.com"}}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if res := decide(t, tc.policy, tc.req); len(res.Assumptions) != 0 {
				t.Errorf("%s names assumptions %q", res.Decision, res.Assumptions)
			}
		})
	}
}
