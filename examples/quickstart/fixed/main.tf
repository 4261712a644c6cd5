# Quick start, fixed: the trust now admits the production environment's
# subject as well as the main branch, and a second binding pins down that
# pull requests stay locked out.
terraform {
  required_providers {
    stsguard = { source = "stsguard/stsguard" }
  }
}

data "stsguard_role_trust" "deploy" {
  role_arn = "arn:aws:iam::111122223333:role/deploy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringEquals = {
        "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
        "token.actions.githubusercontent.com:sub" = [
          "repo:octo-org/app:ref:refs/heads/main",
          "repo:octo-org/app:environment:production",
        ]
      } }
    }]
  })
  github_actions {
    repository  = "octo-org/app"
    environment = "production"
  }
  github_actions {
    label        = "pull requests"
    expect       = "deny"
    repository   = "octo-org/app"
    pull_request = true
  }
}

output "trust_passed" {
  value = data.stsguard_role_trust.deploy.passed
}
