package admits

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

const subMainCond = `"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}`

// TestEvaluatorSemantics covers operators and statement forms whose
// languages follow the evaluator's rules (spec §3, §4, §6).
func TestEvaluatorSemantics(t *testing.T) {
	google := func(t testing.TB) *identity.Request {
		return mustRequest(t, identity.OIDC{Principal: "accounts.google.com", ClaimsJSON: `{"aud": "client-2", "azp": "client-1", "sub": "1001"}`})
	}
	runAnalysisCases(t, []analysisCase{{
		name:    "§4.6 [S21] a network condition is chosen by the caller, not an identity",
		policy:  trust(allow(githubARN, subMainCond+`, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}`)),
		callers: callers(ghMain),
	}, {
		name:    "§4.6 [S21] a witness satisfies a network condition with an address of the range",
		policy:  trust(allow(githubARN, conditionGH+`, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}`)),
		callers: callers(ghMain),
		broader: true,
		class:   ClassAnyTenant,
		shapes:  []string{ShapeNoSubject},
	}, {
		name:    "§4.5 [S10] a variable with no value matches nothing",
		policy:  trust(allow(githubARN, `"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/${aws:username}"}`)),
		callers: callers(ghMain),
		inexact: true,
	}, {
		name:    "§4.5 [S10] ${*} is a literal star, not a wildcard",
		policy:  trust(allow(githubARN, `"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/${*}"}`)),
		callers: callers(func(t testing.TB) *identity.Request { return githubRef(t, "octo-org/app", "*") }),
	}, {
		name:    "§3 [S8] an Allow for sts:AssumeRole only admits no web identity",
		policy:  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "` + githubARN + `"}, "Action": "sts:AssumeRole"}]}`,
		callers: callers(ghMain),
	}, {
		name:    "§3 [S9] NotAction covering web identity admits",
		policy:  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "` + githubARN + `"}, "NotAction": "sts:AssumeRole", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}}}]}`,
		callers: callers(ghMain),
		broader: true,
		class:   ClassOtherRepository,
		shapes:  []string{ShapeOrganisationWide},
	}, {
		name:    "§6.1 [S1] a Deny for everyone but the caller",
		policy:  trust(allow(githubARN, conditionGH), deny(`"StringNotEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}`)),
		callers: callers(ghMain),
	}, {
		name: "§6.1 [S1] an unconditional Deny with Principal * leaves nothing",
		policy: trust(allow(githubARN, conditionGH),
			`{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity"}`),
		callers: callers(ghMain),
	}, {
		name:    "§4.3 [S3] a Deny with StringNotLikeIfExists also denies requests without the key",
		policy:  trust(allow(githubARN, conditionGH), deny(`"StringNotLikeIfExists": {"token.actions.githubusercontent.com:environment": "prod"}`)),
		callers: callers(func(t testing.TB) *identity.Request { return githubEnv(t, "octo-org/app", "prod") }),
		broader: true,
		class:   ClassAnyTenant,
		shapes:  []string{ShapeNoSubject},
	}, {
		name:    "§4.2 [S2] StringEqualsIgnoreCase admits case variants",
		policy:  trust(allow(githubARN, `"StringEqualsIgnoreCase": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}`)),
		callers: callers(ghMain),
		broader: true,
		class:   ClassCaseVariant,
	}, {
		name:    "§5 [S11] Google :aud is azp and :oaud is aud; an open sub admits other users",
		policy:  trust(allow("accounts.google.com", `"StringEquals": {"accounts.google.com:aud": "client-1", "accounts.google.com:oaud": "client-2"}`)),
		callers: callers(google),
		broader: true,
		class:   ClassAnyTenant,
	}, {
		name:    "§5 [S11] Google trust naming the user is exact",
		policy:  trust(allow("accounts.google.com", `"StringEquals": {"accounts.google.com:aud": "client-1", "accounts.google.com:oaud": "client-2", "accounts.google.com:sub": "1001"}`)),
		callers: callers(google),
	}, {
		name:    "§4.4 [S4] ForAnyValue:StringNotEquals amr still admits guests",
		policy:  trust(allow(cognito, `"StringEquals": {"cognito-identity.amazonaws.com:aud": "`+testPool+`"}, "ForAnyValue:StringNotEquals": {"cognito-identity.amazonaws.com:amr": "graph.facebook.com"}`)),
		callers: callers(func(t testing.TB) *identity.Request { return cognitoUser(t, true) }),
		broader: true,
		class:   ClassGuestIdentity,
	}, {
		name:    "§4.4 [S4] ForAllValues:StringEquals amr authenticated admits only authenticated identities",
		policy:  trust(allow(cognito, `"StringEquals": {"cognito-identity.amazonaws.com:aud": "`+testPool+`"}, "ForAllValues:StringEquals": {"cognito-identity.amazonaws.com:amr": ["authenticated", "graph.facebook.com"]}`)),
		callers: callers(func(t testing.TB) *identity.Request { return cognitoUser(t, true) }),
		shapes:  []string{ShapeForAllValues},
	}, {
		name:    "§4.1 [S4] an unknown operator makes the Allow admit nobody",
		policy:  trust(allow(githubARN, conditionGH+`, "StringLikee": {"token.actions.githubusercontent.com:sub": "*"}`)),
		callers: callers(ghMain),
	}, {
		name:    "§4.3 [S3] a glob too large for an automaton is decided value by value",
		policy:  trust(allow(githubARN, conditionGH+`, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:*a????????????????????"}`)),
		callers: callers(ghMain),
		broader: true,
		class:   ClassOtherOrganisation,
	}, {
		name:    "§4.3 [S3] a context key the caller chooses is not an identity",
		policy:  trust(allow(githubARN, subMainCond+`, "StringLike": {"sts:RoleSessionName": "ci-*"}`)),
		callers: callers(ghMain),
	}})
}

func TestAdmittedDescriptions(t *testing.T) {
	doc := mustParse(t, trust(
		allow(githubARN, conditionGH+`, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}, "StringNotLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/sandbox:*"}`),
		allow(githubARN, `"StringEquals": {"token.actions.githubusercontent.com:repository_visibility": "private"}`)))
	a, err := Analyze(doc, testRole, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Admits) != 2 {
		t.Fatalf("admits = %+v", a.Admits)
	}
	var sub *KeyLanguage
	for i := range a.Admits[0].Keys {
		if a.Admits[0].Keys[i].Claim == "sub" {
			sub = &a.Admits[0].Keys[i]
		}
	}
	if sub == nil || sub.Unrestricted || sub.MayBeAbsent || len(sub.Matches) != 1 || len(sub.Excludes) != 1 ||
		sub.Description != `matches "repo:octo-org/*" and does not match "repo:octo-org/sandbox:*"` {
		t.Errorf("sub language = %+v", sub)
	}
	if !a.Admits[1].Nothing {
		t.Errorf("a condition on a claim AWS never maps should admit nothing: %+v", a.Admits[1])
	}
	if a.Broader || a.Witness != nil {
		t.Errorf("no callers declared: Broader must be false")
	}
}
