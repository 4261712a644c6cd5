# module__iam-irsa__sa-renamed, after (BROKEN): the service account is renamed to app/billing-api; the module call still trusts app:billing.
# iam v5.60.0 iam-role-for-service-accounts-eks with a literal provider ARN and
# an inline policy ARN map (role_policy_arns), for_each keyed.

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

module "billing_irsa" {
  source = "./modules/iam5-irsa"

  role_name = "billing"
  role_policy_arns = {
    s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
  }

  oidc_providers = {
    prod = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C54DDF35EB19312844C7333374CC09D"
      namespace_service_accounts = ["app:billing"]
    }
  }
}

resource "kubernetes_service_account_v1" "billing" {
  metadata {
    name      = "billing-api"
    namespace = "app"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.billing_irsa.iam_role_arn
    }
  }
}
