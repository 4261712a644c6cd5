// Package tfplan reads saved Terraform and OpenTofu plans in the JSON
// format of `terraform show -json PLANFILE` and knows nothing about IAM.
// It streams the file, keeps only the resource types a caller names
// (Options), and gives typed access to each instance's before and after
// values, what is unknown until apply and what is sensitive; it follows
// references through the plan's configuration (variables, locals, module
// calls and outputs) when a value is unknown, lists the sensitive values
// (the linter redacts them) and finds the .tf line that declares a
// resource.
//
// Files:
//   - load.go: Load and LoadFile, Options, format checks, the
//     resource_changes and prior_state readers; every error a *LoadError.
//   - encoding.go: UTF-8/UTF-16 byte order marks.
//   - jsonstream.go, jsonscan.go, jsonscan_scalar.go: the streaming JSON
//     scanner (accepts exactly what encoding/json.Valid accepts that is
//     also valid UTF-8 with no unpaired surrogate escape and no duplicate
//     object key at any depth, as I-JSON, RFC 7493, asks; FuzzScan checks
//     it). plainRun finds plain string text eight bytes at a time.
//   - jsondecode.go: decoding values the scanner has checked (the values
//     encoding/json gives an any; FuzzDecodeAny) and probing members of
//     checked bytes (FuzzProbe).
//   - changes.go: a resource_changes entry read member by member (an entry
//     not kept is skipped unread; of a kept one only kept attributes are
//     decoded).
//   - model.go: Plan, Resource and Side.
//   - values.go: reading values by path (StringAt, UnknownAt, ...) and
//     keeping memory low (pruning, sharing equal before/after parts).
//   - config.go: the configuration index (expressions, module calls,
//     provider blocks).
//   - configkey.go: a configuration resource's provider_config_key read
//     without decoding its expressions (its shape still checked as tfjson
//     would; FuzzProviderConfigKey).
//   - refs.go, follow.go: Value (a value, or the references that decide
//     it) and following references through the configuration.
//   - redact.go: sensitive values: Resource.SensitiveValues (under the
//     masks, any length), Plan.SensitiveValues (plan-wide), sensitive
//     root variables and provider credentials.
//   - strict.go: a member of the plan format in another letter case is
//     refused (internal/strictjson).
//   - locate.go: .tf locations of resources, for SARIF (files read with
//     internal/safefile; a refused one is skipped and listed).
//   - locate_block.go: lines inside a resource's block (InBlock: an
//     attribute or nested block by name), following HCL braces.
package tfplan
