# module__iam-irsa__broken-sa-helm (BROKEN): iam v5.60.0
# iam-role-for-service-accounts-eks trusting
# kube-system:aws-load-balancer-controller on a cluster created in the same
# plan; the Helm release names its service account "aws-lb-controller".

terraform {
  required_providers {
    aws  = { source = "hashicorp/aws" }
    tls  = { source = "hashicorp/tls" }
    helm = { source = "hashicorp/helm" }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "helm" {}

module "eks" {
  source = "./modules/eks-lite"

  name = "ex-lbc"
}

module "lb_role" {
  source = "./modules/iam5-irsa"

  role_name                              = "ex-lbc-controller"
  attach_load_balancer_controller_policy = true

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:aws-load-balancer-controller"]
    }
  }
}

resource "helm_release" "lbc" {
  name       = "aws-load-balancer-controller"
  repository = "https://aws.github.io/eks-charts"
  chart      = "aws-load-balancer-controller"
  namespace  = "kube-system"

  set {
    name  = "clusterName"
    value = module.eks.cluster_name
  }
  set {
    name  = "serviceAccount.create"
    value = "true"
  }
  set {
    name  = "serviceAccount.name"
    value = "aws-lb-controller"
  }
  set {
    name  = "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn"
    value = module.lb_role.iam_role_arn
  }
}
