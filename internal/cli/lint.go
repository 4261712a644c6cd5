package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/accept"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/manifests"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/report"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/workflows"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// lintUsage is the one-line usage of lint, with the formats of lintFormats.
var lintUsage = "usage: terraform-provider-stsguard lint PLAN_JSON... [--format " + strings.ReplaceAll(lintFormatNames(), ", ", "|") + "] [--output FORMAT=FILE]... [--fail-on error|warning|never] [--config FILE] [--tf-dir DIR]... [--workflows DIR]... [--github-repo OWNER/REPO] [--manifests DIR]... [--cluster NAME] [--color auto|always|never]" + rcpFlagsUsage

// runLint implements `lint`: read one or more saved plans, pair roles
// with callers (across the plans), report findings. Exit 0 when no finding reaches --fail-on, 1 otherwise,
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
	configFile := fs.String("config", "", "suppression file (default: "+accept.DefaultFile+" in the working directory, when present)")
	var tfDirs repeatedFlag
	fs.Var(&tfDirs, "tf-dir", "root module directory, to locate findings in .tf files (SARIF); with several plans, once for all or once per plan in order (default .)")
	var workflowDirs repeatedFlag
	fs.Var(&workflowDirs, "workflows", "GitHub Actions workflows to pair with the plan's roles: a checkout (its .github/workflows) or a directory of workflow files (repeatable)")
	githubRepo := fs.String("github-repo", "", "OWNER/REPO the --workflows run in (default: the GitHub remote in .git/config, else the plans' only github_repository)")
	var manifestDirs repeatedFlag
	fs.Var(&manifestDirs, "manifests", "also read Kubernetes manifests and Helm values files under DIR as callers (repeatable)")
	cluster := fs.String("cluster", "", "the EKS cluster (name or address, of any plan) the --manifests are applied to, when the plans have several")
	colorMode := fs.String("color", colorAuto, "colour the text report on standard output: auto (a terminal, unless NO_COLOR is set), always or never")
	var rcpFiles, rcpAccounts listFlag
	fs.Var(&rcpFiles, "rcp", "resource control policy JSON file (a policy document, or the output of aws organizations describe-policy) applying to every role of the plan (repeatable)")
	fs.Var(&rcpAccounts, "rcp-account", "apply the --rcp policies only to roles of this account ID (repeatable, or comma-separated)")
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
	case lintWriter(*format) == nil:
		fmt.Fprintf(stderr, "lint: --format %q is not one of %s\n", *format, lintFormatNames())
		return ExitBadInput
	case *githubRepo != "" && len(workflowDirs) == 0:
		fmt.Fprintf(stderr, "lint: --github-repo names the repository of the --workflows files; give --workflows DIR too\n")
		return ExitBadInput
	case !lint.ValidFailOn(*failOn):
		fmt.Fprintf(stderr, "lint: --fail-on %q is not one of error, warning, never\n", *failOn)
		return ExitBadInput
	case *cluster != "" && len(manifestDirs) == 0:
		fmt.Fprintf(stderr, "lint: --cluster says which cluster the --manifests are applied to; give --manifests DIR too\n%s\n", lintUsage)
		return ExitBadInput
	}
	if err := checkPlanFiles(files, tfDirs); err != nil {
		fmt.Fprintf(stderr, "lint: %v\n%s\n", err, lintUsage)
		return ExitBadInput
	}
	color, err := useColor(*colorMode, isTerminal(stdout), lintEnv)
	if err != nil {
		fmt.Fprintf(stderr, "lint: %v\n", err)
		return ExitBadInput
	}
	outputs, err := parseLintOutputs(rawOutputs)
	if err != nil {
		fmt.Fprintf(stderr, "lint: %v\n", err)
		return ExitBadInput
	}
	cfg, err := accept.Load(*configFile)
	if err != nil {
		flagName := "" // the default file is read without a flag
		if *configFile != "" {
			flagName = "--config: "
		}
		fmt.Fprintf(stderr, "lint: %s%v\n", flagName, err)
		return ExitBadInput
	}
	defer limitMemory(files)()
	plans := make([]*tfplan.Plan, len(files))
	for i, file := range files {
		p, err := tfplan.LoadFile(file, model.LoadOptions)
		if err != nil {
			fmt.Fprintf(stderr, "lint: %v\n", err)
			return ExitBadInput
		}
		plans[i] = p
	}
	var sources []callers.Source
	if len(workflowDirs) > 0 {
		src, err := workflows.Load(workflows.Options{Dirs: workflowDirs, Repository: *githubRepo})
		if err != nil {
			fmt.Fprintf(stderr, "lint: %v\n", err)
			return ExitBadInput
		}
		if src.Empty() {
			fmt.Fprintf(stderr, "lint: note: --workflows %s: no workflow file (.github/workflows/*.yml or *.yaml, or *.yml/*.yaml in the directory itself); no workflow job is checked\n", report.Printable(strings.Join(workflowDirs, ", "), false))
		}
		sources = append(sources, src)
	}
	var man *manifests.Source
	if len(manifestDirs) > 0 {
		if man, err = manifests.Read(manifestDirs, manifests.Options{Cluster: *cluster}); err != nil {
			// File names under the directories come from the checkout:
			// escape what a terminal would interpret.
			fmt.Fprintf(stderr, "lint: %s\n", report.Printable(err.Error(), false))
			return ExitBadInput
		}
		if man.Empty() {
			fmt.Fprintf(stderr, "lint: note: --manifests %s: no .yaml or .yml file; no manifest is checked\n", report.Printable(strings.Join(manifestDirs, ", "), false))
		}
		sources = append(sources, man)
	}
	rcps, err := readLintRCPs(rcpFiles, rcpAccounts)
	if err != nil {
		fmt.Fprintf(stderr, "lint: %v\n", err)
		return ExitBadInput
	}
	rep := lint.AnalyzeAll(plans, lint.Options{Sources: sources, RCPs: rcps})
	if man != nil && man.Err() != nil {
		fmt.Fprintf(stderr, "lint: %s\n", report.Printable(man.Err().Error(), false))
		return ExitBadInput
	}
	for _, a := range cfg.Apply(rep) {
		fmt.Fprintf(stderr, "lint: %s: the acceptance of %s on %s%s matched no finding; remove it when it is no longer needed\n",
			cfg.Source, a.Rule, a.Role, callerSuffix(a.Caller))
	}
	res := &lintResult{plans: plans, rep: rep, sum: lint.Summarize(rep, *failOn), tfDirs: tfDirsFor(files, tfDirs), version: version, notes: stderr}
	// The files first: when one cannot be written, stdout stays empty.
	if err := writeLintOutputs(outputs, res); err != nil {
		fmt.Fprintf(stderr, "lint: %v\n", err)
		return ExitBadInput
	}
	res.color = color
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

// repeatedFlag is a flag given any number of times (--tf-dir, --workflows, --manifests).
type repeatedFlag []string

func (r *repeatedFlag) String() string { return strings.Join(*r, ",") }

// Set implements flag.Value.
func (r *repeatedFlag) Set(v string) error {
	if v == "" {
		return errors.New("give a directory")
	}
	*r = append(*r, v)
	return nil
}

// checkPlanFiles checks the plan arguments: standard input (-) at most
// once, no file twice, and --tf-dir given never, once, or once per plan.
func checkPlanFiles(files, tfDirs []string) error {
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f] {
			if f == "-" {
				return fmt.Errorf("- (standard input) is given more than once; standard input holds one plan, give the others as files")
			}
			return fmt.Errorf("the plan %s is given more than once", f)
		}
		seen[f] = true
	}
	if len(tfDirs) > 1 && len(tfDirs) != len(files) {
		return fmt.Errorf("--tf-dir is given %d times for %d plans; give it once for all plans, or once per plan in the order of the plans", len(tfDirs), len(files))
	}
	return nil
}

// tfDirsFor is the root module directory of each plan: the --tf-dir of
// its position, the single --tf-dir, or ".".
func tfDirsFor(files, tfDirs []string) []string {
	out := make([]string, len(files))
	for i := range files {
		switch len(tfDirs) {
		case 0:
			out[i] = "."
		case 1:
			out[i] = tfDirs[0]
		default:
			out[i] = tfDirs[i]
		}
	}
	return out
}
