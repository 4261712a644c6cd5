# module__handwritten__replace-url: the hand-written equivalent of what the
# eks module's IRSA outputs feed (written for this corpus): module.eks
# (eks-lite: aws_eks_cluster + aws_iam_openid_connect_provider whose url is
# identity[0].oidc[0].issuer) and two roles whose trusts key their conditions
# with replace(issuer, "https://", ""): one via aws_iam_policy_document
# (used by a Helm release through values YAML), one via jsonencode (used by
# a kubernetes_service_account_v1). Plus the coredns add-on with no role.

terraform {
  required_providers {
    aws        = { source = "hashicorp/aws" }
    tls        = { source = "hashicorp/tls" }
    helm       = { source = "hashicorp/helm" }
    kubernetes = { source = "hashicorp/kubernetes" }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "helm" {}

provider "kubernetes" {}

module "eks" {
  source = "./modules/eks-lite"

  name = "ex-handwritten"
}

locals {
  oidc_host = replace(module.eks.cluster_oidc_issuer_url, "https://", "")
}

data "aws_iam_policy_document" "external_dns_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    effect  = "Allow"

    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values   = ["system:serviceaccount:external-dns:external-dns"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "external_dns" {
  name               = "ex-handwritten-external-dns"
  assume_role_policy = data.aws_iam_policy_document.external_dns_assume.json
}

resource "helm_release" "external_dns" {
  name             = "external-dns"
  repository       = "https://kubernetes-sigs.github.io/external-dns/"
  chart            = "external-dns"
  namespace        = "external-dns"
  create_namespace = true

  values = [yamlencode({
    serviceAccount = {
      create = true
      name   = "external-dns"
      annotations = {
        "eks.amazonaws.com/role-arn" = aws_iam_role.external_dns.arn
      }
    }
  })]
}

resource "aws_iam_role" "reports" {
  name = "ex-handwritten-reports"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:reports:generator"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "kubernetes_service_account_v1" "generator" {
  metadata {
    name      = "generator"
    namespace = "reports"
    annotations = {
      "eks.amazonaws.com/role-arn" = aws_iam_role.reports.arn
    }
  }
}

resource "aws_eks_addon" "coredns" {
  cluster_name = module.eks.cluster_name
  addon_name   = "coredns"
}
