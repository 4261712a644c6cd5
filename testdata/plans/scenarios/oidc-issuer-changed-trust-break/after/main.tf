# BREAK: the cluster is replaced (new issuer) and the provider follows it (replaced), but the trust's
# Federated principal and condition keys still name prod-blue's issuer, which no provider in the plan has.

terraform {
  required_providers {
    aws        = { source = "hashicorp/aws" }
    kubernetes = { source = "hashicorp/kubernetes" }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "kubernetes" {
  host                   = aws_eks_cluster.main.endpoint
  cluster_ca_certificate = base64decode(aws_eks_cluster.main.certificate_authority[0].data)
}

resource "aws_eks_cluster" "main" {
  name     = "prod-green"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  version  = "1.31"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
  }
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = aws_eks_cluster.main.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "billing" {
  name = "billing"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/1C860DA46DF20F0FE5FB926ABBF565B4" }
      Condition = {
        StringEquals = {
          "oidc.eks.us-east-1.amazonaws.com/id/1C860DA46DF20F0FE5FB926ABBF565B4:sub" = "system:serviceaccount:finance:billing"
          "oidc.eks.us-east-1.amazonaws.com/id/1C860DA46DF20F0FE5FB926ABBF565B4:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "kubernetes_service_account_v1" "billing" {
  metadata {
    name      = "billing"
    namespace = "finance"
    annotations = {
      "eks.amazonaws.com/role-arn" = aws_iam_role.billing.arn
    }
  }
}
