# module__iam-oidc-role__cluster-url: iam v5.60.0 iam-assumable-role-with-oidc
# (README example) with provider_url = module.eks.oidc_provider (the issuer
# without https://) of a cluster created in the same plan; the module builds
# the Federated ARN from the caller account and that URL. The app's service
# account default/app is annotated with the role.

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

  name = "ex-oidc-role"
}

module "iam_assumable_role_admin" {
  source = "./modules/iam5-oidc-role"

  create_role = true

  role_name = "role-with-oidc"

  tags = {
    Role = "role-with-oidc"
  }

  provider_url = module.eks.oidc_provider

  role_policy_arns = [
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
  ]
  number_of_role_policy_arns = 1

  oidc_fully_qualified_subjects = ["system:serviceaccount:default:app"]
}

resource "kubernetes_service_account_v1" "app" {
  metadata {
    name      = "app"
    namespace = "default"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.iam_assumable_role_admin.iam_role_arn
    }
  }
}
