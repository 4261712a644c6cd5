package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// TestRoleTrustSkipsAnalysisOverIAMMaximum: a trust longer than any trust
// IAM accepts is not analysed for over-breadth; the data source says so
// with a warning on policy (and exclusive = true cannot pass).
func TestRoleTrustSkipsAnalysisOverIAMMaximum(t *testing.T) {
	const host = "token.actions.githubusercontent.com"
	var sts []string
	for i := 0; i < 200; i++ {
		sts = append(sts, fmt.Sprintf(`{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/%s"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"%s:aud":"sts.amazonaws.com","%s:sub":"repo:octo-org/app-%d:ref:refs/heads/main"}}}`, host, host, host, i))
	}
	doc, _, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[` + strings.Join(sts, ",") + `]}`))
	if err != nil || doc.Size <= policy.MaxTrustPolicySizeQuota {
		t.Fatalf("want a document over the quota: %v", err)
	}
	for _, exclusive := range []bool{false, true} {
		var diags diag.Diagnostics
		b, ok := checkExclusive(exclusive, check.Input{Policy: doc, RoleARN: "arn:aws:iam::111122223333:role/app"}, nil, "error", &diags)
		if ok == exclusive || len(b.admits) != 0 || len(b.risks) != 0 {
			t.Errorf("exclusive %v: ok %v, %+v", exclusive, ok, b)
		}
		if diags.WarningsCount() != 1 || diags.ErrorsCount() != 0 || diags[0].Summary() != "Over-breadth analysis skipped" || !strings.Contains(diags[0].Detail(), "was not analysed") {
			t.Errorf("exclusive %v: want one warning saying the analysis was skipped, got %v", exclusive, diags)
		}
	}
}
