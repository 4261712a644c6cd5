# BREAK: the pool is renamed users -> users_v2, which replaces it (new pool id, unknown until apply);
# the trust's aud still names the old pool id.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_cognito_identity_pool" "users" {
  identity_pool_name               = "users_v2"
  allow_unauthenticated_identities = false

  supported_login_providers = {
    "accounts.google.com" = "123456789012-abcdefghijklmnop.apps.googleusercontent.com"
  }
}

resource "aws_iam_role" "auth" {
  name = "cognito-authenticated"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "cognito-identity.amazonaws.com" }
      Condition = {
        StringEquals             = { "cognito-identity.amazonaws.com:aud" = "us-east-1:7afaa9fa-0257-3bee-8679-ebc18f40b481" }
        "ForAnyValue:StringLike" = { "cognito-identity.amazonaws.com:amr" = "authenticated" }
      }
    }]
  })
}

resource "aws_cognito_identity_pool_roles_attachment" "users" {
  identity_pool_id = aws_cognito_identity_pool.users.id

  roles = {
    authenticated = aws_iam_role.auth.arn
  }
}
