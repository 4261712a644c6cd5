# Refuse to plan a trust policy that would lock out the service that needs it.
locals {
  eks_oidc_host = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"

  # The policy as an object; jsonencode() of it is the assume_role_policy.
  payments_trust = {
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/${local.eks_oidc_host}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.eks_oidc_host}:aud" = "sts.amazonaws.com"
          "${local.eks_oidc_host}:sub" = provider::stsguard::eks_subject("payments", "api")
        }
      }
    }]
  }
  payments_trust_policy = jsonencode(local.payments_trust)

  # Both arguments take an object or its JSON string.
  payments_api_request = {
    role_arn = "arn:aws:iam::111122223333:role/payments-api"
    claims = {
      iss = "https://${local.eks_oidc_host}"
      aud = "sts.amazonaws.com"
      sub = provider::stsguard::eks_subject("payments", "api")
    }
  }
}

# In practice this is your aws_iam_role; terraform_data keeps the example
# runnable without AWS credentials.
resource "terraform_data" "payments_api_role" {
  input = local.payments_trust_policy

  lifecycle {
    precondition {
      condition     = provider::stsguard::allows(local.payments_trust, local.payments_api_request)
      error_message = "The payments-api trust policy must let the payments/api service account assume the role."
    }
  }
}

# A check block only warns: the plan goes on.
check "other_namespaces_are_refused" {
  assert {
    condition = !provider::stsguard::allows(local.payments_trust, {
      role_arn = "arn:aws:iam::111122223333:role/payments-api"
      claims = {
        iss = "https://${local.eks_oidc_host}"
        aud = "sts.amazonaws.com"
        sub = provider::stsguard::eks_subject("default", "api")
      }
    })
    error_message = "The payments-api role must not trust service accounts outside the payments namespace."
  }
}
