# octo-org/app assumes ci-entry with its GitHub token (web identity), then chains to deployer:
# ci-entry's identity policy allows sts:AssumeRole on deployer's ARN (a literal), deployer trusts ci-entry.

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

resource "aws_iam_role" "ci_entry" {
  name = "ci-entry"
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

resource "aws_iam_role" "deployer" {
  name = "deployer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Principal = { AWS = aws_iam_role.ci_entry.arn }
    }]
  })
}

resource "aws_iam_policy" "assume_deployer" {
  name = "assume-deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = "arn:aws:iam::111122223333:role/deployer"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "ci_entry_assume_deployer" {
  role       = aws_iam_role.ci_entry.name
  policy_arn = aws_iam_policy.assume_deployer.arn
}

resource "github_actions_variable" "role_arn" {
  repository    = github_repository.app.name
  variable_name = "AWS_ROLE_ARN"
  value         = aws_iam_role.ci_entry.arn
}
