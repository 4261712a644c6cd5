// Command terraform-provider-standin serves one of the test-only stand-in
// providers (aws, kubernetes, helm, github, tls) used to generate plan JSON
// fixtures with the real terraform CLI. Which one is chosen by the name the
// binary is invoked under (terraform-provider-aws, ...; copy or link the
// binary) or by $STANDIN_PROVIDER. Never use it against real infrastructure:
// it talks to nothing and only stores state.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/aws"
	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/github"
	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/helm"
	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/kubernetes"
	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/tls"
)

// providers maps a provider type name to its stand-in.
var providers = map[string]func() *standin.ProviderSpec{
	"aws":        aws.Provider,
	"kubernetes": kubernetes.Provider,
	"helm":       helm.Provider,
	"github":     github.Provider,
	"tls":        tls.Provider,
}

// providerName picks the stand-in from $STANDIN_PROVIDER or from the
// executable name "terraform-provider-<type>[_vX.Y.Z][.exe]".
func providerName(executable, override string) string {
	if override != "" {
		return override
	}
	base := strings.TrimSuffix(filepath.Base(executable), ".exe")
	base = strings.TrimPrefix(base, "terraform-provider-")
	if i := strings.Index(base, "_"); i >= 0 {
		base = base[:i]
	}
	return base
}

func main() {
	debug := flag.Bool("debug", false, "start in debug mode (for debuggers)")
	flag.Parse()
	name := providerName(os.Args[0], os.Getenv("STANDIN_PROVIDER"))
	factory, ok := providers[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "terraform-provider-standin: no stand-in named %q; install the binary as terraform-provider-aws, -kubernetes, -helm, -github or -tls, or set STANDIN_PROVIDER to one of aws, kubernetes, helm, github, tls\n", name)
		os.Exit(2)
	}
	if err := standin.Serve(factory(), *debug); err != nil {
		fmt.Fprintf(os.Stderr, "terraform-provider-standin (%s): %v\n", name, err)
		os.Exit(1)
	}
}
