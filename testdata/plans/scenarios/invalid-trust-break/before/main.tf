# Two GitHub roles with valid trust documents.

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

resource "github_repository" "app" {
  name       = "app"
  visibility = "private"
}

resource "aws_iam_role" "legacy" {
  name = "legacy-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:octo-org/app:ref:refs/heads/main"
        }
      }
    }]
  })
}

data "aws_iam_policy_document" "batch_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:octo-org/app:environment:batch"]
    }
  }
}

resource "aws_iam_role" "batch" {
  name               = "batch-runner"
  assume_role_policy = data.aws_iam_policy_document.batch_trust.json
}

resource "github_actions_variable" "legacy_role_arn" {
  repository    = github_repository.app.name
  variable_name = "LEGACY_ROLE_ARN"
  value         = aws_iam_role.legacy.arn
}

resource "github_actions_variable" "batch_role_arn" {
  repository    = github_repository.app.name
  variable_name = "BATCH_ROLE_ARN"
  value         = aws_iam_role.batch.arn
}
