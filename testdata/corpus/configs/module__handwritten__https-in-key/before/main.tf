# module__handwritten__https-in-key, before: the cluster and its OIDC provider
# (eks-lite, written for this corpus) exist; no application role yet.

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

  name = "ex-https-key"
}
