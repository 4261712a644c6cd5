# module__pod-identity__lbc: terraform-aws-eks-pod-identity v2.8.1 for the AWS
# Load Balancer Controller (README example: attach_aws_lb_controller_policy,
# associations keyed per cluster) on a cluster created in the same plan.

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

  name        = "ex-pod-identity"
  enable_irsa = false
}

module "aws_lb_controller_pod_identity" {
  source = "./modules/pod-identity"

  name = "aws-lbc"

  attach_aws_lb_controller_policy = true

  associations = {
    this = {
      cluster_name    = module.eks.cluster_name
      namespace       = "kube-system"
      service_account = "aws-load-balancer-controller"
    }
  }

  tags = { Example = "ex-pod-identity" }
}
