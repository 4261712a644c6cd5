# module__iam-irsa__broken-other-cluster, before: cluster ex-green and its
# OIDC provider exist (eks-lite, written for this corpus).

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
