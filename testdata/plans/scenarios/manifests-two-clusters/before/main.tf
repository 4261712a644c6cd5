# Two EKS clusters (prod, staging) with their IAM OIDC providers; the role
# payments-api trusts the api service account of staging only. The service
# account is a manifest outside the plan (lint --manifests --cluster NAME).
# before/ and after/ are the same plan.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_eks_cluster" "c" {
  for_each = toset(["prod", "staging"])
  name     = each.key
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  version  = "1.31"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
  }
}

resource "aws_iam_openid_connect_provider" "c" {
  for_each       = aws_eks_cluster.c
  url            = each.value.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "api_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.c["staging"].arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${replace(aws_iam_openid_connect_provider.c["staging"].url, "https://", "")}:sub"
      values   = ["system:serviceaccount:payments:api"]
    }

    condition {
      test     = "StringEquals"
      variable = "${replace(aws_iam_openid_connect_provider.c["staging"].url, "https://", "")}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "api" {
  name               = "payments-api"
  assume_role_policy = data.aws_iam_policy_document.api_trust.json
}
