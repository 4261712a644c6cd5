# module__iam6-role__github-environment: iam v6.5.0 iam-oidc-provider (GitHub
# URL) + iam-role with enable_github_oidc (README "GitHub OIDC" example shape),
# subjects limited to the production environment; the ARN goes to that
# environment's Actions variable.

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

module "github_oidc_provider" {
  source = "./modules/iam6-oidc-provider"

  url = "https://token.actions.githubusercontent.com"
}

module "github_oidc_role" {
  source = "./modules/iam6-role"

  name = "payments-prod-deploy"

  enable_github_oidc = true

  # This should be updated to suit your organization, repository, references/branches, etc.
  oidc_subjects = ["octo-org/payments-api:environment:production"]

  policies = {
    ReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  }
}

resource "github_repository" "payments" {
  name       = "payments-api"
  visibility = "private"
}

resource "github_repository_environment" "production" {
  repository  = github_repository.payments.name
  environment = "production"
}

resource "github_actions_environment_variable" "role_arn" {
  repository    = github_repository.payments.name
  environment   = github_repository_environment.production.environment
  variable_name = "AWS_ROLE_ARN"
  value         = module.github_oidc_role.arn
}
