# A token captured from a failing CI job, and the issuer's JWKS (the body
# of its jwks_uri). Pass them in, e.g. TF_VAR_web_identity_token.
variable "web_identity_token" {
  type      = string
  sensitive = true
}

variable "issuer_jwks" {
  type    = string
  default = null
}

data "stsguard_web_identity_token" "ci" {
  token = var.web_identity_token
  jwks  = var.issuer_jwks

  # The IAM OIDC providers of the role's account (aws_iam_openid_connect_provider).
  oidc_providers = [{
    url        = "token.actions.githubusercontent.com"
    client_ids = ["sts.amazonaws.com"]
  }]
}

output "token_subject" {
  value = data.stsguard_web_identity_token.ci.subject
}

output "token_audiences" {
  value = data.stsguard_web_identity_token.ci.audiences
}

# "" when STS would go on to evaluate the role's trust policy; otherwise the
# error STS answers, e.g. "InvalidIdentityToken: Incorrect token audience".
output "sts_error" {
  value = data.stsguard_web_identity_token.ci.sts_error
}

# Any other claim, e.g. GitHub's repository (null when the token has none).
output "repository" {
  value = lookup(jsondecode(data.stsguard_web_identity_token.ci.claims_json), "repository", null)
}
