# Repository octo-org/app with environment prod; role app-release trusts sub repo:octo-org/app:environment:prod;
# the environment gets the role ARN as variable AWS_ROLE_ARN.

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

resource "github_repository_environment" "prod" {
  repository  = github_repository.app.name
  environment = "prod"
}

resource "aws_iam_role" "release" {
  name = "app-release"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:octo-org/app:environment:prod"
        }
      }
    }]
  })
}

resource "github_actions_environment_variable" "role_arn" {
  repository    = github_repository.app.name
  environment   = github_repository_environment.prod.environment
  variable_name = "AWS_ROLE_ARN"
  value         = aws_iam_role.release.arn
}
