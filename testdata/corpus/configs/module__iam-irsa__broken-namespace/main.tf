# module__iam-irsa__broken-namespace (BROKEN): iam v5.60.0
# iam-role-for-service-accounts-eks for the EBS CSI driver (README's
# ebs_csi_irsa_role example) with a typo in the namespace ("kube-sytem"); the
# aws-ebs-csi-driver add-on runs as kube-system:ebs-csi-controller-sa.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

module "ebs_csi_irsa_role" {
  source = "./modules/iam5-irsa"

  role_name             = "ebs-csi"
  attach_ebs_csi_policy = true

  oidc_providers = {
    ex = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C54DDF35EB19312844C7333374CC09D"
      namespace_service_accounts = ["kube-sytem:ebs-csi-controller-sa"]
    }
  }
}

resource "aws_eks_addon" "ebs_csi" {
  cluster_name             = "prod"
  addon_name               = "aws-ebs-csi-driver"
  service_account_role_arn = module.ebs_csi_irsa_role.iam_role_arn
}
