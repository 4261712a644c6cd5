// Package callers discovers who asks STS for a role. Each Source turns one
// kind of input into callers (model.Caller): the identity each presents,
// the role it names by literal or by reference, and where it is declared.
// Pairing and the rules only see callers, so a new input is a new Source.
//
// Files:
//   - sources.go: Source, Collect, Superseder (applied by lint.AnalyzeAll), Problem and ProblemReporter (what a
//     source of files could not read), Superseder (plan callers a source
//     reads better), and PlanResources, the source of the
//     plan's own resources, one family per file:
//   - callers_k8s.go: kubernetes_service_account(_v1) and kubernetes_manifest;
//     ServiceAccountSide, the one builder of IRSA service account
//     identities (also used by internal/lint/manifests).
//   - callers_helm.go: helm_release values and set entries; HelmFileSide
//     for a chart's values file outside the plan (internal/lint/manifests);
//     yaml.go: values strings (read with internal/yamldoc) and --set paths.
//   - callers_eks.go, eks_addons.go: aws_eks_addon (add-on to service
//     account table) and aws_eks_pod_identity_association.
//   - callers_cognito.go: Cognito identity pool roles.
//   - callers_github.go: GitHub Actions variables and secrets holding a
//     role ARN, with the repository's subject template; GitHubValue
//     resolves a workflow's ${{ vars.X }} / ${{ secrets.X }} in the plan.
//   - callers_chain.go: roles allowed to assume another role.
//   - callers_declared.go: stsguard_role_trust bindings.
//   - trim.go: role ARN values with surrounding whitespace: read trimmed
//     where the tool trims them (configure-aws-credentials), noted where
//     it does not (the EKS webhook).
//   - bounds.go: the issuers' value limits (GitHub owner, repository and
//     environment; Kubernetes namespace and name; the token length STS
//     accepts): Collect takes the identity of a side whose value is over
//     its limit, and says why in Missing (STSG900).
//   - github_identity.go: GitHubIdentity, the sub and claims of a GitHub
//     Actions token (default subject or the plan's subject template),
//     shared by the plan's variables and workflow files.
package callers
