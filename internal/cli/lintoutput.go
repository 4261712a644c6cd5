package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/report"
	"github.com/stsguard/terraform-provider-stsguard/internal/redact"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// lintResult is what one lint run renders, in every format it is asked for.
type lintResult struct {
	plans   []*tfplan.Plan
	rep     *lint.Report
	sum     lint.Summary
	tfDirs  []string // the root module directory of each plan
	version string
	notes   io.Writer // where notes go (standard error), nil for none
	// color colours the text report; set for standard output only
	// (--color), never for --output files.
	color bool
}

// lintFormats is every report format of `lint`, for --format and --output.
// Adding a format is one line here.
var lintFormats = []struct {
	name  string
	write func(io.Writer, *lintResult) error
}{
	{"text", func(w io.Writer, r *lintResult) error {
		return report.WriteTextWith(w, r.rep, r.sum, report.TextOptions{Color: r.color})
	}},
	{"json", func(w io.Writer, r *lintResult) error {
		return report.WriteJSONWith(w, r.rep, r.sum, report.JSONOptions{ToolVersion: r.version})
	}},
	{"sarif", func(w io.Writer, r *lintResult) error {
		locs := make([]*tfplan.Locator, len(r.plans))
		for i, p := range r.plans {
			locs[i] = p.NewLocator(r.tfDirs[i])
		}
		err := report.WriteSARIF(w, r.rep, report.SARIFOptions{ToolVersion: r.version, LocateFinding: locateFindingIn(r.plans, locs), BaseDir: "."})
		if r.notes != nil {
			for _, loc := range locs {
				for _, note := range loc.Skipped {
					fmt.Fprintf(r.notes, "lint: note: %s\n", report.Printable(note, false))
				}
			}
		}
		return err
	}},
	{"markdown", func(w io.Writer, r *lintResult) error {
		return report.WriteMarkdown(w, r.rep, r.sum, report.MarkdownOptions{})
	}},
	{"dot", func(w io.Writer, r *lintResult) error { return report.WriteDOT(w, r.rep, r.sum) }},
}

// locateFindingIn locates a finding in the .tf files of its plan
// (lint.Locate): with several plans, addresses carry their plan's source
// as a prefix (`iam.json: aws_iam_role.x`); the longest matching one wins
// and is stripped before locating.
func locateFindingIn(plans []*tfplan.Plan, locs []*tfplan.Locator) func(lint.Finding) (tfplan.Location, bool) {
	if len(plans) == 1 {
		return func(f lint.Finding) (tfplan.Location, bool) { return lint.Locate(plans[0], locs[0], f) }
	}
	return func(f lint.Finding) (tfplan.Location, bool) {
		best := -1
		for i, p := range plans {
			if strings.HasPrefix(f.Address, p.Source+": ") && (best < 0 || len(p.Source) > len(plans[best].Source)) {
				best = i
			}
		}
		if best < 0 {
			return tfplan.Location{}, false
		}
		prefix := plans[best].Source + ": "
		f.Address = strings.TrimPrefix(f.Address, prefix)
		f.Role = strings.TrimPrefix(f.Role, prefix)
		return lint.Locate(plans[best], locs[best], f)
	}
}

// lintFormatNames lists the formats for messages: "text, json, sarif, ...".
func lintFormatNames() string {
	names := make([]string, len(lintFormats))
	for i, f := range lintFormats {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// lintWriter returns the writer of the named format, or nil.
func lintWriter(name string) func(io.Writer, *lintResult) error {
	for _, f := range lintFormats {
		if f.name == name {
			return f.write
		}
	}
	return nil
}

// lintOutput is one --output FORMAT=FILE.
type lintOutput struct{ format, file string }

// lintOutputs collects the repeatable --output flag; values are checked
// after parsing, by parseLintOutputs, for one message naming the flag.
type lintOutputs []string

func (o *lintOutputs) String() string { return strings.Join(*o, ",") }

// Set implements flag.Value.
func (o *lintOutputs) Set(v string) error { *o = append(*o, v); return nil }

// parseLintOutputs checks every --output value: a known format, a file
// name, and no file written twice.
func parseLintOutputs(raw []string) ([]lintOutput, error) {
	var outs []lintOutput
	seen := map[string]bool{}
	for _, v := range raw {
		format, file, ok := strings.Cut(v, "=")
		switch {
		case !ok || file == "":
			return nil, fmt.Errorf("--output %q: expected FORMAT=FILE, e.g. --output sarif=stsguard.sarif; formats are %s", v, lintFormatNames())
		case lintWriter(format) == nil:
			return nil, fmt.Errorf("--output %q: format %q is not one of %s", v, format, lintFormatNames())
		case file == "-":
			return nil, fmt.Errorf("--output %q: - is not a file; the report in --format already goes to standard output (--format %s)", v, format)
		case seen[file]:
			return nil, fmt.Errorf("--output %q: %s is already the file of another --output", v, file)
		}
		seen[file] = true
		outs = append(outs, lintOutput{format, file})
	}
	return outs, nil
}

// writeLintOutputs renders each --output into its file. A file is written
// whole or not at all (rendered in memory first).
func writeLintOutputs(outs []lintOutput, r *lintResult) error {
	for _, o := range outs {
		var buf bytes.Buffer
		if err := lintWriter(o.format)(&buf, r); err != nil {
			return fmt.Errorf("--output %s=%s: rendering the report: %v", o.format, o.file, err)
		}
		if err := os.WriteFile(o.file, []byte(redact.JWTs(buf.String())), 0o644); err != nil {
			return fmt.Errorf("--output %s=%s: cannot write the report: %v", o.format, o.file, err)
		}
	}
	return nil
}
