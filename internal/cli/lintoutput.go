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
	plan    *tfplan.Plan
	rep     *lint.Report
	sum     lint.Summary
	tfDir   string
	version string
	notes   io.Writer // where notes go (standard error), nil for none
}

// lintFormats is every report format of `lint`, for --format and --output.
// Adding a format is one line here.
var lintFormats = []struct {
	name  string
	write func(io.Writer, *lintResult) error
}{
	{"text", func(w io.Writer, r *lintResult) error { return report.WriteText(w, r.rep, r.sum) }},
	{"json", func(w io.Writer, r *lintResult) error { return report.WriteJSON(w, r.rep, r.sum) }},
	{"sarif", func(w io.Writer, r *lintResult) error {
		loc := r.plan.NewLocator(r.tfDir)
		err := report.WriteSARIF(w, r.rep, report.SARIFOptions{ToolVersion: r.version, Locate: loc.Locate, BaseDir: "."})
		if r.notes != nil {
			for _, note := range loc.Skipped {
				fmt.Fprintf(r.notes, "lint: note: %s\n", report.Printable(note, false))
			}
		}
		return err
	}},
}

// lintFormatNames lists the formats for messages: "text, json, sarif".
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
