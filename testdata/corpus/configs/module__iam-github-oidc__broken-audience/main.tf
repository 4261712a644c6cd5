# module__iam-github-oidc__broken-audience (BROKEN): iam v5.60.0
# iam-github-oidc-role with audience = "https://github.com/octo-org" (the
# token's default aud when no audience is requested) while the provider from
# iam-github-oidc-provider registers only the client ID sts.amazonaws.com.

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

  name     = "payments-deploy"
  audience = "https://github.com/octo-org"
  subjects = ["octo-org/payments-api:ref:refs/heads/main"]

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
