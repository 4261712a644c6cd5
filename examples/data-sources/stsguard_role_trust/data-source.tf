# Fail the plan when the payments API's service account could not assume its
# role. In a real configuration `policy` is usually
# aws_iam_role.payments_api.assume_role_policy and `oidc_issuer` is
# aws_eks_cluster.main.identity[0].oidc[0].issuer.
locals {
  cluster_issuer = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
  provider_host  = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
}

data "stsguard_role_trust" "payments_api" {
  role_arn = "arn:aws:iam::111122223333:role/payments-api"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/${local.provider_host}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.provider_host}:aud" = "sts.amazonaws.com"
          "${local.provider_host}:sub" = "system:serviceaccount:payments:api"
        }
      }
    }]
  })

  eks_service_account {
    label           = "payments/api"
    namespace       = "payments"
    service_account = "api"
    oidc_issuer     = local.cluster_issuer
  }

  # Nothing else in the namespace may use the role.
  eks_service_account {
    label           = "payments/worker"
    expect          = "deny"
    namespace       = "payments"
    service_account = "worker"
    oidc_issuer     = local.cluster_issuer
  }
}

output "payments_api_trust_passed" {
  value = data.stsguard_role_trust.payments_api.passed
}
