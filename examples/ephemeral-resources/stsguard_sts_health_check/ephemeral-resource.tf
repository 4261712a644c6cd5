# A deployment check: once the role and its trust are applied, ask STS
# whether the workload's token can really assume the role. Run it where the
# token is: a pod with IRSA (a CI runner in the cluster) or a GitHub Actions
# job (pass its token in an ephemeral variable instead of token_file).

variable "role_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:role/payments-api"
}

variable "token_file" {
  type    = string
  default = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"
}

# The role's trust policy, e.g. aws_iam_role.payments_api.assume_role_policy;
# with it, a refusal comes with the engine's explanation and fix.
variable "trust_policy" {
  type    = string
  default = null
}

ephemeral "stsguard_sts_health_check" "payments_api" {
  role_arn   = var.role_arn
  token_file = var.token_file
  policy     = var.trust_policy

  # Set to true to stop the run on a refusal, with STS's code, message and
  # request ID and the engine's explanation in the error.
  fail_on_refusal = false
}

# A failed check is a warning: the run goes on. Ephemeral values cannot go
# into error_message, so the message says where to look.
check "payments_api_can_assume_its_role" {
  assert {
    condition     = ephemeral.stsguard_sts_health_check.payments_api.success
    error_message = "STS refuses the payments-api role to this token. Run `terraform-provider-stsguard doctor --policy trust.json` where the token is for STS's answer and the fix, or set fail_on_refusal = true."
  }
}
