# module__iam6-irsa__new-cluster: iam v6.5.0 iam-role-for-service-accounts
# (the v6 name of iam-role-for-service-accounts-eks) for the EBS CSI driver
# as its README example, with module.eks.oidc_provider_arn of a cluster
# created in the same plan, and the aws-ebs-csi-driver add-on using it.

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

  name = "ex-v6"
}

module "ebs_csi_irsa" {
  source = "./modules/iam6-irsa"

  name = "ebs-csi"

  attach_ebs_csi_policy = true

  oidc_providers = {
    this = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:ebs-csi-controller-sa"]
    }
  }

  tags = { Example = "ex-v6" }
}

resource "aws_eks_addon" "ebs_csi" {
  cluster_name             = module.eks.cluster_name
  addon_name               = "aws-ebs-csi-driver"
  service_account_role_arn = module.ebs_csi_irsa.arn
}
