# module__iam-irsa__broken-other-cluster, after (BROKEN): iam v5.60.0
# iam-role-for-service-accounts-eks for the EFS CSI driver, given a literal
# provider ARN copied from another cluster (id 5C54DDF3...) instead of
# module.eks.oidc_provider_arn; the add-on runs on cluster ex-green, whose
# issuer (known: the cluster exists) is a different one.

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

  name = "ex-green"
}

module "efs_csi_irsa_role" {
  source = "./modules/iam5-irsa"

  role_name             = "efs-csi"
  attach_efs_csi_policy = true

  oidc_providers = {
    ex = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C54DDF35EB19312844C7333374CC09D"
      namespace_service_accounts = ["kube-system:efs-csi-controller-sa"]
    }
  }
}

resource "aws_eks_addon" "efs_csi" {
  cluster_name             = module.eks.cluster_name
  addon_name               = "aws-efs-csi-driver"
  service_account_role_arn = module.efs_csi_irsa_role.iam_role_arn
}
