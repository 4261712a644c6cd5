# module__iam-irsa__two-clusters: iam v5.60.0 iam-role-for-service-accounts-eks
# with two oidc_providers entries (the README's "one role, several clusters"
# map): "old" an existing cluster's literal provider ARN, "new" a cluster
# created in this plan. Two service accounts per provider. The policy document
# is deferred as a whole, though the "old" statement is fully known.

terraform {
  required_providers {
    aws        = { source = "hashicorp/aws" }
    tls        = { source = "hashicorp/tls" }
    kubernetes = { source = "hashicorp/kubernetes" }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "kubernetes" {}

module "eks" {
  source = "./modules/eks-lite"

  name = "ex-blue"
}

module "external_secrets_irsa" {
  source = "./modules/iam5-irsa"

  role_name                             = "external-secrets"
  attach_external_secrets_policy        = true
  external_secrets_ssm_parameter_arns   = ["arn:aws:ssm:us-east-1:111122223333:parameter/app/*"]
  external_secrets_secrets_manager_arns = ["arn:aws:secretsmanager:us-east-1:111122223333:secret:app/*"]

  oidc_providers = {
    old = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C54DDF35EB19312844C7333374CC09D"
      namespace_service_accounts = ["external-secrets:external-secrets", "external-secrets:external-secrets-webhook"]
    }
    new = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["external-secrets:external-secrets", "external-secrets:external-secrets-webhook"]
    }
  }
}

resource "kubernetes_service_account_v1" "external_secrets" {
  metadata {
    name      = "external-secrets"
    namespace = "external-secrets"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.external_secrets_irsa.iam_role_arn
    }
  }
}
