# module__iam6-irsa__policy-only-change, after: only the permissions change (ebs_csi_kms_cmk_arns added); the trust and the add-on are unchanged (negative control).

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

module "ebs_csi_irsa" {
  source = "./modules/iam6-irsa"

  name                  = "ebs-csi"
  attach_ebs_csi_policy = true
  ebs_csi_kms_cmk_arns  = ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]

  oidc_providers = {
    this = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C54DDF35EB19312844C7333374CC09D"
      namespace_service_accounts = ["kube-system:ebs-csi-controller-sa"]
    }
  }
}

resource "aws_eks_addon" "ebs_csi" {
  cluster_name             = "prod"
  addon_name               = "aws-ebs-csi-driver"
  service_account_role_arn = module.ebs_csi_irsa.arn
}
