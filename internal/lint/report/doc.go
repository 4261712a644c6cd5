// Package report renders a lint report: text for a terminal or CI log
// (text.go), JSON (json.go; the contract is docs/guides/lint-json.md) and
// SARIF 2.1.0 for code scanning (sarif.go). escape.go: Printable, which
// every text renderer applies to what it prints (control characters and
// bidirectional overrides from plan values are written escaped).
package report
