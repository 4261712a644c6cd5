// Package lint is the plan linter: a pipeline that discovers callers,
// pairs them with roles and judges pairs and roles by the rules STSG1xx to
// STSG9xx (docs/guides/lint-json.md lists them).
//
//   - discover: internal/lint/model builds the roles, OIDC providers,
//     clusters and identity pools of a plan; internal/lint/callers turns
//     each input (today: the plan's own resources) into callers.
//   - pair: pair.go evaluates each caller against each role it names,
//     before and after the plan, with the engine (internal/evaluate).
//   - judge: rules.go (pair findings: STSG101-105, 900), rules_role.go
//     (role findings: STSG104-106, 301), broad.go (over-breadth, STSG201-202),
//     finding.go (the rule table, Finding and Report), accept.go (findings
//     accepted in .stsguard.json), summary.go (counts and --fail-on).
//   - analyze.go: Analyze, the pipeline for one plan.
//   - sensitive.go: sensitivity that travels with values: each finding and
//     pair is redacted with the sensitive values it is built from
//     (internal/redact).
//
// Rendering (text, JSON, SARIF) lives in internal/lint/report.
package lint
