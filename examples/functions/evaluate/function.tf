# Why can't the production environment's deploy job assume the role?
locals {
  github_provider_arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"

  deploy_trust_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DeployFromMain"
      Effect    = "Allow"
      Principal = { Federated = local.github_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = provider::stsguard::github_subject("octo-org/octo-repo", "branch", "main")
        }
      }
    }]
  })

  # The request is an object (a JSON string such as jsonencode({...}) works too).
  production_deploy = provider::stsguard::evaluate(local.deploy_trust_policy, {
    role_arn = "arn:aws:iam::111122223333:role/deploy"
    claims = {
      iss = "https://token.actions.githubusercontent.com"
      aud = "sts.amazonaws.com"
      sub = provider::stsguard::github_subject("octo-org/octo-repo", "environment", "production")
    }
    oidc_providers = [{
      url        = "token.actions.githubusercontent.com"
      client_ids = ["sts.amazonaws.com"]
    }]
  })
}

output "decision" {
  # "implicit_deny": the job's sub names the environment, not the branch.
  value = local.production_deploy.decision
}

output "fix" {
  value = local.production_deploy.fix
}

output "reasons" {
  value = local.production_deploy.reasons
}
