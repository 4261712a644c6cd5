# Declared bindings: a GitHub Actions role checked by a stsguard_role_trust
# data source. The main branch must be allowed, pull requests refused.
terraform {
  required_providers {
    aws      = { source = "hashicorp/aws" }
    github   = { source = "integrations/github" }
    stsguard = { source = "stsguard/stsguard" }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "github" {
  owner = "octo-org"
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

resource "aws_iam_role" "deploy" {
  name = "gha-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:octo-org/app:ref:refs/heads/main"
        }
      }
    }]
  })
}

data "stsguard_role_trust" "deploy" {
  policy      = aws_iam_role.deploy.assume_role_policy
  role_arn    = aws_iam_role.deploy.arn
  enforcement = "warning"

  github_actions {
    label      = "main"
    repository = "octo-org/app"
    ref        = "main"
  }
  github_actions {
    label        = "pull-requests"
    expect       = "deny"
    repository   = "octo-org/app"
    pull_request = true
  }
}
