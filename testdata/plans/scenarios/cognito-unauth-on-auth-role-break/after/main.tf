# BREAK: guest access is turned on and the authenticated role is also attached as the unauthenticated role;
# its trust requires amr "authenticated", so guest identities are refused.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_cognito_identity_pool" "users" {
  identity_pool_name               = "users"
  allow_unauthenticated_identities = true

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
        StringEquals             = { "cognito-identity.amazonaws.com:aud" = aws_cognito_identity_pool.users.id }
        "ForAnyValue:StringLike" = { "cognito-identity.amazonaws.com:amr" = "authenticated" }
      }
    }]
  })
}

resource "aws_cognito_identity_pool_roles_attachment" "users" {
  identity_pool_id = aws_cognito_identity_pool.users.id

  roles = {
    authenticated   = aws_iam_role.auth.arn
    unauthenticated = aws_iam_role.auth.arn
  }
}
