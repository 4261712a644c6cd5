# BREAK (warning): to let octo-org/worker in too, the trust is widened to repo:octo-org/* (any repository,
# branch, environment or pull request of the organisation).

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

resource "github_repository" "worker" {
  name       = "worker"
  visibility = "private"
}

resource "aws_iam_role" "ci" {
  name = "ci-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:octo-org/*" }
      }
    }]
  })
}

resource "github_actions_variable" "app_role_arn" {
  repository    = github_repository.app.name
  variable_name = "AWS_ROLE_ARN"
  value         = aws_iam_role.ci.arn
}

resource "github_actions_variable" "worker_role_arn" {
  repository    = github_repository.worker.name
  variable_name = "AWS_ROLE_ARN"
  value         = aws_iam_role.ci.arn
}
