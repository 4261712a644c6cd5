package admits

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// TestProvablyNarrowCases: the pre-check says narrow only for trusts
// inside their callers, and the full analysis agrees.
func TestProvablyNarrowCases(t *testing.T) {
	eksCond := func(sub string) string {
		return fmt.Sprintf(`"StringEquals": {"%s:aud": "sts.amazonaws.com", "%s:sub": %q}`, eksHost, eksHost, sub)
	}
	app := func(t testing.TB) *identity.Request { return eksSA(t, "ns", "app") }
	cases := []struct {
		name    string
		trust   string
		callers func(t testing.TB) []*identity.Request
		want    bool
	}{
		{"exact sub and aud", trust(allow(eksARN, eksCond("system:serviceaccount:ns:app"))), callers(app), true},
		{"another service account", trust(allow(eksARN, eksCond("system:serviceaccount:ns:other"))), callers(app), false},
		{"no caller", trust(allow(eksARN, eksCond("system:serviceaccount:ns:app"))), callers(), false},
		{"no sub", trust(allow(eksARN, fmt.Sprintf(`"StringEquals": {"%s:aud": "sts.amazonaws.com"}`, eksHost))), callers(app), false},
		{"StringLike sub", trust(allow(eksARN, fmt.Sprintf(`"StringLike": {"%s:sub": "system:serviceaccount:ns:*"}`, eksHost))), callers(app), false},
		{"IfExists", trust(allow(eksARN, fmt.Sprintf(`"StringEqualsIfExists": {"%s:sub": "system:serviceaccount:ns:app"}`, eksHost))), callers(app), false},
		{"variable", trust(allow(eksARN, fmt.Sprintf(`"StringEquals": {"%s:sub": "system:serviceaccount:ns:${*}"}`, eksHost))), callers(app), false},
		{"two subs, one caller", trust(allow(eksARN, fmt.Sprintf(`"StringEquals": {"%s:sub": ["system:serviceaccount:ns:app", "system:serviceaccount:ns:b"]}`, eksHost))), callers(app), false},
		{"with a deny", trust(allow(eksARN, eksCond("system:serviceaccount:ns:app")), deny(`"StringEquals": {"aws:SourceIp": "x"}`)), callers(app), false},
		{"other audience", trust(allow(eksARN, fmt.Sprintf(`"StringEquals": {"%s:aud": "other", "%s:sub": "system:serviceaccount:ns:app"}`, eksHost, eksHost))), callers(app), false},
		{"github exact", trust(allow(githubARN, conditionGH+`, "StringLike": {}`), allow(githubARN, fmt.Sprintf(`"StringEquals": {"%s:sub": "repo:octo-org/app:ref:refs/heads/main", "%s:aud": "sts.amazonaws.com"}`, gh, gh))), callers(ghMain), false},
		{"github exact only", trust(allow(githubARN, fmt.Sprintf(`"StringEquals": {"%s:sub": "repo:octo-org/app:ref:refs/heads/main", "%s:aud": "sts.amazonaws.com"}`, gh, gh))), callers(ghMain), true},
		{"cognito", trust(allow(cognito, fmt.Sprintf(`"StringEquals": {"%s:aud": %q}`, cognito, testPool))), callers(func(t testing.TB) *identity.Request { return cognitoUser(t, true) }), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := mustParse(t, c.trust)
			reqs := c.callers(t)
			if got := ProvablyNarrow(doc, resolveAll(t, reqs)); got != c.want {
				t.Errorf("ProvablyNarrow = %v, want %v", got, c.want)
			}
			compareShortcut(t, c.trust, reqs)
		})
	}
}

// TestProvablyNarrowRandom: on random trusts (Allow and Deny statements,
// several principals and actions, exact, glob, IfExists, set, negated and
// case-insensitive operators, variables) and random callers, the analysis
// with the shortcut is the analysis without it, and ProvablyNarrow never
// says narrow where the full analysis finds an identity beyond the
// callers.
func TestProvablyNarrowRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2))
	narrow, quiet, broader := 0, 0, 0
	n := 1500
	if testing.Short() {
		n = 300
	}
	for i := range n {
		var extra []string
		reqs := randomCallers(t, rng)
		if rng.IntN(2) == 0 {
			// Half the trusts start with the exact statement of a caller.
			stmt, req := exactStatement(t, rng)
			extra, reqs = append(extra, stmt), append(reqs, req)
		}
		text := randomTrust(rng, extra...)
		doc := mustParse(t, text)
		res := resolveAll(t, reqs)
		an := compareShortcut(t, text, reqs)
		admitted := len(an.Admits) > 0 // not vacuous: some principal admits someone
		if ProvablyQuiet(doc, res) && admitted {
			quiet++
		}
		if ProvablyNarrow(doc, res) && admitted {
			narrow++
		}
		if ProvablyQuiet(doc, res) && (an.Broader || len(an.Shapes) > 0) {
			t.Fatalf("case %d: ProvablyQuiet but the analysis finds %v and shapes %v\n%s", i, an.Witness, shapeCodes(an.Shapes), text)
		}
		if ProvablyNarrow(doc, res) && an.Broader {
			t.Fatalf("case %d: ProvablyNarrow but the analysis finds %v\n%s", i, an.Witness, text)
		}
		if an.Broader {
			broader++
		}
	}
	t.Logf("%d cases: %d provably narrow with something admitted, %d of them quiet, %d broader", n, narrow, quiet, broader)
	if narrow < n/20 || broader < n/20 || quiet < n/20 {
		t.Errorf("the generator is lopsided: %d narrow, %d quiet, %d broader of %d", narrow, quiet, broader, n)
	}
}

// compareShortcut runs Analyze with and without the shortcut and fails
// when the answers differ; it returns the full analysis.
func compareShortcut(t *testing.T, text string, reqs []*identity.Request) *Analysis {
	t.Helper()
	doc := mustParse(t, text)
	defer func() { narrowShortcut = true }()
	narrowShortcut = true
	fast, err := Analyze(doc, testRole, reqs)
	if err != nil {
		t.Fatal(err)
	}
	narrowShortcut = false
	full, err := Analyze(doc, testRole, reqs)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(fast)
	b, _ := json.Marshal(full)
	if string(a) != string(b) || fast.Broader != full.Broader || fast.Exact != full.Exact {
		t.Fatalf("the shortcut changes the analysis of\n%s\nfast: %s\nfull: %s", text, a, b)
	}
	return full
}

func resolveAll(t testing.TB, reqs []*identity.Request) []*identity.Resolved {
	t.Helper()
	var out []*identity.Resolved
	for _, r := range reqs {
		c := *r
		c.RoleARN = testRole
		res, err := c.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res)
	}
	return out
}

func pick[T any](rng *rand.Rand, xs ...T) T { return xs[rng.IntN(len(xs))] }

// exactStatement is an Allow statement pinning sub and aud of a caller,
// and the caller; the operator on sub is mostly StringEquals, else one
// that looks alike and admits more (or other values).
func exactStatement(t *testing.T, rng *rand.Rand) (string, *identity.Request) {
	op := pick(rng, "StringEquals", "StringEquals", "StringEquals", "StringEqualsIgnoreCase", "StringNotEquals",
		"ForAnyValue:StringEquals", "StringEqualsIfExists", "StringLike", "ForAllValues:StringEquals")
	cond := func(host, sub string) string {
		if op == "StringEquals" {
			return fmt.Sprintf(`"StringEquals": {"%s:aud": "sts.amazonaws.com", "%s:sub": %q}`, host, host, sub)
		}
		return fmt.Sprintf(`"StringEquals": {"%s:aud": "sts.amazonaws.com"}, %q: {"%s:sub": %q}`, host, op, host, sub)
	}
	switch rng.IntN(3) {
	case 0:
		return allow(githubARN, cond(gh, "repo:octo-org/app:ref:refs/heads/main")), githubRef(t, "octo-org/app", "main")
	case 1:
		return allow(githubARN, cond(gh, "repo:octo-org/app:pull_request")),
			mustRequest(t, identity.GitHubActions{Repository: "octo-org/app", PullRequest: true})
	}
	return allow(eksARN, cond(eksHost, "system:serviceaccount:ns:app")), eksSA(t, "ns", "app")
}

// randomTrust is a random trust policy with the extra statements first.
func randomTrust(rng *rand.Rand, extra ...string) string {
	stmts := extra
	for range rng.IntN(3 - len(extra)) {
		prov := pick(rng, githubARN, githubARN, eksARN, eksARN, "arn:aws:iam::444455556666:oidc-provider/"+gh, cognito)
		principal := fmt.Sprintf(`{"Federated": %q}`, prov)
		if rng.IntN(8) == 0 {
			principal = fmt.Sprintf(`{"Federated": [%q, %q]}`, githubARN, eksARN)
		} else if rng.IntN(12) == 0 {
			principal = `{"Service": "ec2.amazonaws.com"}`
		}
		host := map[string]string{githubARN: gh, eksARN: eksHost, cognito: cognito}[prov]
		if host == "" {
			host = gh
		}
		ops := map[string]map[string][]string{}
		for range rng.IntN(4) {
			op := pick(rng, "StringEquals", "StringEquals", "StringEquals", "StringEquals", "StringLike", "StringEqualsIfExists",
				"ForAnyValue:StringEquals", "StringNotEquals", "StringEqualsIgnoreCase")
			claim := pick(rng, "sub", "sub", "aud", "aud", "email", "amr")
			key := pick(rng, host, host, host, gh, eksHost) + ":" + claim
			if rng.IntN(10) == 0 {
				key = pick(rng, "aws:SourceIp", "sts:RoleSessionName", strings.ToUpper(host)+":SUB")
			}
			var vals []string
			for range 1 + rng.IntN(2) {
				vals = append(vals, randomValue(rng, claim))
			}
			if ops[op] == nil {
				ops[op] = map[string][]string{}
			}
			ops[op][key] = vals
		}
		cond, _ := json.Marshal(ops)
		effect := "Allow"
		if rng.IntN(6) == 0 {
			effect = "Deny"
		}
		action := pick(rng, "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithWebIdentity", "sts:*", "sts:AssumeRole")
		stmts = append(stmts, fmt.Sprintf(`{"Effect": %q, "Principal": %s, "Action": %q, "Condition": %s}`, effect, principal, action, cond))
	}
	return trust(stmts...)
}

func randomValue(rng *rand.Rand, claim string) string {
	switch claim {
	case "aud":
		return pick(rng, "sts.amazonaws.com", "sts.amazonaws.com", "other", testPool)
	case "sub":
		return pick(rng, "repo:octo-org/app:ref:refs/heads/main", "repo:octo-org/app:ref:refs/heads/main", "repo:octo-org/b:environment:prod", "repo:octo-org/app:pull_request",
			"repo:octo-org/*", "system:serviceaccount:ns:app", "system:serviceaccount:ns:app", "system:serviceaccount:ns:b",
			"system:serviceaccount:ns:${*}", "System:serviceaccount:ns:app")
	}
	return pick(rng, "x", "authenticated", "a@example.com")
}

func randomCallers(t *testing.T, rng *rand.Rand) []*identity.Request {
	var out []*identity.Request
	for range rng.IntN(3) {
		switch rng.IntN(6) {
		case 5:
			out = append(out, mustRequest(t, identity.GitHubActions{Repository: "octo-org/app", PullRequest: true}))
		case 0:
			out = append(out, githubRef(t, "octo-org/app", "main"))
		case 1:
			out = append(out, githubEnv(t, "octo-org/b", "prod"))
		case 2:
			out = append(out, eksSA(t, "ns", "app"))
		case 3:
			out = append(out, eksSA(t, "ns", "b"))
		default:
			out = append(out, mustRequest(t, identity.EKSServiceAccount{Namespace: "ns", ServiceAccount: "app", OIDCIssuer: eksIssuer, Audience: "other"}))
		}
	}
	return out
}
