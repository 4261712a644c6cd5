// Command terraform-provider-stsguard is both the stsguard Terraform provider
// and a command-line tool.
//
// With no arguments, or with only the -debug flag, it serves the provider over
// the Terraform plugin protocol (version 6); run by hand with no arguments it
// says so and points at `help`. With a subcommand (explain, lint, version,
// help) it runs that subcommand and exits with its code.
//
// The version is computed once, by buildVersion, and given to the provider
// and to the CLI (`version`, lint's SARIF tool.driver.version).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
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
	version = buildVersion(version)
	if isSubcommand(os.Args[1:]) {
		os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr, version))
	}

	if len(os.Args) == 1 && !launchedByTerraform(os.Getenv) {
		// go-plugin prints "This binary is a plugin..." and exits 1; say
		// first where the command-line tool is.
		fmt.Fprint(os.Stderr, bareBinaryHint)
	}

	quietSDKLogs()

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

// pluginCookieVariable is the environment variable Terraform sets for the
// plugins it starts (go-plugin's magic cookie, named by terraform-plugin-go).
const pluginCookieVariable = "TF_PLUGIN_MAGIC_COOKIE"

// bareBinaryHint is printed when the binary is run by hand with no
// arguments, before go-plugin's own "This binary is a plugin" message.
const bareBinaryHint = `terraform-provider-stsguard: no subcommand given, and not started by Terraform.
The command-line checker is run with a subcommand: terraform-provider-stsguard help

`

// launchedByTerraform reports whether Terraform (or OpenTofu) started the
// process: go-plugin's cookie variable is set.
func launchedByTerraform(getenv func(string) string) bool {
	return getenv(pluginCookieVariable) != ""
}

// sdkLogSettings are the environment variables that ask for provider or SDK
// logs; Terraform passes its environment on to the provider process.
var sdkLogSettings = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_STSGUARD",
	"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
}

// quietSDKLogs turns the plugin SDK's own logging off when nobody asked for
// logs. terraform-plugin-go and the framework default to TRACE and write about
// a hundred JSON lines per data source read to stderr, which Terraform parses
// and drops unless TF_LOG is set. With any log variable set nothing changes.
func quietSDKLogs() {
	for _, name := range sdkLogSettings {
		if os.Getenv(name) != "" {
			return
		}
	}
	_ = os.Setenv("TF_LOG_SDK", "OFF")
}

// buildVersion returns the linked-in version, or for a `go install`ed
// binary (which has none) the module version Go recorded in the binary.
func buildVersion(linked string) string {
	if linked != "dev" {
		return linked
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return strings.TrimPrefix(info.Main.Version, "v")
	}
	return linked
}
