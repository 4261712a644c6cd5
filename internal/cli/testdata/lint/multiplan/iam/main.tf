# Plan A of the several-plans goldens: the IAM root module.
resource "aws_iam_openid_connect_provider" "eks" {
  url            = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "payments" {
  name               = "payments"
  assume_role_policy = data.aws_iam_policy_document.payments.json
}
