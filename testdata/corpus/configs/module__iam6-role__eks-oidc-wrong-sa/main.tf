# module__iam6-role__eks-oidc-wrong-sa (BROKEN): iam v6.5.0 iam-role with
# enable_oidc (generic OIDC trust, README "OIDC" shape: oidc_provider_urls,
# oidc_subjects, oidc_audiences) for Prometheus on an existing cluster; the
# subject names service account "prometheus" while the chart's service
# account is "prometheus-server".

terraform {
  required_providers {
    aws        = { source = "hashicorp/aws" }
    kubernetes = { source = "hashicorp/kubernetes" }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "kubernetes" {}

module "prometheus_role" {
  source = "./modules/iam6-role"

  name = "prometheus"

  enable_oidc        = true
  oidc_provider_urls = ["https://oidc.eks.us-east-1.amazonaws.com/id/5C54DDF35EB19312844C7333374CC09D"]
  oidc_subjects      = ["system:serviceaccount:monitoring:prometheus"]
  oidc_audiences     = ["sts.amazonaws.com"]

  policies = {
    AMPRemoteWrite = "arn:aws:iam::aws:policy/AmazonPrometheusRemoteWriteAccess"
  }
}

resource "kubernetes_service_account_v1" "prometheus" {
  metadata {
    name      = "prometheus-server"
    namespace = "monitoring"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.prometheus_role.arn
    }
  }
}
