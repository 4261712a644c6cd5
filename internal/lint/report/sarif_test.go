package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// sarifShape is the part of the SARIF 2.1.0 schema (OASIS sarif-schema-
// 2.1.0.json) that covers what WriteSARIF emits, written down from the
// specification: for each object, its required and allowed properties
// and the shape of the nested objects. The schema closes these objects
// (additionalProperties: false), except property bags ("properties"),
// which take anything.
type sarifShape struct {
	required []string
	// props maps each allowed property to the shape of its value: the name
	// of another object shape, "[]name" for an array of them, "string",
	// "integer", "object" (free-form), "[]string", "stringmap" or "bag".
	props map[string]string
}

var sarifSchema = map[string]sarifShape{
	"sarifLog": {required: []string{"version", "runs"}, props: map[string]string{
		"$schema": "uri", "version": "version", "runs": "[]run", "inlineExternalProperties": "[]object", "properties": "bag"}},
	"run": {required: []string{"tool"}, props: map[string]string{
		"tool": "tool", "results": "[]result", "invocations": "[]object", "artifacts": "[]object", "originalUriBaseIds": "object",
		"automationDetails": "object", "columnKind": "string", "properties": "bag"}},
	"tool": {required: []string{"driver"}, props: map[string]string{"driver": "toolComponent", "extensions": "[]toolComponent", "properties": "bag"}},
	"toolComponent": {required: []string{"name"}, props: map[string]string{
		"name": "string", "version": "string", "semanticVersion": "string", "informationUri": "uri", "organization": "string",
		"fullName": "string", "rules": "[]reportingDescriptor", "properties": "bag"}},
	"reportingDescriptor": {required: []string{"id"}, props: map[string]string{
		"id": "string", "name": "string", "shortDescription": "multiformatMessageString", "fullDescription": "multiformatMessageString",
		"help": "multiformatMessageString", "helpUri": "uri", "defaultConfiguration": "reportingConfiguration", "properties": "bag"}},
	"multiformatMessageString": {required: []string{"text"}, props: map[string]string{"text": "string", "markdown": "string", "properties": "bag"}},
	"reportingConfiguration":   {props: map[string]string{"enabled": "boolean", "level": "level", "rank": "number", "properties": "bag"}},
	"result": {required: []string{"message"}, props: map[string]string{
		"ruleId": "string", "ruleIndex": "integer", "level": "level", "kind": "string", "message": "message",
		"locations": "[]location", "partialFingerprints": "stringmap", "fingerprints": "stringmap",
		"suppressions": "[]suppression", "properties": "bag"}},
	"message": {props: map[string]string{"text": "string", "markdown": "string", "id": "string", "arguments": "[]string", "properties": "bag"}},
	"location": {props: map[string]string{"id": "integer", "physicalLocation": "physicalLocation", "logicalLocations": "[]logicalLocation",
		"message": "message", "properties": "bag"}},
	"physicalLocation": {props: map[string]string{"artifactLocation": "artifactLocation", "region": "region", "properties": "bag"}},
	"artifactLocation": {props: map[string]string{"uri": "uri", "uriBaseId": "string", "index": "integer", "properties": "bag"}},
	"region":           {props: map[string]string{"startLine": "positive", "startColumn": "positive", "endLine": "positive", "endColumn": "positive", "properties": "bag"}},
	"logicalLocation":  {props: map[string]string{"name": "string", "fullyQualifiedName": "string", "kind": "string", "index": "integer", "properties": "bag"}},
	"suppression": {required: []string{"kind"}, props: map[string]string{"kind": "suppressionKind", "status": "suppressionStatus",
		"justification": "string", "guid": "string", "properties": "bag"}},
}

var (
	sarifLevels   = map[string]bool{"none": true, "note": true, "warning": true, "error": true}
	suppressKinds = map[string]bool{"inSource": true, "external": true}
	suppressState = map[string]bool{"accepted": true, "underReview": true, "rejected": true}
	uriReference  = regexp.MustCompile(`^[^\s]+$`)
)

// validateSARIF checks a decoded SARIF log against sarifSchema and the
// rules the schema states in prose (a message has text or id; ruleIndex
// points at the rule with that id) plus GitHub code scanning's needs
// (every result has a physical location with a URI and a start line).
func validateSARIF(doc any) []string {
	v := &sarifValidator{}
	v.object("$", "sarifLog", doc)
	root, _ := doc.(map[string]any)
	runs, _ := root["runs"].([]any)
	for i, r := range runs {
		run, _ := r.(map[string]any)
		tool, _ := run["tool"].(map[string]any)
		driver, _ := tool["driver"].(map[string]any)
		rules, _ := driver["rules"].([]any)
		ids := map[string]int{}
		for j, r := range rules {
			rule, _ := r.(map[string]any)
			id, _ := rule["id"].(string)
			if _, dup := ids[id]; dup {
				v.fail("$.runs[%d].tool.driver.rules[%d]: duplicate rule id %q", i, j, id)
			}
			ids[id] = j
		}
		results, _ := run["results"].([]any)
		for j, r := range results {
			res, _ := r.(map[string]any)
			at := fmt.Sprintf("$.runs[%d].results[%d]", i, j)
			msg, _ := res["message"].(map[string]any)
			if msg["text"] == nil && msg["id"] == nil {
				v.fail("%s.message: needs text or id", at)
			}
			id, _ := res["ruleId"].(string)
			if idx, ok := res["ruleIndex"].(float64); ok {
				if want, found := ids[id]; !found || int(idx) != want {
					v.fail("%s: ruleIndex %v does not point at rule %q", at, idx, id)
				}
			}
			locs, _ := res["locations"].([]any)
			if len(locs) == 0 {
				v.fail("%s: GitHub code scanning needs at least one location", at)
			}
			for k, l := range locs {
				loc, _ := l.(map[string]any)
				pl, _ := loc["physicalLocation"].(map[string]any)
				al, _ := pl["artifactLocation"].(map[string]any)
				reg, _ := pl["region"].(map[string]any)
				if uri, _ := al["uri"].(string); uri == "" || reg["startLine"] == nil {
					v.fail("%s.locations[%d]: GitHub code scanning needs physicalLocation.artifactLocation.uri and region.startLine", at, k)
				}
			}
		}
	}
	return v.errs
}

type sarifValidator struct{ errs []string }

func (v *sarifValidator) fail(format string, args ...any) {
	v.errs = append(v.errs, fmt.Sprintf(format, args...))
}

func (v *sarifValidator) object(path, shape string, val any) {
	m, ok := val.(map[string]any)
	if !ok {
		v.fail("%s: %s must be an object", path, shape)
		return
	}
	s := sarifSchema[shape]
	for _, r := range s.required {
		if _, ok := m[r]; !ok {
			v.fail("%s: %s requires %q", path, shape, r)
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kind, ok := s.props[k]
		if !ok {
			v.fail("%s: %s does not allow the property %q", path, shape, k)
			continue
		}
		v.value(path+"."+k, kind, m[k])
	}
}

func (v *sarifValidator) value(path, kind string, val any) {
	switch {
	case strings.HasPrefix(kind, "[]"):
		l, ok := val.([]any)
		if !ok {
			v.fail("%s: must be an array", path)
			return
		}
		for i, e := range l {
			v.value(fmt.Sprintf("%s[%d]", path, i), kind[2:], e)
		}
	case kind == "string", kind == "uri":
		s, ok := val.(string)
		if !ok {
			v.fail("%s: must be a string", path)
		} else if kind == "uri" && !uriReference.MatchString(s) {
			v.fail("%s: %q is not a URI reference", path, s)
		}
	case kind == "version":
		if val != "2.1.0" {
			v.fail("%s: must be \"2.1.0\"", path)
		}
	case kind == "integer", kind == "positive", kind == "number":
		n, ok := val.(float64)
		if !ok || (kind != "number" && n != float64(int64(n))) || (kind == "positive" && n < 1) || (kind == "integer" && n < -1) {
			v.fail("%s: must be a %s number, got %v", path, kind, val)
		}
	case kind == "boolean":
		if _, ok := val.(bool); !ok {
			v.fail("%s: must be a boolean", path)
		}
	case kind == "level":
		if s, _ := val.(string); !sarifLevels[s] {
			v.fail("%s: level %v is not one of none, note, warning, error", path, val)
		}
	case kind == "suppressionKind":
		if s, _ := val.(string); !suppressKinds[s] {
			v.fail("%s: %v is not inSource or external", path, val)
		}
	case kind == "suppressionStatus":
		if s, _ := val.(string); !suppressState[s] {
			v.fail("%s: %v is not accepted, underReview or rejected", path, val)
		}
	case kind == "stringmap":
		m, ok := val.(map[string]any)
		if !ok {
			v.fail("%s: must be an object", path)
			return
		}
		for k, e := range m {
			if _, ok := e.(string); !ok {
				v.fail("%s.%s: must be a string", path, k)
			}
		}
	case kind == "bag", kind == "object":
		if _, ok := val.(map[string]any); !ok {
			v.fail("%s: must be an object", path)
		}
	default:
		v.object(path, kind, val)
	}
}

func sarifOf(t *testing.T, rep *lint.Report, opts SARIFOptions) any {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, rep, opts); err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	return doc
}

// TestSARIFValidates: the output of every scenario fixture, with and
// without .tf locations and with an accepted finding, satisfies the SARIF
// 2.1.0 shape and GitHub code scanning's requirements.
func TestSARIFValidates(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "plans", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no plan fixtures: %v", err)
	}
	for _, file := range files {
		if strings.Contains(file, "state-not-plan") {
			continue
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			p, err := tfplan.LoadFile(file, model.LoadOptions)
			if err != nil {
				t.Fatal(err)
			}
			rep := lint.Analyze(p)
			if len(rep.Findings) > 0 {
				rep.Findings[0].Accepted, rep.Findings[0].Reason = true, "accepted for the test"
			}
			name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(file), ".json"), ".before")
			loc := p.NewLocator(filepath.Join("..", "..", "..", "testdata", "plans", "scenarios", name, "after"))
			for _, opts := range []SARIFOptions{{ToolVersion: "1.0.0"}, {Locate: loc.Locate, BaseDir: "."}} {
				for _, e := range validateSARIF(sarifOf(t, rep, opts)) {
					t.Error(e)
				}
			}
		})
	}
}

// TestSARIFValidatorCatchesMistakes: the validator is not vacuous.
func TestSARIFValidatorCatchesMistakes(t *testing.T) {
	tests := map[string]string{
		"missing version":  `{"runs":[]}`,
		"wrong version":    `{"version":"2.0.0","runs":[]}`,
		"no driver name":   `{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`,
		"unknown property": `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"bogus":1}]}`,
		"bad level":        `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal","locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":1}}}]}]}]}`,
		"no location":      `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"}}]}]}`,
		"line zero":        `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":0}}}]}]}]}`,
		"bad rule index":   `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"A"}]}},"results":[{"ruleId":"A","ruleIndex":3,"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":1}}}]}]}]}`,
		"message no text":  `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":1}}}]}]}]}`,
		"bad suppression":  `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"suppressions":[{"kind":"silently"}],"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":1}}}]}]}]}`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			var v any
			if err := json.Unmarshal([]byte(doc), &v); err != nil {
				t.Fatal(err)
			}
			if errs := validateSARIF(v); len(errs) == 0 {
				t.Error("validator accepted an invalid log")
			}
		})
	}
}

// TestSARIFSuppressionAndLevels: accepted findings become external
// suppressions with the reason; severities map to SARIF levels.
func TestSARIFSuppressionAndLevels(t *testing.T) {
	rep := &lint.Report{Source: "plan.json", Findings: []lint.Finding{
		{Rule: lint.RuleRefused, Severity: lint.SeverityError, Role: "aws_iam_role.a", Address: "aws_iam_role.a", Message: "m", Accepted: true, Reason: "known"},
		{Rule: lint.RuleOverBroad, Severity: lint.SeverityWarning, Role: "aws_iam_role.a", Address: "aws_iam_role.a", Message: "m"},
		{Rule: lint.RuleUnknown, Severity: lint.SeverityInfo, Role: "aws_iam_role.a", Address: "aws_iam_role.a", Message: "m"},
	}}
	doc := sarifOf(t, rep, SARIFOptions{})
	if errs := validateSARIF(doc); len(errs) > 0 {
		t.Fatal(errs)
	}
	results := doc.(map[string]any)["runs"].([]any)[0].(map[string]any)["results"].([]any)
	var levels []string
	for _, r := range results {
		levels = append(levels, r.(map[string]any)["level"].(string))
	}
	if strings.Join(levels, ",") != "error,warning,note" {
		t.Errorf("levels %v", levels)
	}
	sup := results[0].(map[string]any)["suppressions"].([]any)[0].(map[string]any)
	if sup["kind"] != "external" || sup["status"] != "accepted" || sup["justification"] != "known" {
		t.Errorf("suppression %v", sup)
	}
	if _, ok := results[1].(map[string]any)["suppressions"]; ok {
		t.Error("a finding that is not accepted has no suppression")
	}
}
