# The sub claim of the payments/api service account's projected token,
# for the condition of an IRSA role trust policy.
locals {
  eks_oidc_host = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
}

output "payments_api_subject" {
  # "system:serviceaccount:payments:api"
  value = provider::stsguard::eks_subject("payments", "api")
}

output "payments_api_condition" {
  value = {
    StringEquals = {
      "${local.eks_oidc_host}:sub" = provider::stsguard::eks_subject("payments", "api")
      "${local.eks_oidc_host}:aud" = "sts.amazonaws.com"
    }
  }
}
