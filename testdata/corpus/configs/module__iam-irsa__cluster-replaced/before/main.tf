# module__iam-irsa__cluster-replaced, before: cluster ex-blue (eks-lite), its OIDC provider, the v5 IRSA role for vpc-cni and the add-on.

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

  name = "ex-blue"
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
}

resource "aws_eks_addon" "vpc_cni" {
  cluster_name             = module.eks.cluster_name
  addon_name               = "vpc-cni"
  service_account_role_arn = module.vpc_cni_irsa.iam_role_arn
}
