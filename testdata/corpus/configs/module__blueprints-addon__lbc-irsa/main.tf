# module__blueprints-addon__lbc-irsa: aws-ia/eks-blueprints-addon (the module
# eks-blueprints-addons calls once per add-on) with the arguments
# eks-blueprints-addons passes for enable_aws_load_balancer_controller
# (main.tf, module "aws_load_balancer_controller"): Helm release plus an IRSA
# role whose trust is built from oidc_providers (service_account, namespace
# inherited from the chart), and the role ARN set into the release by
# set_irsa_names. Trimmed: the null pass-through Helm options are omitted and
# the controller's long IAM policy is replaced by one statement.

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

  name = "ex-blueprints"
}

locals {
  aws_load_balancer_controller_service_account = "aws-load-balancer-controller-sa"
  aws_load_balancer_controller_namespace       = "kube-system"
}

module "aws_load_balancer_controller" {
  source = "./modules/blueprints-addon"

  create         = true
  create_release = true

  name             = "aws-load-balancer-controller"
  description      = "A Helm chart to deploy aws-load-balancer-controller for ingress resources"
  namespace        = local.aws_load_balancer_controller_namespace
  create_namespace = false
  chart            = "aws-load-balancer-controller"
  chart_version    = "1.7.1"
  repository       = "https://aws.github.io/eks-charts"
  values           = []
  wait             = false

  set = [
    {
      name  = "serviceAccount.name"
      value = local.aws_load_balancer_controller_service_account
    },
    {
      name  = "clusterName"
      value = module.eks.cluster_name
    },
  ]

  create_role          = true
  set_irsa_names       = ["serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn"]
  role_name            = "alb-controller"
  role_name_use_prefix = true
  role_path            = "/"
  role_description     = "IRSA for aws-load-balancer-controller project"

  policy_statements = [
    {
      sid       = "ELB"
      actions   = ["elasticloadbalancing:Describe*"]
      resources = ["*"]
    }
  ]
  policy_name_use_prefix = true
  policy_description     = "IAM Policy for AWS Load Balancer Controller"

  oidc_providers = {
    this = {
      provider_arn = module.eks.oidc_provider_arn
      # namespace is inherited from chart
      service_account = local.aws_load_balancer_controller_service_account
    }
  }
}
