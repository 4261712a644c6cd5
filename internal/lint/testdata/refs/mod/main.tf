terraform {
  required_providers {
    github = { source = "integrations/github" }
  }
}

variable "role_arn" {
  type = string
}

# Environment "staging": the trust admits only "prod", so this caller is
# refused (found through var.role_arn).
resource "github_actions_environment_variable" "inner" {
  repository    = "app"
  environment   = "staging"
  variable_name = "AWS_ROLE_ARN"
  value         = var.role_arn
}

output "role_arn" {
  value = github_actions_environment_variable.inner.value
}
