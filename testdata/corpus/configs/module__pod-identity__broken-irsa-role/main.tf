# module__pod-identity__broken-irsa-role (BROKEN): a migration from IRSA to
# EKS Pod Identity that reuses the IRSA role: iam v5.60.0
# iam-role-for-service-accounts-eks (web-identity trust only) given to an
# aws_eks_pod_identity_association. EKS Pod Identity assumes the role as
# pods.eks.amazonaws.com, which that trust does not admit.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

module "external_dns_irsa" {
  source = "./modules/iam5-irsa"

  role_name                     = "external-dns"
  attach_external_dns_policy    = true
  external_dns_hosted_zone_arns = ["arn:aws:route53:::hostedzone/Z0123456789EXAMPLE"]

  oidc_providers = {
    prod = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C54DDF35EB19312844C7333374CC09D"
      namespace_service_accounts = ["external-dns:external-dns"]
    }
  }
}

resource "aws_eks_pod_identity_association" "external_dns" {
  cluster_name    = "prod"
  namespace       = "external-dns"
  service_account = "external-dns"
  role_arn        = module.external_dns_irsa.iam_role_arn
}
