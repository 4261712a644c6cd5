# One EKS cluster, the IRSA roles of the payments service, and a helm_release
# of the local payments chart; the service accounts themselves are Kubernetes
# manifests and Helm values files outside the plan (lint --manifests, see
# internal/lint/testdata/manifests). before/ and after/ are the same plan.

terraform {
  required_providers {
    aws  = { source = "hashicorp/aws" }
    helm = { source = "hashicorp/helm" }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "helm" {
  kubernetes {
    host                   = aws_eks_cluster.main.endpoint
    cluster_ca_certificate = base64decode(aws_eks_cluster.main.certificate_authority[0].data)
  }
}

resource "aws_eks_cluster" "main" {
  name     = "prod"
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

locals {
  issuer = replace(aws_iam_openid_connect_provider.eks.url, "https://", "")
  # service account (namespace:name) => role name
  irsa = {
    "payments:api"    = "payments-api"
    "payments:worker" = "payments-worker"
    "billing:ledger"  = "billing-ledger"
  }
}

data "aws_iam_policy_document" "trust" {
  for_each = local.irsa

  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.eks.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:sub"
      values   = ["system:serviceaccount:${each.key}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "irsa" {
  for_each           = local.irsa
  name               = each.value
  assume_role_policy = data.aws_iam_policy_document.trust[each.key].json
}

resource "helm_release" "payments" {
  name      = "payments"
  chart     = "./charts/payments"
  namespace = "payments"
}
