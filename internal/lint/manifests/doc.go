// Package manifests is the caller source of Kubernetes manifests and Helm
// values files read from directories outside the plan (lint --manifests
// DIR): ServiceAccount objects annotated with an IRSA role
// (eks.amazonaws.com/role-arn), the workloads that use them, and the
// serviceAccount settings of values*.yaml files of charts that a
// helm_release of any plan linted together installs. Identities are built by the plan's
// own service account and Helm logic (internal/lint/callers), so a
// manifest and a kubernetes_service_account are judged by the same rules.
//
// Files:
//   - read.go: Read walks the directories and parses every YAML file
//     (internal/yamldoc); bad input is an error naming file:line:column.
//   - objects.go: Kubernetes objects in a document (List kinds), service
//     accounts, workloads and their namespaces (kustomization.yaml).
//   - cluster.go: the cluster the manifests belong to (--cluster, else
//     the single cluster in the plans linted together).
//   - source.go: Source, the callers.Source: service account and Helm
//     values callers.
package manifests
