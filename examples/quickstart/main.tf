# Quick start: the deploy job runs in the GitHub environment "production", so
# its token's sub is "repo:octo-org/app:environment:production", but the trust
# only admits the main branch. `terraform plan` fails and says why; fixed/ has
# the corrected trust.
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
        "token.actions.githubusercontent.com:sub" = "repo:octo-org/app:ref:refs/heads/main"
      } }
    }]
  })
  github_actions {
    repository  = "octo-org/app"
    environment = "production"
  }
}
