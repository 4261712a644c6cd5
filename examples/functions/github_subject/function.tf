# The sub claims GitHub Actions issues for octo-org/octo-repo.
output "main_branch" {
  # "repo:octo-org/octo-repo:ref:refs/heads/main"
  value = provider::stsguard::github_subject("octo-org/octo-repo", "branch", "main")
}

output "release_tag" {
  # "repo:octo-org/octo-repo:ref:refs/tags/v1.2.0"
  value = provider::stsguard::github_subject("octo-org/octo-repo", "tag", "v1.2.0")
}

output "production_environment" {
  # "repo:octo-org/octo-repo:environment:production"
  # A job that uses an environment gets this subject, not the branch one.
  value = provider::stsguard::github_subject("octo-org/octo-repo", "environment", "production")
}

output "pull_requests" {
  # "repo:octo-org/octo-repo:pull_request" (the value is ignored)
  value = provider::stsguard::github_subject("octo-org/octo-repo", "pull_request", "")
}
