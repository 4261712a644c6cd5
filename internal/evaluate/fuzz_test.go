package evaluate

import (
	"reflect"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// FuzzEvaluate parses a policy and a request JSON, evaluates, and checks
// the invariants of checkInvariants plus determinism. The seed corpus in
// testdata/fuzz/FuzzEvaluate covers the worked examples of spec §11.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte(fixtures.Replace(A(base))), []byte(`{"role_arn":"`+roleARN+`","claims":{"iss":"`+ghIss+`","aud":"sts.amazonaws.com","sub":"`+mainSub+`","exp":1795870800},"oidc_providers":[{"url":"`+ghIss+`","client_ids":["sts.amazonaws.com"]}],"now":"`+now+`"}`))
	f.Fuzz(func(t *testing.T, policyJSON, requestJSON []byte) {
		doc, _, err := policy.Parse(policyJSON)
		if err != nil {
			t.Skip()
		}
		req, err := identity.ParseRequest(requestJSON)
		if err != nil {
			t.Skip()
		}
		first, err := Request(doc, req)
		if err != nil {
			t.Skip()
		}
		checkInvariants(t, first)
		second, err := Request(doc, req)
		if err != nil {
			t.Fatalf("second evaluation failed: %v", err)
		}
		if first.Decision != second.Decision || !reflect.DeepEqual(first.DecidedBy, second.DecidedBy) ||
			first.FailedAction != second.FailedAction || first.Error != second.Error ||
			!reflect.DeepEqual(first.Assumptions, second.Assumptions) || !reflect.DeepEqual(first.Statements, second.Statements) {
			t.Fatalf("evaluation is not deterministic: %s/%+v then %s/%+v", first.Decision, first.DecidedBy, second.Decision, second.DecidedBy)
		}
	})
}
