package admits

import (
	"fmt"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// largeTrust is a 40-statement trust mixing providers and Deny statements,
// with 20 declared callers: 12 GitHub workflows, 6 EKS service accounts
// and 2 Cognito identities. Two clusters are trusted.
func largeTrust(t testing.TB) (*policy.Document, []*identity.Request) {
	const eks2Host = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
	var st []string
	for i := 0; i < 16; i++ {
		st = append(st, allow(githubARN, fmt.Sprintf(`%s, "StringLike": {"token.actions.githubusercontent.com:sub": ["repo:octo-org/app-%d:ref:refs/heads/*", "repo:octo-org/app-%d:environment:prod"]}`, conditionGH, i, i)))
	}
	for i := 0; i < 12; i++ {
		host, arn := eksHost, eksARN
		if i%2 == 1 {
			host, arn = eks2Host, "arn:aws:iam::111122223333:oidc-provider/"+eks2Host
		}
		st = append(st, allow(arn, fmt.Sprintf(`"StringEquals": {"%s:aud": "sts.amazonaws.com"}, "StringLike": {"%s:sub": "system:serviceaccount:ns-%d:*"}`, host, host, i)))
	}
	for i := 0; i < 4; i++ {
		st = append(st, allow(cognito, fmt.Sprintf(`"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:0000000%d-2222-3333-4444-555555555555"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}`, i)))
	}
	st = append(st, deny(`"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*:pull_request"}`))
	for i := 0; i < 6; i++ {
		st = append(st, deny(fmt.Sprintf(`"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app-%d:ref:refs/heads/tmp-*"}`, i)))
	}
	st = append(st, deny(`"StringEquals": {"`+eksHost+`:sub": "system:serviceaccount:kube-system:default"}`))
	doc := mustParse(t, trust(st...))
	if len(doc.Statements) != 40 {
		t.Fatalf("large trust has %d statements", len(doc.Statements))
	}
	// It is longer (about 14,600 characters) than any trust IAM accepts,
	// which Analyze does not analyse (TestAnalyzeSkipsOverIAMMaximum);
	// these tests measure the analysis itself, so the size is set to the
	// largest IAM accepts.
	doc.Size = min(doc.Size, policy.MaxTrustPolicySizeQuota)
	var callers []*identity.Request
	for i := 0; i < 12; i++ {
		callers = append(callers, githubRef(t, fmt.Sprintf("octo-org/app-%d", i), "main"))
	}
	for i := 0; i < 6; i++ {
		callers = append(callers, eksSA(t, fmt.Sprintf("ns-%d", 2*i), "api"))
	}
	callers = append(callers, mustRequest(t, identity.CognitoIdentityPool{IdentityPoolID: "us-east-1:00000000-2222-3333-4444-555555555555", Authenticated: true}))
	callers = append(callers, mustRequest(t, identity.CognitoIdentityPool{IdentityPoolID: "us-east-1:00000001-2222-3333-4444-555555555555", Authenticated: true}))
	return doc, callers
}

// BenchmarkAnalyze40Statements20Callers measures one analysis of the
// large trust (target: well under 50 ms).
func BenchmarkAnalyze40Statements20Callers(b *testing.B) {
	doc, callers := largeTrust(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze(doc, testRole, callers); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAnalyzeLargeTrust checks the large trust's answer. Its speed is
// measured by BenchmarkAnalyze40Statements20Callers, never asserted: a
// timed assertion fails on a busy machine.
func TestAnalyzeLargeTrust(t *testing.T) {
	doc, callers := largeTrust(t)
	a, err := Analyze(doc, testRole, callers)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Broader || !a.Exact {
		t.Fatalf("Broader=%v Exact=%v notes=%q", a.Broader, a.Exact, a.Notes)
	}
	checkWitness(t, doc, callers, a.Witness)
	t.Logf("witness [%s] %s", a.Witness.Class, claimsString(a.Witness.Claims))
}
