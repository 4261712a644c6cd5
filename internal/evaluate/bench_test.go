package evaluate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

const (
	benchEKSHost = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	// benchEKSTrust is a typical EKS IRSA trust policy (spec §8.2, [S29]).
	benchEKSTrust = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "PaymentsApi",
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/` + benchEKSHost + `"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {
      "` + benchEKSHost + `:aud": "sts.amazonaws.com",
      "` + benchEKSHost + `:sub": "system:serviceaccount:payments:api"
    }}
  }]
}`
	benchEKSRequest = `{
  "role_arn": "arn:aws:iam::111122223333:role/payments-api",
  "claims": {"iss": "https://` + benchEKSHost + `", "sub": "system:serviceaccount:payments:api", "aud": "sts.amazonaws.com", "exp": 1795870800},
  "oidc_providers": [{"url": "https://` + benchEKSHost + `", "client_ids": ["sts.amazonaws.com"]}],
  "now": "2026-11-28T12:00:00Z"
}`
)

func benchEKSInput(b *testing.B) Input {
	b.Helper()
	doc, _, err := policy.Parse([]byte(benchEKSTrust))
	if err != nil {
		b.Fatal(err)
	}
	req, err := identity.ParseRequest([]byte(benchEKSRequest))
	if err != nil {
		b.Fatal(err)
	}
	res, err := req.Resolve()
	if err != nil {
		b.Fatal(err)
	}
	return Input{Policy: doc, Request: res, Claims: req.Claims, OIDCProviders: req.OIDCProviders}
}

// BenchmarkEvaluateEKS measures evaluation alone: the policy is parsed and
// the request resolved beforehand.
func BenchmarkEvaluateEKS(b *testing.B) {
	in := benchEKSInput(b)
	if r := Evaluate(in); r.Decision != Allow {
		b.Fatalf("decision %s", r.Decision)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(in)
	}
}

// BenchmarkParseAndEvaluateEKS measures the whole path from JSON bytes.
func BenchmarkParseAndEvaluateEKS(b *testing.B) {
	policyJSON, requestJSON := []byte(benchEKSTrust), []byte(benchEKSRequest)
	b.ReportAllocs()
	for b.Loop() {
		doc, _, err := policy.Parse(policyJSON)
		if err != nil {
			b.Fatal(err)
		}
		req, err := identity.ParseRequest(requestJSON)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Request(doc, req)
		if err != nil || r.Decision != Allow {
			b.Fatalf("%v %v", err, r)
		}
	}
}

// BenchmarkEvaluate40Statements: 40 statements (multi-cluster IRSA, spec
// §2.10), the request matching only the last one.
func BenchmarkEvaluate40Statements(b *testing.B) {
	var stmts []string
	for i := 0; i < 40; i++ {
		host := fmt.Sprintf("oidc.eks.us-east-1.amazonaws.com/id/CLUSTER%02d", i)
		stmts = append(stmts, fmt.Sprintf(`{"Sid":"C%d","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/%s"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"%s:aud":"sts.amazonaws.com"},"StringLike":{"%s:sub":"system:serviceaccount:team-%d:*"}}}`, i, host, host, host, i))
	}
	doc, _, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`))
	if err != nil {
		b.Fatal(err)
	}
	const host = "oidc.eks.us-east-1.amazonaws.com/id/CLUSTER39"
	req := &identity.Request{RoleARN: roleARN, Now: now,
		Claims:        map[string]any{"iss": "https://" + host, "aud": "sts.amazonaws.com", "sub": "system:serviceaccount:team-39:api"},
		OIDCProviders: []identity.OIDCProvider{{URL: "https://" + host, ClientIDs: []string{"sts.amazonaws.com"}}}}
	res, err := req.Resolve()
	if err != nil {
		b.Fatal(err)
	}
	in := Input{Policy: doc, Request: res, Claims: req.Claims, OIDCProviders: req.OIDCProviders}
	if r := Evaluate(in); r.Decision != Allow || r.DecidedBy.Index != 39 {
		b.Fatalf("decision %s by %+v", r.Decision, r.DecidedBy)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(in)
	}
}
