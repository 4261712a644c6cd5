# Plan B of the several-plans goldens: the cluster root module.
resource "aws_eks_cluster" "main" {
  name = "main"
}

resource "kubernetes_service_account" "api" {
  metadata {
    name      = "api"
    namespace = "payment"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/payments"
    }
  }
}
