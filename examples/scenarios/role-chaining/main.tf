# Role chaining: the CI role assumes the deploy role with sts:AssumeRole.
# The trust names the account, so the CI role's own identity policy must
# also allow sts:AssumeRole on the deploy role (for web identities no caller
# policy is consulted; role chaining is the exception).
data "stsguard_role_trust" "deploy" {
  role_arn = "arn:aws:iam::111122223333:role/deploy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "sts:AssumeRole"
    }]
  })

  aws_role {
    label    = "ci"
    role_arn = "arn:aws:iam::111122223333:role/ci"
    identity_policies = [jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "sts:AssumeRole"
        Resource = "arn:aws:iam::111122223333:role/deploy"
      }]
    })]
  }
}
