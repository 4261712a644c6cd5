# GitHub Actions deploy role: the main branch and the production environment
# may assume it; pull requests (including from forks) must not.
locals {
  github = "token.actions.githubusercontent.com"
}

data "stsguard_role_trust" "deploy" {
  role_arn = "arn:aws:iam::111122223333:role/github-deploy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/${local.github}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "${local.github}:aud" = "sts.amazonaws.com" }
        StringLike = {
          "${local.github}:sub" = [
            "repo:octo-org/octo-repo:ref:refs/heads/main",
            "repo:octo-org/octo-repo:environment:production",
          ]
        }
      }
    }]
  })

  # The account's IAM OIDC provider: STS checks the token audience against it.
  oidc_providers = [{ url = local.github, client_ids = ["sts.amazonaws.com"] }]

  github_actions {
    label      = "main branch"
    repository = "octo-org/octo-repo"
    ref        = "refs/heads/main"
  }

  github_actions {
    label       = "production environment"
    repository  = "octo-org/octo-repo"
    environment = "production"
  }

  github_actions {
    label        = "pull requests"
    expect       = "deny"
    repository   = "octo-org/octo-repo"
    pull_request = true
  }
}
