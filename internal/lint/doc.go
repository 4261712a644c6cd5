// Package lint is the plan linter: a pipeline that discovers callers,
// pairs them with roles and judges pairs and roles by the rules STSG1xx to
// STSG9xx (docs/guides/lint-json.md lists them).
//
//   - discover: internal/lint/model builds the roles, OIDC providers,
//     clusters and identity pools of a plan; internal/lint/callers turns
//     each input into callers: the plan's own resources, and sources read
//     outside it such as internal/lint/manifests (--manifests) and
//     internal/lint/workflows (--workflows).
//   - pair: roleof.go finds the role a caller names (across plans when
//     several are linted together); pair.go evaluates each caller against
//     each role it names, before and after the plan, with the engine
//     (internal/evaluate); evalcache.go keeps the evaluations of equal
//     requests, keyed by a digest, and builds each binding's request and
//     each account's providers once per run.
//   - judge: rules.go (pair findings: STSG101-105, 900), rules_change.go
//     (which side of a pair changed, for STSG102), rules_github.go
//     (STSG107, and refusals by audience alone: STSG105), rules_missing.go
//     (callers of a role no plan has: STSG103, 900), rules_subject.go
//     (STSG302), rules_unannotated.go (STSG108), rules_role.go (role
//     findings: STSG104-106, 301), broad.go and broad_messages.go
//     (over-breadth, STSG201-202),
//     rcp.go (resource control policies reaching a role's account, from
//     the plan, other plans and --rcp files, evaluated with every pair),
//     finding.go (the rule table, Finding and Report), summary.go
//     (counts and --fail-on).
//   - analyze.go: Analyze, the pipeline for one plan, and AnalyzeAll for
//     several plans linted together (a model.World per plan).
//   - locate.go: Locate, where a finding is shown in the .tf files (a
//     trust finding at the expression that builds the trust).
//   - sensitive.go: sensitivity that travels with values: each finding and
//     pair is redacted with the sensitive values it is built from
//     (internal/redact), then shortened where a value in it is too long
//     to print (redact.Shorten), so the report stays small in every
//     renderer.
//
// Findings accepted in .stsguard.json are marked by internal/lint/accept;
// rendering (text, JSON, SARIF, markdown, dot) lives in internal/lint/report.
package lint
