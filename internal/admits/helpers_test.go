package admits

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

const (
	testRole    = "arn:aws:iam::111122223333:role/app"
	githubARN   = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	eksIssuer   = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	eksHost     = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	eksARN      = "arn:aws:iam::111122223333:oidc-provider/" + eksHost
	gh          = "token.actions.githubusercontent.com"
	cognito     = "cognito-identity.amazonaws.com"
	testPool    = "us-east-1:11111111-2222-3333-4444-555555555555"
	conditionGH = `"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}`
)

// allow is one Allow statement for sts:AssumeRoleWithWebIdentity.
func allow(principal, conditions string) string {
	return fmt.Sprintf(`{"Effect": "Allow", "Principal": {"Federated": %q}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {%s}}`, principal, conditions)
}

// deny is one Deny statement for every Federated caller.
func deny(conditions string) string {
	return fmt.Sprintf(`{"Effect": "Deny", "Principal": {"Federated": "*"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {%s}}`, conditions)
}

// trust joins statements into a policy document.
func trust(statements ...string) string {
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(statements, ",") + `]}`
}

func mustParse(t testing.TB, text string) *policy.Document {
	t.Helper()
	doc, _, err := policy.Parse([]byte(text))
	if err != nil {
		t.Fatalf("policy.Parse: %v\n%s", err, text)
	}
	return doc
}

func mustRequest(t testing.TB, b identity.Binding) *identity.Request {
	t.Helper()
	req, err := b.Request(testRole)
	if err != nil {
		t.Fatalf("%s binding: %v", b.Kind(), err)
	}
	return req
}

func githubRef(t testing.TB, repo, ref string) *identity.Request {
	return mustRequest(t, identity.GitHubActions{Repository: repo, Ref: ref})
}

func githubEnv(t testing.TB, repo, env string) *identity.Request {
	return mustRequest(t, identity.GitHubActions{Repository: repo, Environment: env})
}

func eksSA(t testing.TB, ns, sa string) *identity.Request {
	return mustRequest(t, identity.EKSServiceAccount{Namespace: ns, ServiceAccount: sa, OIDCIssuer: eksIssuer})
}

func cognitoUser(t testing.TB, authenticated bool) *identity.Request {
	return mustRequest(t, identity.CognitoIdentityPool{IdentityPoolID: testPool, Authenticated: authenticated})
}

// checkWitness re-checks a witness independently of the package: the
// evaluator must allow it under the trust, and it must differ from every
// declared caller, by principal or by the value of a key both carry.
func checkWitness(t *testing.T, doc *policy.Document, callers []*identity.Request, w *Witness) {
	t.Helper()
	if w == nil || w.Request == nil {
		t.Fatalf("witness or its request is nil: %+v", w)
	}
	res, err := evaluate.Request(doc, w.Request)
	if err != nil {
		t.Fatalf("evaluate witness: %v", err)
	}
	if res.Decision != evaluate.Allow {
		t.Fatalf("witness %v is not allowed by the trust: %s", w.Claims, res.Decision)
	}
	if w.Statement != res.DecidedBy.Index && !slices.ContainsFunc(res.Statements, func(s evaluate.StatementTrace) bool { return s.Index == w.Statement && s.Applies }) {
		t.Errorf("witness names Statement[%d] but it does not apply", w.Statement)
	}
	if w.Class == "" || w.Description == "" {
		t.Errorf("witness lacks class or description: %+v", w)
	}
	wres, err := w.Request.Resolve()
	if err != nil {
		t.Fatalf("resolve witness: %v", err)
	}
	for i, c := range callers {
		cr := *c
		cr.RoleARN = testRole
		cres, err := cr.Resolve()
		if err != nil {
			t.Fatalf("resolve caller %d: %v", i, err)
		}
		if cres.Principal != wres.Principal {
			continue
		}
		differs := false
		for _, k := range cres.Keys {
			if wv, ok := wres.Lookup(k.Name); ok && !slices.Equal(sorted(wv), sorted(k.Values)) {
				differs = true
			}
		}
		if !differs {
			t.Errorf("witness %v is the same identity as declared caller %d %v", w.Claims, i, c.Claims)
		}
	}
}

func sorted(vs []string) []string {
	out := slices.Clone(vs)
	slices.Sort(out)
	return out
}

func shapeCodes(shapes []Shape) []string {
	var out []string
	for _, s := range shapes {
		out = append(out, s.Code)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func claimsString(m map[string]any) string {
	keys := slices.Sorted(maps.Keys(m))
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%v", k, m[k]))
	}
	return strings.Join(parts, " ")
}
