# module__pod-identity__addon-association: terraform-aws-eks-pod-identity
# v2.8.1 for the VPC CNI (README aws_vpc_cni_ipv4 example, no associations in
# the module) wired to the vpc-cni add-on through the add-on's own
# pod_identity_association block, as the eks module's addons examples do.
# Existing cluster prod.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

module "aws_vpc_cni_ipv4_pod_identity" {
  source = "./modules/pod-identity"

  name = "aws-vpc-cni-ipv4"

  attach_aws_vpc_cni_policy = true
  aws_vpc_cni_enable_ipv4   = true
}

resource "aws_eks_addon" "vpc_cni" {
  cluster_name = "prod"
  addon_name   = "vpc-cni"

  pod_identity_association {
    role_arn        = module.aws_vpc_cni_ipv4_pod_identity.iam_role_arn
    service_account = "aws-node"
  }
}
