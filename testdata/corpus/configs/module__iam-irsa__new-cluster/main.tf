# module__iam-irsa__new-cluster: the iam module's (v5.60.0)
# iam-role-for-service-accounts-eks as its README's vpc_cni_irsa example,
# fed module.eks.oidc_provider_arn of a cluster created in the same plan
# (unknown until apply), and the vpc-cni add-on using the role.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
    tls = { source = "hashicorp/tls" }
  }
}

provider "aws" {
  region = "us-east-1"
}

module "eks" {
  source = "./modules/eks-lite"

  name = "ex-irsa"
}

module "vpc_cni_irsa" {
  source = "./modules/iam5-irsa"

  role_name             = "vpc-cni"
  attach_vpc_cni_policy = true
  vpc_cni_enable_ipv4   = true

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:aws-node"]
    }
  }

  tags = { Example = "ex-irsa" }
}

resource "aws_eks_addon" "vpc_cni" {
  cluster_name             = module.eks.cluster_name
  addon_name               = "vpc-cni"
  service_account_role_arn = module.vpc_cni_irsa.iam_role_arn
}
