# Repository octo-org/payments-api; role payments-deploy trusts sub repo:octo-org/payments-api:ref:refs/heads/main (literal).

terraform {
  required_providers {
    aws    = { source = "hashicorp/aws" }
    github = { source = "integrations/github" }
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

resource "github_repository" "payments" {
  name       = "payments-api"
  visibility = "private"
}

resource "aws_iam_role" "payments" {
  name = "payments-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:octo-org/payments-api:ref:refs/heads/main"
        }
      }
    }]
  })
}

resource "github_actions_variable" "role_arn" {
  repository    = github_repository.payments.name
  variable_name = "AWS_ROLE_ARN"
  value         = aws_iam_role.payments.arn
}
