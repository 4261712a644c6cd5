package report

import (
	"encoding/json"
	"io"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

// JSONVersion is the version of the JSON output (docs/guides/lint-json.md); it
// changes only when a field is removed or changes meaning.
const JSONVersion = 1

// jsonReport is the --format json document (docs/guides/lint-json.md).
type jsonReport struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Plan     jsonPlan      `json:"plan"`
	Findings []jsonFinding `json:"findings"`
	Pairs    []jsonPair    `json:"pairs"`
	Summary  lint.Summary  `json:"summary"`
}

// jsonTool names the program that wrote the report, with the version
// `version` prints and SARIF's tool.driver.version carries.
type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// jsonPair is one analysed caller-role pair, every field present.
type jsonPair struct {
	Role     string   `json:"role"`
	Caller   string   `json:"caller"`
	Address  string   `json:"address"`
	Kind     string   `json:"kind"`
	Identity string   `json:"identity"`
	Before   string   `json:"before"`
	After    string   `json:"after"`
	Notes    []string `json:"notes"`
	// Plan is set when several plans are linted (the caller's plan).
	Plan string `json:"plan,omitempty"`
}

type jsonPlan struct {
	Source           string `json:"source"`
	FormatVersion    string `json:"format_version"`
	TerraformVersion string `json:"terraform_version"`
	// Sources lists each plan when several are linted together.
	Sources []lint.PlanSource `json:"sources,omitempty"`
}

// jsonFinding fixes the field order and makes every field present.
type jsonFinding struct {
	Rule     string   `json:"rule"`
	Severity string   `json:"severity"`
	Role     string   `json:"role"`
	Caller   string   `json:"caller"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
	Before   string   `json:"before"`
	After    string   `json:"after"`
	Accepted bool     `json:"accepted"`
	Reason   string   `json:"reason"`
	Notes    []string `json:"notes"`
	Address  string   `json:"address"`
	RoleARN  string   `json:"role_arn"`
	// Plan is set when several plans are linted (the plan of Address).
	Plan string `json:"plan,omitempty"`
	// File, Line and Column locate a caller read from a file outside the
	// plans (a workflow step, a Kubernetes object).
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// WriteJSON writes the report as JSON, naming the tool without a version.
func WriteJSON(w io.Writer, rep *lint.Report, sum lint.Summary) error {
	return WriteJSONWith(w, rep, sum, JSONOptions{})
}

// JSONOptions are the inputs of the JSON report besides the findings.
type JSONOptions struct {
	// ToolVersion is the build version (as `version` prints it).
	ToolVersion string
}

// WriteJSONWith writes the report as JSON.
func WriteJSONWith(w io.Writer, rep *lint.Report, sum lint.Summary, opts JSONOptions) error {
	out := jsonReport{
		Version:  JSONVersion,
		Tool:     jsonTool{Name: "stsguard", Version: opts.ToolVersion},
		Plan:     jsonPlan{Source: rep.Source, FormatVersion: rep.FormatVersion, TerraformVersion: rep.TerraformVersion, Sources: rep.Sources},
		Findings: make([]jsonFinding, 0, len(rep.Findings)),
		Pairs:    make([]jsonPair, 0, len(rep.Pairs)),
		Summary:  sum,
	}
	for _, p := range rep.Pairs {
		notes := p.Notes
		if notes == nil {
			notes = []string{}
		}
		out.Pairs = append(out.Pairs, jsonPair{Role: p.Role, Caller: p.Caller, Address: p.Address, Kind: p.Kind,
			Identity: p.Identity, Before: p.Before, After: p.After, Notes: notes, Plan: p.Plan})
	}
	for _, f := range rep.Findings {
		notes := f.Notes
		if notes == nil {
			notes = []string{}
		}
		out.Findings = append(out.Findings, jsonFinding{
			Rule: f.Rule, Severity: f.Severity, Role: f.Role, Caller: f.Caller, Message: f.Message, Fix: f.Fix,
			Before: f.Before, After: f.After, Accepted: f.Accepted, Reason: f.Reason, Notes: notes,
			Address: f.Address, RoleARN: f.RoleARN, Plan: f.Plan,
			File: f.File, Line: f.Line, Column: f.Column,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
