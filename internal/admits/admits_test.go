package admits

import (
	"slices"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// analysisCase is one trust with its declared callers and the expected
// answer. Every case re-checks its witness and its shape examples with the
// evaluator (checkWitness).
type analysisCase struct {
	name    string
	policy  string
	callers func(t testing.TB) []*identity.Request
	broader bool
	class   string
	// witnessSub, when set, is a prefix the witness's sub must have.
	witnessSub string
	shapes     []string
	// inexact cases involve conditions decided value by value.
	inexact bool
}

func runAnalysisCases(t *testing.T, cases []analysisCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustParse(t, tc.policy)
			var callers []*identity.Request
			if tc.callers != nil {
				callers = tc.callers(t)
			}
			a, err := Analyze(doc, testRole, callers)
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			if a.Broader != tc.broader {
				t.Fatalf("Broader = %v, want %v (witness %+v, notes %q)", a.Broader, tc.broader, a.Witness, a.Notes)
			}
			if a.Exact == tc.inexact {
				t.Errorf("Exact = %v, want %v (notes %q)", a.Exact, !tc.inexact, a.Notes)
			}
			if tc.broader {
				checkWitness(t, doc, callers, a.Witness)
				if a.Witness.Class != tc.class {
					t.Errorf("witness class = %q, want %q (%s; %s)", a.Witness.Class, tc.class, claimsString(a.Witness.Claims), a.Witness.Description)
				}
				if sub, _ := a.Witness.Claims["sub"].(string); tc.witnessSub != "" && !strings.HasPrefix(sub, tc.witnessSub) {
					t.Errorf("witness sub = %q, want prefix %q", sub, tc.witnessSub)
				}
			} else if a.Witness != nil {
				t.Errorf("witness %+v without Broader", a.Witness)
			}
			if got := shapeCodes(a.Shapes); !slices.Equal(got, sorted(tc.shapes)) {
				t.Errorf("shapes = %q, want %q\n%+v", got, sorted(tc.shapes), a.Shapes)
			}
			for _, s := range a.Shapes {
				if s.Message == "" || s.Fix == "" {
					t.Errorf("shape %s lacks message or fix", s.Code)
				}
				if s.Example != nil {
					checkWitness(t, doc, nil, s.Example)
				} else if s.Code != ShapeForAllValues {
					t.Errorf("shape %s has no example", s.Code)
				}
			}
		})
	}
}

func callers(fs ...func(t testing.TB) *identity.Request) func(t testing.TB) []*identity.Request {
	return func(t testing.TB) []*identity.Request {
		var out []*identity.Request
		for _, f := range fs {
			out = append(out, f(t))
		}
		return out
	}
}

func ghMain(t testing.TB) *identity.Request { return githubRef(t, "octo-org/app", "main") }

// TestIssueShapes covers each over-breadth shape of the issue, with a
// declared caller (witness and class) and its shape finding.
func TestIssueShapes(t *testing.T) {
	runAnalysisCases(t, []analysisCase{{
		name:       "§7.6 [S15] GitHub trust checking only aud admits any repository",
		policy:     trust(allow(githubARN, conditionGH)),
		callers:    callers(ghMain),
		broader:    true,
		class:      ClassAnyTenant,
		witnessSub: "repo:attacker-owned/",
		shapes:     []string{ShapeNoSubject},
	}, {
		name:       "§7.6 [S15] repo:org/* admits every repository of the organisation",
		policy:     trust(allow(githubARN, conditionGH+`, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}`)),
		callers:    callers(ghMain),
		broader:    true,
		class:      ClassOtherRepository,
		witnessSub: "repo:octo-org/attacker-repo:",
		shapes:     []string{ShapeOrganisationWide},
	}, {
		name:       "§8.1 [S27] repo:org/repo:* admits pull requests",
		policy:     trust(allow(githubARN, conditionGH+`, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:*"}`)),
		callers:    callers(ghMain),
		broader:    true,
		class:      ClassPullRequest,
		witnessSub: "repo:octo-org/app:pull_request",
		shapes:     []string{ShapePullRequest},
	}, {
		name:       "§8.2 [S29] EKS trust without sub admits every service account of the cluster",
		policy:     trust(allow(eksARN, `"StringEquals": {"`+eksHost+`:aud": "sts.amazonaws.com"}`)),
		callers:    callers(func(t testing.TB) *identity.Request { return eksSA(t, "payments", "api") }),
		broader:    true,
		class:      ClassOtherNamespace,
		witnessSub: "system:serviceaccount:kube-system:anything",
		shapes:     []string{ShapeNoSubject},
	}, {
		name:    "§8.4 [S33] Cognito trust omitting amr admits guest identities",
		policy:  trust(allow(cognito, `"StringEquals": {"cognito-identity.amazonaws.com:aud": "`+testPool+`"}`)),
		callers: callers(func(t testing.TB) *identity.Request { return cognitoUser(t, true) }),
		broader: true,
		class:   ClassGuestIdentity,
		shapes:  []string{ShapeCognitoGuest},
	}, {
		name:       "§4.1 [S4] a * hidden in an OR-list admits anyone",
		policy:     trust(allow(githubARN, conditionGH+`, "StringLike": {"token.actions.githubusercontent.com:sub": ["repo:octo-org/app:ref:refs/heads/main", "*"]}`)),
		callers:    callers(ghMain),
		broader:    true,
		class:      ClassAnyTenant,
		witnessSub: "repo:attacker-owned/",
		shapes:     []string{ShapeWildcardSubject},
	}, {
		name:    "§4.4 [S4][S37] ForAllValues: on a misspelt key is always true",
		policy:  trust(allow(githubARN, conditionGH+`, "ForAllValues:StringEquals": {"token.actions.githubusercontent.com:sbu": "repo:octo-org/app:ref:refs/heads/main"}`)),
		callers: callers(ghMain),
		broader: true,
		class:   ClassAnyTenant,
		// The misspelt key restricts nothing: the shape reported is what the
		// trust admits without it.
		shapes: []string{ShapeNoSubject},
	}, {
		name:       "§4.3 [S3] a StringNotLike-only restriction admits everyone else",
		policy:     trust(allow(githubARN, conditionGH+`, "StringNotLike": {"token.actions.githubusercontent.com:sub": "repo:evil-org/*"}`)),
		callers:    callers(ghMain),
		broader:    true,
		class:      ClassOtherOrganisation,
		witnessSub: "repo:attacker-owned/",
		shapes:     []string{ShapeNegatedOnly},
	}, {
		name:    "§4.3 [S3] Null sub false restricts nothing",
		policy:  trust(allow(githubARN, conditionGH+`, "Null": {"token.actions.githubusercontent.com:sub": "false"}`)),
		callers: callers(ghMain),
		broader: true,
		class:   ClassAnyTenant,
		shapes:  []string{ShapeNoSubject},
	}, {
		name:    "§8.4 [S11] Cognito trust without aud admits other identity pools",
		policy:  trust(allow(cognito, `"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}`)),
		callers: callers(func(t testing.TB) *identity.Request { return cognitoUser(t, true) }),
		broader: true,
		class:   ClassAnyTenant,
		shapes:  []string{ShapeCognitoAudience},
	}, {
		name:       "§8.2 [S29] EKS sub wildcard over all namespaces",
		policy:     trust(allow(eksARN, `"StringLike": {"`+eksHost+`:sub": "system:serviceaccount:*"}`)),
		callers:    callers(func(t testing.TB) *identity.Request { return eksSA(t, "payments", "api") }),
		broader:    true,
		class:      ClassOtherNamespace,
		witnessSub: "system:serviceaccount:kube-system:",
		shapes:     []string{ShapeWildcardSubject},
	}, {
		name:       "§8.2 [S29] EKS namespace wildcard admits other service accounts (documented pattern, no shape)",
		policy:     trust(allow(eksARN, `"StringLike": {"`+eksHost+`:sub": "system:serviceaccount:payments:*"}`)),
		callers:    callers(func(t testing.TB) *identity.Request { return eksSA(t, "payments", "api") }),
		broader:    true,
		class:      ClassOtherServiceAccount,
		witnessSub: "system:serviceaccount:payments:",
	}, {
		name:       "§8.1 [S27] environment wildcard admits other environments",
		policy:     trust(allow(githubARN, conditionGH+`, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:environment:*"}`)),
		callers:    callers(func(t testing.TB) *identity.Request { return githubEnv(t, "octo-org/app", "prod") }),
		broader:    true,
		class:      ClassOtherEnvironment,
		witnessSub: "repo:octo-org/app:environment:",
	}, {
		name:       "§8.1 [S27] branch wildcard admits other branches",
		policy:     trust(allow(githubARN, conditionGH+`, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/release-*"}`)),
		callers:    callers(func(t testing.TB) *identity.Request { return githubRef(t, "octo-org/app", "release-1") }),
		broader:    true,
		class:      ClassOtherRef,
		witnessSub: "repo:octo-org/app:ref:refs/heads/release-",
	}, {
		name: "§6.1 [S1] a Deny subtracts: pull requests denied, environments still admitted",
		policy: trust(
			allow(githubARN, conditionGH+`, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:*"}`),
			deny(`"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*:pull_request"}`)),
		callers:    callers(ghMain),
		broader:    true,
		class:      ClassOtherEnvironment,
		witnessSub: "repo:octo-org/app:environment:",
	}, {
		name: "§2.2 [S6] a second provider no caller uses",
		policy: trust(
			allow(githubARN, conditionGH+`, "StringEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}`),
			allow(eksARN, `"StringEquals": {"`+eksHost+`:sub": "system:serviceaccount:payments:api"}`)),
		callers: callers(ghMain),
		broader: true,
		class:   ClassOtherProvider,
	}, {
		name:    "§8.1 [S27] trust for another branch than the declared caller",
		policy:  trust(allow(githubARN, conditionGH+`, "StringEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/release"}`)),
		callers: callers(ghMain),
		broader: true,
		class:   ClassOtherRef,
	}})
}

// TestSharedIssuersWithoutSubject flags a trust without a subject condition
// on each shared issuer the issue names, with no callers declared.
func TestSharedIssuersWithoutSubject(t *testing.T) {
	var cases []analysisCase
	for _, host := range []string{"token.actions.githubusercontent.com", "gitlab.com", "app.terraform.io", "oidc.circleci.com/org/0f1e2d3c-aaaa-bbbb-cccc-111122223333", "agent.buildkite.com"} {
		arn := "arn:aws:iam::111122223333:oidc-provider/" + host
		cases = append(cases, analysisCase{
			name:   "§7.1 [S20] " + host + " without sub",
			policy: trust(allow(arn, `"StringEquals": {"`+host+`:aud": "sts.amazonaws.com"}`)),
			shapes: []string{ShapeNoSubject},
		})
	}
	cases = append(cases, analysisCase{
		name:   "§7.1 [S20] a private issuer without sub is not flagged",
		policy: trust(allow("arn:aws:iam::111122223333:oidc-provider/idp.example.com", `"StringEquals": {"idp.example.com:aud": "my-client"}`)),
	})
	runAnalysisCases(t, cases)
}

// TestExactTrusts are the negative cases: a trust exactly as narrow as its
// callers produces no finding.
func TestExactTrusts(t *testing.T) {
	subMain := `"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}`
	runAnalysisCases(t, []analysisCase{{
		name:    "§8.1 [S27] repo:org/repo:ref:refs/heads/main with that caller is exclusive",
		policy:  trust(allow(githubARN, subMain)),
		callers: callers(ghMain),
	}, {
		name:    "§4.3 [S3] StringLikeIfExists on sub is still exact: GitHub tokens always carry sub",
		policy:  trust(allow(githubARN, conditionGH+`, "StringLikeIfExists": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}`)),
		callers: callers(ghMain),
	}, {
		name:   "§4.1 [S4] an OR-list of exactly the declared callers",
		policy: trust(allow(githubARN, conditionGH+`, "StringEquals": {"token.actions.githubusercontent.com:sub": ["repo:octo-org/app:ref:refs/heads/main", "repo:octo-org/app:environment:prod", "repo:octo-org/web:ref:refs/tags/v1"]}`)),
		callers: callers(ghMain,
			func(t testing.TB) *identity.Request { return githubEnv(t, "octo-org/app", "prod") },
			func(t testing.TB) *identity.Request {
				return mustRequest(t, identity.GitHubActions{Repository: "octo-org/web", Ref: "refs/tags/v1"})
			}),
	}, {
		name: "§6.1 [S1] an org-wide Allow narrowed by a Deny to exactly the caller",
		policy: trust(
			allow(githubARN, conditionGH+`, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}`),
			deny(`"StringNotEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}`)),
		callers: callers(ghMain),
	}, {
		name:    "§8.2 [S29] EKS trust naming exactly the service account",
		policy:  trust(allow(eksARN, `"StringEquals": {"`+eksHost+`:aud": "sts.amazonaws.com", "`+eksHost+`:sub": "system:serviceaccount:payments:api"}`)),
		callers: callers(func(t testing.TB) *identity.Request { return eksSA(t, "payments", "api") }),
	}, {
		name:    "§8.4 [S33] Cognito trust for authenticated identities of one pool",
		policy:  trust(allow(cognito, `"StringEquals": {"cognito-identity.amazonaws.com:aud": "`+testPool+`"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}`)),
		callers: callers(func(t testing.TB) *identity.Request { return cognitoUser(t, true) }),
	}, {
		name:    "§8.4 [S33] Cognito trust for guests of one pool",
		policy:  trust(allow(cognito, `"StringEquals": {"cognito-identity.amazonaws.com:aud": "`+testPool+`"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}`)),
		callers: callers(func(t testing.TB) *identity.Request { return cognitoUser(t, false) }),
	}, {
		name:    "§5 [S28] a condition on a claim AWS never maps admits nobody else",
		policy:  trust(allow(githubARN, subMain+`, "StringLike": {"token.actions.githubusercontent.com:repository_visibility": "private"}`)),
		callers: callers(ghMain),
	}, {
		name:    "§4.2 [S2] condition key names compare without case",
		policy:  trust(allow(githubARN, `"StringEquals": {"Token.Actions.GitHubUserContent.com:SUB": "repo:octo-org/app:ref:refs/heads/main"}`)),
		callers: callers(ghMain),
	}, {
		name:    "§2.1 [S25] a provider in another account admits nobody",
		policy:  trust(allow("arn:aws:iam::999999999999:oidc-provider/token.actions.githubusercontent.com", conditionGH)),
		callers: callers(ghMain),
	}})
}

// TestWitnessShowsCallerValues: the witness copies the declared caller's
// other values and differs only where the trust is broader.
func TestWitnessShowsCallerValues(t *testing.T) {
	doc := mustParse(t, trust(allow(githubARN, `"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:ref": "refs/heads/main"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}`)))
	c := []*identity.Request{ghMain(t)}
	a, err := Analyze(doc, testRole, c)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Broader {
		t.Fatalf("not broader: %+v", a)
	}
	checkWitness(t, doc, c, a.Witness)
	if a.Witness.Claims["ref"] != "refs/heads/main" || a.Witness.Claims["aud"] != "sts.amazonaws.com" {
		t.Errorf("witness should keep the caller's ref and aud: %s", claimsString(a.Witness.Claims))
	}
}

func TestAnalyzeBadInput(t *testing.T) {
	doc := mustParse(t, trust(allow(githubARN, conditionGH)))
	if _, err := Analyze(nil, testRole, nil); err == nil {
		t.Error("nil document: no error")
	}
	if _, err := Analyze(doc, "not-an-arn", nil); err == nil || !strings.Contains(err.Error(), "role ARN") {
		t.Errorf("bad role ARN: %v", err)
	}
	if _, err := Analyze(doc, testRole, []*identity.Request{{Claims: map[string]any{"sub": "x"}}}); err == nil || !strings.Contains(err.Error(), "caller 0") {
		t.Errorf("unresolvable caller: %v", err)
	}
	a, err := Analyze(doc, testRole, []*identity.Request{nil, {PrincipalType: "AWS", Principal: "arn:aws:iam::111122223333:role/ci"}})
	if err != nil || a.Broader {
		t.Errorf("non-web-identity callers are ignored: %v %+v", err, a)
	}
}

// A key with the URL scheme in it (spec §5 [S38b]) is never set by AWS: a
// statement that requires it admits nobody and yields no witness.
func TestSchemeInKeyAdmitsNobody(t *testing.T) {
	doc, _, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
	 "Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EX"},
	 "Action":"sts:AssumeRoleWithWebIdentity",
	 "Condition":{"StringEquals":{"https://oidc.eks.us-east-1.amazonaws.com/id/EX:sub":"system:serviceaccount:app:api"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	an, err := Analyze(doc, "arn:aws:iam::111122223333:role/app", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Shapes) != 0 || an.Broader {
		t.Fatalf("want no shapes and not broader, got shapes %+v broader %v", an.Shapes, an.Broader)
	}
}
