# module__iam-github-oidc__repo-wildcard: iam v5.60.0 iam-github-oidc-provider
# + iam-github-oidc-role as their README examples (subjects "<org>/<repo>:*",
# the module prefixes "repo:"), the role ARN handed to the repository's
# workflows as an Actions variable.

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

  name = "payments-deploy"

  # This should be updated to suit your organization, repository, references/branches, etc.
  subjects = ["octo-org/payments-api:*"]

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
