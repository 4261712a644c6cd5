// Package cli implements the terraform-provider-stsguard subcommands
// (explain, lint, version, help). It is the presentation door onto the
// engine; it never imports the provider package.
package cli

import (
	"fmt"
	"io"
)

// Exit codes shared by every subcommand (design.md).
const (
	ExitOK       = 0 // allowed / no finding at or above the threshold
	ExitFindings = 1 // a decision other than allow, or findings
	ExitBadInput = 2 // bad input or usage
)

// Main runs the subcommand named by args[0] and returns the process exit code.
// version is the build version injected at link time.
func Main(args []string, stdout, stderr io.Writer, version string) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: terraform-provider-stsguard <explain|lint|version|help>")
		return ExitBadInput
	}
	switch args[0] {
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "terraform-provider-stsguard %s\n", version)
		return ExitOK
	}
	fmt.Fprintf(stderr, "unknown subcommand %q; run 'terraform-provider-stsguard help'\n", args[0])
	return ExitBadInput
}
