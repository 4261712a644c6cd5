// Command terraform-provider-stsguard is both the stsguard Terraform provider
// and a command-line tool.
//
// With no arguments, or with only the -debug flag, it serves the provider over
// the Terraform plugin protocol (version 6). With a subcommand (explain, lint,
// version, help) it runs that subcommand and exits with its code.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/stsguard/terraform-provider-stsguard/internal/cli"
	"github.com/stsguard/terraform-provider-stsguard/provider"
)

// version is the build version, set at link time with
// -ldflags "-X main.version=...".
var version = "dev"

// registryAddress is the provider's address in the Terraform registry.
const registryAddress = "registry.terraform.io/stsguard/stsguard"

func main() {
	if isSubcommand(os.Args[1:]) {
		os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr, version))
	}

	var debug bool
	flag.BoolVar(&debug, "debug", false, "serve the provider with support for debuggers such as delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         registryAddress,
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "terraform-provider-stsguard: serving the provider failed: %v\n", err)
		os.Exit(1)
	}
}

// isSubcommand reports whether args ask for a CLI subcommand rather than the
// provider server. Terraform starts providers with no arguments, and -debug
// (or --debug, -debug=true) serves the provider for a debugger; anything else
// (explain, lint, version, help, -version, ...) goes to the CLI, which
// rejects what it does not know.
func isSubcommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	name, _, _ := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
	return !(strings.HasPrefix(args[0], "-") && name == "debug")
}
