// Command benchtool supports tests/bench/lint.sh, the plan linter's
// benchmark:
//
//	benchtool gen -resources N [-sort-keys] -o FILE   write a synthetic plan JSON
//	benchtool valid FILE                 read FILE and check it with encoding/json.Valid (the floor)
//	benchtool decode FILE                decode FILE with encoding/json into an empty interface
//	benchtool run -- CMD ARGS...         run CMD, print "WALL_SECONDS PEAK_RSS_BYTES CPU_SECONDS"
//
// The synthetic plan has the shape of `terraform show -json` output
// (planned_values, resource_changes with before/after and masks,
// prior_state, configuration with references) for N resources: about a
// fifth IAM roles with web-identity trusts, a fifth callers (service
// accounts, GitHub Actions variables, Helm releases), one OIDC provider and
// cluster, and unrelated resources for the rest. Some roles' trusts and
// some service accounts change, so the linter has findings to report.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = genCmd(os.Args[2:])
	case "valid":
		err = validCmd(os.Args[2:])
	case "decode":
		err = decodeCmd(os.Args[2:])
	case "run":
		err = runCmd(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchtool: %v\n", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: benchtool gen -resources N -o FILE | valid FILE | decode FILE | run -- CMD ARGS...")
	os.Exit(2)
}

func genCmd(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	n := fs.Int("resources", 1000, "number of resources in the plan")
	out := fs.String("o", "plan.json", "output file")
	sortKeys := fs.Bool("sort-keys", false, "write every object's members sorted by key (as jq -S leaves a plan) instead of in Terraform's order")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := generate(f, *n, *sortKeys); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// validCmd reads a file and checks it with encoding/json.Valid: the floor
// any linter of the file pays (it must read every byte and check the
// syntax before trusting any of it).
func validCmd(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("valid FILE")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	if !json.Valid(data) {
		return fmt.Errorf("%s is not valid JSON", args[0])
	}
	return nil
}

// decodeCmd decodes a file into an empty interface with encoding/json:
// the baseline the linter's time and memory are compared with.
func decodeCmd(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("decode FILE")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	if m, ok := v.(map[string]any); !ok || m["format_version"] == nil {
		return fmt.Errorf("%s is not a plan", args[0])
	}
	return nil
}

// runCmd runs a command with its output discarded and prints its wall time
// in seconds, its peak resident set size in bytes and the CPU time (user
// and system) it used in seconds: on a shared machine the CPU time is the
// steadier measure of what the command costs.
func runCmd(args []string) error {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return fmt.Errorf("usage: run -- CMD [ARGS]")
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return err
	}
	if code := cmd.ProcessState.ExitCode(); code > 1 {
		return fmt.Errorf("%v exited %d", args, code)
	}
	ps := cmd.ProcessState
	fmt.Printf("%.3f %d %.3f\n", wall.Seconds(), peakRSS(ps), (ps.UserTime() + ps.SystemTime()).Seconds())
	return nil
}
