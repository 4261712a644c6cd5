# module__iam-github-oidc__org-wide: iam v5.60.0 iam-github-oidc-provider +
# iam-github-oidc-role with subjects ["octo-org/*"]: every repository of the
# organisation (any ref, pull requests) may assume the role; one repository
# uses it.

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

  name     = "octo-org-readonly"
  subjects = ["octo-org/*"]

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
