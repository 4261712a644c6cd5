// Command floorprovider is a test-only Terraform provider, "floor", for
// tests/bench/plan-cost.sh: the honest floor of what any
// terraform-plugin-framework provider costs a plan with stsguard's
// schema. It has
//
//   - floor_role_trust, a data source with exactly the schema of
//     stsguard_role_trust whose Read does nothing (the planned state is
//     the configuration, computed attributes null): two plugin calls per
//     instance and the framework's passes over the configuration, no check;
//   - provider::floor::noop, a function with the parameters and result of
//     provider::stsguard::allows whose Run only reads its arguments and
//     returns false.
//
// Not a provider anyone should use; never published.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

func main() {
	// As the stsguard binary does (main.go): no SDK TRACE logging unless
	// a TF_LOG* variable asks for it, so the two are compared alike.
	quiet := true
	for _, name := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		quiet = quiet && os.Getenv(name) == ""
	}
	if quiet {
		_ = os.Setenv("TF_LOG_SDK", "OFF")
	}
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address:         "registry.terraform.io/stsguard/floor",
		ProtocolVersion: 6,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "floorprovider: %v\n", err)
		os.Exit(1)
	}
}
