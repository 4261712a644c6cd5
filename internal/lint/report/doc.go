// Package report renders a lint report: text for a terminal or CI log
// (text.go: grouped by role and caller, wrapped, optionally coloured),
// JSON (json.go; the contract is docs/guides/lint-json.md), SARIF 2.1.0
// for code scanning (sarif.go), a markdown summary for pull request
// comments and job summaries (markdown.go: verdict, Mermaid map from
// mermaid.go, findings table, size cap) and a Graphviz digraph (dot.go).
// graph.go builds the map both draw: OIDC providers, callers and roles,
// with the edges that carry findings. escape.go: Printable, which every
// text renderer applies to what it prints (control characters and
// bidirectional overrides from plan values are written escaped).
package report
