# FIX: the same RCP names both GitHub organisations, fabrikam included.

terraform {
  required_providers {
    aws    = { source = "hashicorp/aws" }
    github = { source = "integrations/github" }
  }
}

# The organisation's management account.
provider "aws" {
  region = "us-east-1"
}

# The workload account (the ID aws_organizations_account.workload gets).
# A real configuration would use assume_role { role_arn = "arn:aws:iam::703235459588:role/OrganizationAccountAccessRole" };
# the stand-in only needs the account ID.
provider "aws" {
  alias               = "workload"
  region              = "us-east-1"
  stand_in_account_id = "703235459588"
}

provider "github" {
  owner = "fabrikam"
}

resource "aws_organizations_organization" "org" {
  feature_set          = "ALL"
  enabled_policy_types = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]
}

resource "aws_organizations_organizational_unit" "workloads" {
  name      = "Workloads"
  parent_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_organizations_account" "workload" {
  name      = "workload"
  email     = "workload@example.com"
  parent_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_account" "sandbox" {
  name      = "sandbox"
  email     = "sandbox@example.com"
  parent_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_iam_openid_connect_provider" "github" {
  provider        = aws.workload
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

resource "github_repository" "billing" {
  name       = "billing"
  visibility = "private"
}

resource "aws_iam_role" "deploy" {
  provider = aws.workload
  name     = "billing-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:fabrikam/billing:ref:refs/heads/main"
        }
      }
    }]
  })
}

resource "github_actions_variable" "role_arn" {
  repository    = github_repository.billing.name
  variable_name = "AWS_ROLE_ARN"
  value         = aws_iam_role.deploy.arn
}

# A data-perimeter policy: no GitHub Actions token from outside our GitHub
# organisations may assume a role in the organisation.
resource "aws_organizations_policy" "github_perimeter" {
  name = "github-perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OnlyOurGitHubOrganisations"
      Effect    = "Deny"
      Principal = "*"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Resource  = "*"
      Condition = {
        StringNotLike = { "token.actions.githubusercontent.com:sub" = ["repo:contoso/*", "repo:fabrikam/*"] }
        Null          = { "token.actions.githubusercontent.com:sub" = "false" }
      }
    }]
  })
}

resource "aws_organizations_policy_attachment" "github_perimeter" {
  policy_id = aws_organizations_policy.github_perimeter.id
  target_id = aws_organizations_organization.org.roots[0].id
}
