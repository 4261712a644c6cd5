# Cognito identity pool roles: signed-in users get the authenticated role,
# guests must never get it.
locals {
  pool_id = "us-east-1:11111111-2222-3333-4444-555555555555"
}

data "stsguard_role_trust" "authenticated" {
  role_arn = "arn:aws:iam::111122223333:role/app-authenticated"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "cognito-identity.amazonaws.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals             = { "cognito-identity.amazonaws.com:aud" = local.pool_id }
        "ForAnyValue:StringLike" = { "cognito-identity.amazonaws.com:amr" = "authenticated" }
      }
    }]
  })

  cognito_identity_pool {
    label            = "signed-in user"
    identity_pool_id = local.pool_id
    login_providers  = ["accounts.google.com"]
  }

  cognito_identity_pool {
    label            = "guest"
    expect           = "deny"
    identity_pool_id = local.pool_id
    authenticated    = false
  }
}
