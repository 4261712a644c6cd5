package policy

import (
	"reflect"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
)

// TestParseRealisticTrustPolicies parses the trust policies the AWS and
// GitHub guides publish: none has a problem, and the evaluator-facing
// fields come out as written.
func TestParseRealisticTrustPolicies(t *testing.T) {
	const eksProvider = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	const ghProvider = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	type entry struct{ op, key string }
	tests := []struct {
		name, source string
		input        string
		wantLabels   []string
		wantFed      [][]string
		wantEntries  [][]entry
	}{
		{
			name: "EKS IRSA", source: "§8.2 [S29]", input: eksIRSATrust,
			wantLabels: []string{"Statement[0]"},
			wantFed:    [][]string{{eksProvider}},
			wantEntries: [][]entry{{
				{"StringEquals", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud"},
				{"StringEquals", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub"},
			}},
		},
		{
			name: "GitHub Actions with a Deny for pull requests", source: "§8.1 [S15][S28]", input: gitHubTrust,
			wantLabels: []string{`Statement[0] "GitHubDeploy"`, `Statement[1] "DenyPullRequests"`},
			wantFed:    [][]string{{ghProvider}, {ghProvider}},
			wantEntries: [][]entry{
				{{"StringEquals", "token.actions.githubusercontent.com:aud"}, {"StringLike", "token.actions.githubusercontent.com:sub"}},
				{{"StringLike", "token.actions.githubusercontent.com:sub"}},
			},
		},
		{
			name: "Cognito authenticated role", source: "§8.4 [S33]", input: cognitoTrust,
			wantLabels: []string{"Statement[0]"},
			wantFed:    [][]string{{"cognito-identity.amazonaws.com"}},
			wantEntries: [][]entry{{
				{"StringEquals", "cognito-identity.amazonaws.com:aud"},
				{"ForAnyValue:StringLike", "cognito-identity.amazonaws.com:amr"},
			}},
		},
		{
			name: "Terraform jsonencode output", source: "§8.2 [S29]", input: terraformEncodedTrust,
			wantLabels: []string{"Statement[0]"},
			wantFed:    [][]string{{"arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"}},
			wantEntries: [][]entry{{
				{"StringEquals", "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud"},
				{"StringEquals", "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"},
			}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name+" "+tc.source, func(t *testing.T) {
			doc, problems := mustParse(t, tc.input)
			if len(problems) != 0 {
				t.Errorf("unexpected problems: %v", problems)
			}
			if !doc.VariablesEnabled() {
				t.Errorf("Version %q should enable policy variables", doc.Version)
			}
			var labels []string
			var feds [][]string
			var entries [][]entry
			for _, s := range doc.Statements {
				labels = append(labels, s.Label())
				feds = append(feds, s.Principal.Values["Federated"])
				var es []entry
				for _, c := range s.Conditions {
					if !c.OperatorValid || c.Operator.String() != c.OperatorName {
						t.Errorf("operator %q parsed as %v (valid %v)", c.OperatorName, c.Operator, c.OperatorValid)
					}
					es = append(es, entry{c.OperatorName, c.Key})
				}
				entries = append(entries, es)
				if !reflect.DeepEqual(s.Actions, []string{"sts:AssumeRoleWithWebIdentity"}) && !reflect.DeepEqual(s.Actions, []string{"sts:AssumeRoleWithWebIdentity", "sts:TagSession"}) {
					t.Errorf("%s: actions %v", s.Label(), s.Actions)
				}
			}
			if !reflect.DeepEqual(labels, tc.wantLabels) {
				t.Errorf("labels = %q, want %q", labels, tc.wantLabels)
			}
			if !reflect.DeepEqual(feds, tc.wantFed) {
				t.Errorf("Federated = %q, want %q", feds, tc.wantFed)
			}
			if !reflect.DeepEqual(entries, tc.wantEntries) {
				t.Errorf("condition entries = %v, want %v", entries, tc.wantEntries)
			}
		})
	}
}

// TestParseCognitoValues checks multi-valued conditions and set operators
// in the Cognito trust (spec §8.4 [S33], §4.4 [S4]).
func TestParseCognitoValues(t *testing.T) {
	doc, _ := mustParse(t, cognitoTrust)
	c := doc.Statements[0].Conditions
	if got := []Value{str("us-east-1:12345678-abcd-abcd-abcd-123456789012"), str("us-east-1:pool-B")}; !reflect.DeepEqual(c[0].Values, got) {
		t.Errorf("aud values = %v, want %v", c[0].Values, got)
	}
	if c[1].Operator.Set != condition.ForAnyValue || c[1].Operator.Base != condition.StringLike {
		t.Errorf("amr operator = %v, want ForAnyValue:StringLike", c[1].Operator)
	}
}
