// Package model is what the linter knows about a plan before pairing: its
// IAM roles and their trust documents, OIDC providers, EKS clusters and
// Cognito identity pools on both sides of the plan, and the caller types
// that caller sources produce.
//
// Files:
//   - world.go: World, built once per plan by NewWorld (NewWorlds for
//     several plans linted together: named, with distinct stand-ins and
//     shared labels), and its caches.
//   - kinds.go: the resource types and attributes the linter reads
//     (LoadOptions).
//   - roles.go: roles, by address, ARN and name.
//   - parseahead.go: the distinct trust texts of a large plan parsed on
//     several goroutines before the roles' trusts are read.
//   - trust.go, policydoc.go: trust documents, also rebuilt from
//     aws_iam_policy_document data sources and the configuration when
//     unknown until apply.
//   - providers.go: account, region, clusters and OIDC providers.
//   - lookup.go: finding providers by ARN and URL, and the providers a
//     role may use (those of other plans linted together count in their
//     own account only).
//   - pools.go: Cognito identity pools.
//   - github_repos.go: GitHub repositories and owners.
//   - org.go: the AWS Organizations layer (resource control policies,
//     their attachments, the tree of roots, OUs and accounts) and which
//     RCPs reach an account (Org.Reach).
//   - callers.go: Caller, CallerSide and Identity.
package model
