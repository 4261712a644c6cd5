// Package workflows is the caller source of GitHub Actions workflow files
// (lint --workflows DIR): every step that uses
// aws-actions/configure-aws-credentials with role-to-assume (and no access
// keys) is a caller of that role, with one identity per sub claim its job
// can present, built as GitHub builds it from the workflow's triggers and
// the job's environment; each is a run of its own and must be allowed
// (model.CallerSide.EveryIdentity). Files are parsed with github.com/rhysd/actionlint.
//
// Files:
//   - load.go: Load (the directories, the files, the parse), Source and
//     its Problems (files that do not parse).
//   - repo.go: the repository the workflows belong to (--github-repo, the
//     GitHub remote in .git/config, the single github_repository of the
//     plans linted together).
//   - triggers.go: the refs and sub contexts a workflow's triggers give
//     (push filters, pull requests, dispatch, schedule, release, merge
//     queue), with an example for each filter glob.
//   - permissions.go: whether a job may request an OIDC token (id-token:
//     write at workflow or job level, through reusable workflow callers).
//   - source.go: Callers: the configure-aws-credentials steps, their role
//     (literal, ${{ vars.X }} or ${{ secrets.X }} resolved in any plan) and
//     audience, and the identities of each job, also when it is a reusable
//     workflow called from another file.
package workflows
