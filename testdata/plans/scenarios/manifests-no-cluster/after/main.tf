# No EKS cluster in the plan: the IAM OIDC provider of a cluster managed
# elsewhere (literal URL) and the role payments-api trusting the api service
# account through it. The service account is a manifest outside the plan.
# before/ and after/ are the same plan.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = "https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "api" {
  name = "payments-api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Condition = {
        StringEquals = {
          "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub" = "system:serviceaccount:payments:api"
          "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
