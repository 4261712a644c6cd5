# module__iam-oidc-role__wildcard-namespace: iam v5.60.0
# iam-assumable-role-with-oidc with a literal provider_url given WITH
# https:// (the module strips it) and oidc_subjects_with_wildcards admitting
# every service account of namespace "apps"; only apps/web uses the role.

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

module "apps_role" {
  source = "./modules/iam5-oidc-role"

  create_role  = true
  role_name    = "apps-reader"
  provider_url = "https://oidc.eks.us-east-1.amazonaws.com/id/5C54DDF35EB19312844C7333374CC09D"

  role_policy_arns               = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
  oidc_subjects_with_wildcards   = ["system:serviceaccount:apps:*"]
  oidc_fully_qualified_audiences = ["sts.amazonaws.com"]
}

resource "kubernetes_service_account_v1" "web" {
  metadata {
    name      = "web"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.apps_role.iam_role_arn
    }
  }
}
