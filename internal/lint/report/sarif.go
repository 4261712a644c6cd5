package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// SARIF constants (SARIF 2.1.0, OASIS).
const (
	SARIFVersion = "2.1.0"
	SARIFSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	toolName     = "stsguard"
	toolURI      = "https://registry.terraform.io/providers/stsguard/stsguard/latest/docs"
)

// SARIFOptions configure the SARIF rendering.
type SARIFOptions struct {
	// ToolVersion is the driver version.
	ToolVersion string
	// Locate finds the .tf file and line declaring an address (nil: every
	// result is located in the plan file).
	Locate func(address string) (tfplan.Location, bool)
	// LocateFinding, when set, is used instead of Locate: it sees the whole
	// finding (lint.Locate points a trust finding at the expression that
	// builds the trust).
	LocateFinding func(f lint.Finding) (tfplan.Location, bool)
	// BaseDir makes file URIs relative (the repository root, usually the
	// working directory).
	BaseDir string
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMarkup struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifMarkup    `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(severity string) string {
	switch severity {
	case lint.SeverityError:
		return "error"
	case lint.SeverityWarning:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's numeric severity (properties
// "security-severity"), by rule severity.
var securitySeverity = map[string]string{lint.SeverityError: "8.0", lint.SeverityWarning: "5.0", lint.SeverityInfo: "1.0"}

// WriteSARIF writes the report as a SARIF 2.1.0 log that GitHub code
// scanning accepts: every rule with its help, every result with a level,
// a message, a physical location (the .tf file and line when found, else
// the plan file) and the resource address as logical location, a stable
// partial fingerprint, and accepted findings as external suppressions.
func WriteSARIF(w io.Writer, rep *lint.Report, opts SARIFOptions) error {
	driver := sarifDriver{Name: toolName, Version: opts.ToolVersion, InformationURI: toolURI}
	index := map[string]int{}
	for i, r := range lint.Rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.ID, Name: r.Name,
			ShortDescription:     sarifText{Text: r.Summary},
			FullDescription:      sarifText{Text: r.Summary},
			Help:                 sarifMarkup{Text: r.Summary + " " + r.Help, Markdown: "**" + r.ID + "** " + r.Summary + "\n\n" + r.Help},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
			Properties: map[string]any{
				"tags":              []string{"security", "iam", "terraform"},
				"precision":         "high",
				"problem.severity":  severityWord(r.Severity),
				"security-severity": securitySeverity[r.Severity],
			},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	planURI := fileURI(rep.Source, opts.BaseDir)
	if rep.Source == "-" || rep.Source == "" {
		planURI = "plan.json"
	}
	for _, f := range rep.Findings {
		uri := planURI
		if f.Plan != "" {
			// Several plans: the finding's own plan file.
			uri = fileURI(f.Plan, opts.BaseDir)
			if f.Plan == "-" {
				uri = "plan.json"
			}
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}, Region: sarifRegion{StartLine: 1}}}
		switch {
		case f.File != "":
			loc.PhysicalLocation = sarifPhysical{ArtifactLocation: sarifArtifact{URI: fileURI(f.File, opts.BaseDir)}, Region: sarifRegion{StartLine: max(f.Line, 1), StartColumn: f.Column}}
		case opts.LocateFinding != nil || opts.Locate != nil:
			locate := opts.LocateFinding
			if locate == nil {
				locate = func(f lint.Finding) (tfplan.Location, bool) { return opts.Locate(f.Address) }
			}
			if l, ok := locate(f); ok {
				loc.PhysicalLocation = sarifPhysical{ArtifactLocation: sarifArtifact{URI: fileURI(l.File, opts.BaseDir)}, Region: sarifRegion{StartLine: l.Line}}
			}
		}
		for _, addr := range []string{f.Address, f.Role} {
			if addr != "" && (len(loc.LogicalLocations) == 0 || loc.LogicalLocations[0].FullyQualifiedName != addr) {
				loc.LogicalLocations = append(loc.LogicalLocations, sarifLogical{FullyQualifiedName: addr, Kind: "resource"})
			}
		}
		msg := sentence(f.Message)
		if f.Fix != "" {
			msg += " Fix: " + sentence(f.Fix)
		}
		res := sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message:             sarifText{Text: Printable(msg, true)},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: map[string]string{"stsguardFinding/v1": fingerprint(f)},
			Properties:          map[string]any{"role": f.Role, "caller": f.Caller, "before": f.Before, "after": f.After},
		}
		if f.Accepted {
			res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: Printable(f.Reason, true)}}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []sarifRun{run}})
}

// sentence ends a text with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

func severityWord(s string) string {
	if s == lint.SeverityInfo {
		return "recommendation"
	}
	return s
}

// fingerprint identifies a finding across runs: rule, role and caller
// (not the message, whose wording may improve).
func fingerprint(f lint.Finding) string {
	h := sha256.Sum256([]byte(f.Rule + "\x00" + f.Role + "\x00" + f.Caller + "\x00" + f.Address))
	return hex.EncodeToString(h[:16])
}

// fileURI renders a path as a relative URI reference with forward slashes
// (relative to base when the path is inside it).
func fileURI(path, base string) string {
	if base != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if b, err := filepath.Abs(base); err == nil {
				if rel, err := filepath.Rel(b, abs); err == nil && !strings.HasPrefix(rel, "..") {
					path = rel
				}
			}
		}
	}
	return (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()
}
