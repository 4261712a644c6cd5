package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// lintUsage is the one-line usage of lint, with the formats of lintFormats.
var lintUsage = "usage: terraform-provider-stsguard lint PLAN_JSON [--format " + strings.ReplaceAll(lintFormatNames(), ", ", "|") + "] [--output FORMAT=FILE]... [--fail-on error|warning|never] [--config FILE] [--tf-dir DIR]" + rcpFlagsUsage

// runLint implements `lint`: read a saved plan, pair roles with callers,
// report findings. Exit 0 when no finding reaches --fail-on, 1 otherwise,
// 2 on bad input (unreadable, malformed or truncated plan, a state file,
// an unsupported format version, a bad configuration file or flag, an
// --output file that cannot be written). The report goes to stdout in
// --format and, in the same run, to each --output FORMAT=FILE. version is
// the build version SARIF reports.
func runLint(args []string, stdout, stderr io.Writer, version string) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "output format on standard output: "+lintFormatNames())
	var rawOutputs lintOutputs
	fs.Var(&rawOutputs, "output", "also write the report in FORMAT to FILE (FORMAT=FILE, repeatable; formats: "+lintFormatNames()+")")
	failOn := fs.String("fail-on", lint.FailOnError, "exit 1 when a finding of this severity or worse is not accepted: error, warning or never")
	configFile := fs.String("config", "", "suppression file (default: "+lint.DefaultConfigFile+" in the working directory, when present)")
	tfDir := fs.String("tf-dir", ".", "root module directory, to locate findings in .tf files (SARIF)")
	var rcpFiles, rcpAccounts listFlag
	fs.Var(&rcpFiles, "rcp", "resource control policy JSON file (a policy document, or the output of aws organizations describe-policy) applying to every role of the plan (repeatable)")
	fs.Var(&rcpAccounts, "rcp-account", "apply the --rcp policies only to roles of this account ID (repeatable)")
	var files []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintln(stdout, lintUsage)
				fs.SetOutput(stdout)
				fs.PrintDefaults()
				return ExitOK
			}
			fmt.Fprintf(stderr, "lint: %v\n%s\n", err, lintUsage)
			return ExitBadInput
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch {
	case len(files) == 0:
		fmt.Fprintf(stderr, "lint: give the plan JSON file (terraform show -json tfplan > plan.json), or - for standard input\n%s\n", lintUsage)
		return ExitBadInput
	case len(files) > 1:
		fmt.Fprintf(stderr, "lint: one plan file at a time; got %q\n%s\n", files, lintUsage)
		return ExitBadInput
	case lintWriter(*format) == nil:
		fmt.Fprintf(stderr, "lint: --format %q is not one of %s\n", *format, lintFormatNames())
		return ExitBadInput
	case !lint.ValidFailOn(*failOn):
		fmt.Fprintf(stderr, "lint: --fail-on %q is not one of error, warning, never\n", *failOn)
		return ExitBadInput
	}
	outputs, err := parseLintOutputs(rawOutputs)
	if err != nil {
		fmt.Fprintf(stderr, "lint: %v\n", err)
		return ExitBadInput
	}
	cfg, err := lint.LoadConfig(*configFile)
	if err != nil {
		flagName := "" // the default file is read without a flag
		if *configFile != "" {
			flagName = "--config: "
		}
		fmt.Fprintf(stderr, "lint: %s%v\n", flagName, err)
		return ExitBadInput
	}
	p, err := tfplan.LoadFile(files[0], model.LoadOptions)
	if err != nil {
		fmt.Fprintf(stderr, "lint: %v\n", err)
		return ExitBadInput
	}
	rcps, err := readLintRCPs(rcpFiles, rcpAccounts)
	if err != nil {
		fmt.Fprintf(stderr, "lint: %v\n", err)
		return ExitBadInput
	}
	rep := lint.AnalyzeWith(p, lint.Options{RCPs: rcps})
	for _, a := range cfg.Apply(rep) {
		fmt.Fprintf(stderr, "lint: %s: the acceptance of %s on %s%s matched no finding; remove it when it is no longer needed\n",
			cfg.Source, a.Rule, a.Role, callerSuffix(a.Caller))
	}
	res := &lintResult{plan: p, rep: rep, sum: lint.Summarize(rep, *failOn), tfDir: *tfDir, version: version, notes: stderr}
	// The files first: when one cannot be written, stdout stays empty.
	if err := writeLintOutputs(outputs, res); err != nil {
		fmt.Fprintf(stderr, "lint: %v\n", err)
		return ExitBadInput
	}
	if err := lintWriter(*format)(stdout, res); err != nil {
		fmt.Fprintf(stderr, "lint: writing the report: %v\n", err)
		return ExitBadInput
	}
	if res.sum.Failed {
		return ExitFindings
	}
	return ExitOK
}

func callerSuffix(c string) string {
	if c == "" {
		return ""
	}
	return " (caller " + c + ")"
}
