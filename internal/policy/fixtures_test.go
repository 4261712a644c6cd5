package policy

import (
	"fmt"
	"strings"
	"testing"
)

// Realistic trust policies, as the AWS and GitHub documentation show them.

// eksIRSATrust is the IRSA trust from the EKS guide [S29].
const eksIRSATrust = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
      },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com",
          "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:default:my-service-account"
        }
      }
    }
  ]
}`

// gitHubTrust is the GitHub Actions trust from the IAM guide [S15][S28].
const gitHubTrust = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "GitHubDeploy",
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": ["repo:octo-org/octo-repo:ref:refs/heads/main", "repo:octo-org/octo-repo:environment:prod"]}
      }
    },
    {
      "Sid": "DenyPullRequests",
      "Effect": "Deny",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*:pull_request"}}
    }
  ]
}`

// cognitoTrust is the authenticated-role trust from the Cognito guide [S33].
const cognitoTrust = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "cognito-identity.amazonaws.com"},
      "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
      "Condition": {
        "StringEquals": {"cognito-identity.amazonaws.com:aud": ["us-east-1:12345678-abcd-abcd-abcd-123456789012", "us-east-1:pool-B"]},
        "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}
      }
    }
  ]
}`

// terraformEncodedTrust is what Terraform's jsonencode produces: compact,
// keys sorted.
const terraformEncodedTrust = `{"Statement":[{"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud":"sts.amazonaws.com","oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:kube-system:ebs-csi-controller-sa"}},"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"}}],"Version":"2012-10-17"}`

// manyStatementsTrust builds a multi-cluster IRSA trust with n statements.
func manyStatementsTrust(n int) string {
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Statement": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `
  {
    "Sid": "Cluster%d",
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/CLUSTER%05d"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {
      "oidc.eks.us-east-1.amazonaws.com/id/CLUSTER%05d:aud": "sts.amazonaws.com",
      "oidc.eks.us-east-1.amazonaws.com/id/CLUSTER%05d:sub": "system:serviceaccount:team-%d:app"
    }}
  }`, i, i, i, i, i)
	}
	b.WriteString("\n]}")
	return b.String()
}

// mustParse parses a document that must not be a syntax error.
func mustParse(t *testing.T, src string) (*Document, []Problem) {
	t.Helper()
	doc, problems, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse: unexpected error: %v", err)
	}
	if doc == nil {
		t.Fatal("Parse returned a nil document without an error")
	}
	return doc, problems
}

// problemCodes lists the codes of problems, in order.
func problemCodes(problems []Problem) []string {
	codes := make([]string, 0, len(problems))
	for _, p := range problems {
		codes = append(codes, p.Code)
	}
	return codes
}
