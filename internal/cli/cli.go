// Package cli implements the terraform-provider-stsguard subcommands
// (explain, lint, doctor, version, help). It is the presentation door onto the
// engine; it never imports the provider package.
//
// Files: cli.go (Main, exit codes, help; every output passes a JSON Web
// Token filter, redact.Writer), explain.go (explain and reading
// input files, each error naming its flag), tokenflags.go (explain
// --token; the request file's shape checks are in internal/requestdoc,
// shared with the provider's functions), yamlhint.go (the hint for YAML
// given where JSON is required), lint.go (lint's flags and run),
// lintoutput.go (the table of report formats, --output), lintcolor.go
// (--color and NO_COLOR), lintrcp.go (resource control policy files:
// lint --rcp, explain --rcp).
package cli

import (
	"fmt"
	"io"

	"github.com/stsguard/terraform-provider-stsguard/internal/redact"
)

// Exit codes shared by every subcommand (documented in README.md and the
// explain and lint guides under docs/guides); doctor adds ExitUnreachable.
const (
	ExitOK       = 0 // allowed / no finding at or above the threshold
	ExitFindings = 1 // a decision other than allow, or findings
	ExitBadInput = 2 // bad input or usage
)

// Main runs the subcommand named by args[0] and returns the process exit code.
// version is the build version injected at link time.
func Main(args []string, stdout, stderr io.Writer, version string) int {
	// Every byte a subcommand prints passes through a token filter: a
	// JSON Web Token is never printed, wherever it came from (a claim
	// value in a request file, a plan value, a policy).
	out, errOut := redact.NewWriter(stdout), redact.NewWriter(stderr)
	defer func() {
		_ = out.Flush()
		_ = errOut.Flush()
	}()
	return run(args, out, errOut, version)
}

func run(args []string, stdout, stderr io.Writer, version string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, helpText)
		return ExitBadInput
	}
	switch args[0] {
	case "explain":
		return runExplain(args[1:], stdout, stderr)
	case "lint":
		return runLint(args[1:], stdout, stderr, version)
	case "doctor":
		return runDoctor(args[1:], stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, helpText)
		return ExitOK
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "terraform-provider-stsguard %s\n", version)
		return ExitOK
	}
	fmt.Fprintf(stderr, "unknown subcommand %q; run 'terraform-provider-stsguard help'\n", args[0])
	return ExitBadInput
}

const helpText = `terraform-provider-stsguard: the stsguard Terraform provider and trust-policy checker

Without a subcommand (or with -debug) the binary serves the Terraform provider.

Subcommands:
  explain --policy FILE --request FILE [--format text|json] [--rcp FILE]...
          Decide an sts:AssumeRoleWithWebIdentity request against a trust policy
          and explain the decision. --token FILE (with --role-arn, --oidc-provider
          URL=id1,id2, --jwks FILE, --now RFC3339 and --role-session-name NAME)
          replaces --request to check a real token.
  lint PLAN_JSON... [--format text|json|sarif|markdown|dot] [--output FORMAT=FILE]...
          [--fail-on error|warning|never] [--config FILE] [--tf-dir DIR]...
          [--workflows DIR]... [--github-repo OWNER/REPO] [--manifests DIR]...
          [--cluster NAME] [--color auto|always|never] [--rcp FILE]... [--rcp-account ID]...
          Check saved plans (terraform show -json) for broken or too broad trusts;
          several plans are paired together (IAM in one root, clusters in another).
          --output writes the same report in another format to FILE (repeatable).
  doctor [--role-arn ARN] [--token FILE] [--policy FILE | --plan PLAN_JSON] [--jwks FILE]
         [--audience AUD] [--region R] [--role-session-name NAME] [--now RFC3339]
         [--offline] [--format text|json]
          Check a real AssumeRoleWithWebIdentity call where it fails (an EKS pod, a
          GitHub Actions job): the token, its signature, STS's answer, and with a
          trust policy the engine's explanation. Exit 3: STS gave no decision.
  version Print the version.
  help    Print this help.

Run 'terraform-provider-stsguard COMMAND -h' for what each flag does.
Exit codes: 0 allowed / no findings, 1 denied / findings, 2 bad input.
`
