// Package doctor checks one real sts:AssumeRoleWithWebIdentity call end to
// end: it finds the role and token the way an EKS pod (IRSA) or a GitHub
// Actions job would, decodes and checks the token, verifies its signature
// against the issuer's keys, makes the real STS call with anonymous
// credentials, decides the same request with the engine when the trust
// policy is known, and says where the two disagree. The CLI's `doctor`
// subcommand and the provider's STS health check are its doors.
//
// Files:
//   - inputs.go: where the role, token and session name come from (flags,
//     IRSA variables, the GitHub Actions OIDC token service), Pod Identity
//     detection.
//   - tokenreport.go: the decoded token, its token-level checks and times.
//   - signature.go: signature verification with a JWKS file or by OIDC
//     discovery (openid-configuration, then jwks_uri).
//   - sts.go: the AssumeRoleWithWebIdentity call through aws-sdk-go-v2 and
//     the classification of STS's answer.
//   - compare.go: the verdict, exit code and disagreement between STS and
//     the engine.
//   - report.go: Run, which ties the steps together, and the Report shape
//     (also the JSON output).
//   - render.go: the text output.
//
// No output ever contains the token, its signature or credentials: the
// token is referred to by token.Fingerprint, and STS's credentials are
// dropped as soon as the answer is read.
package doctor
