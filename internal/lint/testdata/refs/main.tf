# References the linter follows when values are unknown until apply: a
# new cluster's issuer through the OIDC provider into a policy document,
# role ARNs through a module variable and output, count instances by
# count.index and by an explicit index.
terraform {
  required_providers {
    aws        = { source = "hashicorp/aws" }
    kubernetes = { source = "hashicorp/kubernetes" }
    github     = { source = "integrations/github" }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "kubernetes" {
  host = aws_eks_cluster.main.endpoint
}

provider "github" {
  owner = "octo"
}

resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = aws_eks_cluster.main.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "workers" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.eks.arn]
    }
    condition {
      test     = "StringLike"
      variable = "${replace(aws_iam_openid_connect_provider.eks.url, "https://", "")}:sub"
      values   = ["system:serviceaccount:default:worker-*"]
    }
  }
}

resource "aws_iam_role" "worker" {
  count              = 2
  name               = "worker-${count.index}"
  assume_role_policy = data.aws_iam_policy_document.workers.json
}

resource "kubernetes_service_account_v1" "worker" {
  count = 2
  metadata {
    name        = "worker-${count.index}"
    annotations = { "eks.amazonaws.com/role-arn" = aws_iam_role.worker[count.index].arn }
  }
}

# Pinned to the second role by an explicit index, with a name the trust
# does not admit.
resource "kubernetes_service_account_v1" "batch" {
  metadata {
    name        = "batch"
    annotations = { "eks.amazonaws.com/role-arn" = aws_iam_role.worker[1].arn }
  }
}

resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:sub" = "repo:octo/app:environment:prod" }
      }
    }]
  })
}

module "ci" {
  source   = "./mod"
  role_arn = aws_iam_role.ci.arn
}

resource "github_actions_environment_variable" "root" {
  repository    = "app"
  environment   = "prod"
  variable_name = "ROLE_FROM_MODULE"
  value         = module.ci.role_arn
}
