# module__pod-identity__sa-tag-condition, after (BROKEN): the association moves to service account cert-manager-controller; the trust still requires the session tag kubernetes-service-account = cert-manager.
# terraform-aws-eks-pod-identity v2.8.1 (complete example's cert_manager
# shape, association_defaults) plus trust_policy_conditions on the session
# tags EKS Pod Identity sets; existing cluster "prod".

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

module "cert_manager_pod_identity" {
  source = "./modules/pod-identity"

  name = "cert-manager"

  attach_cert_manager_policy    = true
  cert_manager_hosted_zone_arns = ["arn:aws:route53:::hostedzone/Z0123456789EXAMPLE"]

  trust_policy_conditions = [
    {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-service-account"
      values   = ["cert-manager"]
    }
  ]

  association_defaults = {
    namespace       = "cert-manager"
    service_account = "cert-manager-controller"
  }

  associations = {
    prod = {
      cluster_name = "prod"
    }
  }
}
