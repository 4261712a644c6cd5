# module__iam-github-oidc__broken-slash (BROKEN): iam v5.60.0
# iam-github-oidc-provider + iam-github-oidc-role whose subject uses "/"
# where GitHub's sub has ":" ("octo-org/payments-api/ref:refs/heads/main"
# instead of "octo-org/payments-api:ref:refs/heads/main"): no token's sub can
# match, the workflow's AssumeRoleWithWebIdentity is always refused.

terraform {
  required_providers {
    aws    = { source = "hashicorp/aws" }
    tls    = { source = "hashicorp/tls" }
    github = { source = "integrations/github" }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "github" {
  owner = "octo-org"
}

module "iam_github_oidc_provider" {
  source = "./modules/iam5-github-provider"
}

module "iam_github_oidc_role" {
  source = "./modules/iam5-github-role"

  name              = "payments-release"
  subject_condition = "StringEquals"
  subjects          = ["octo-org/payments-api/ref:refs/heads/main"]

  policies = {
    ReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  }
}

resource "github_repository" "payments" {
  name       = "payments-api"
  visibility = "private"
}

resource "github_actions_variable" "role_arn" {
  repository    = github_repository.payments.name
  variable_name = "AWS_ROLE_ARN"
  value         = module.iam_github_oidc_role.arn
}
