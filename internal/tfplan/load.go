package tfplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// SupportedFormats describes the plan format versions Load accepts.
const SupportedFormats = "1.x (written by Terraform >= 1.0 and by OpenTofu)"

// LoadError is input that is not a usable plan: unreadable, malformed or
// truncated JSON, a state file instead of a plan, an unsupported format
// version. The CLI exits 2 on it.
type LoadError struct {
	// Source is the file name ("" when unknown).
	Source string
	// Msg says what is wrong and what to do.
	Msg string
}

// Error implements error.
func (e *LoadError) Error() string {
	if e.Source == "" {
		return e.Msg
	}
	return e.Source + ": " + e.Msg
}

// howToWrite is the advice appended to most load errors.
const howToWrite = "save a plan with `terraform plan -out=tfplan` and convert it with `terraform show -json tfplan > plan.json`"

// Options say what of a plan to keep.
type Options struct {
	// Keep lists the resource and data source types to keep, keyed by
	// type ("data." in front for data sources), with the top-level
	// attributes to keep (nil: all). Every other instance is skipped
	// while reading, without being decoded. A nil Keep keeps everything.
	Keep map[string][]string
}

// wanted reports whether instances of this mode and type are kept, and
// which attributes (nil: all).
func (o Options) wanted(mode, typ string) (attrs []string, ok bool) {
	if o.Keep == nil {
		return nil, true
	}
	attrs, ok = o.Keep[typeKey(mode, typ)]
	return attrs, ok
}

// LoadFile reads a plan from a file; "-" reads standard input.
func LoadFile(path string, opts Options) (*Plan, error) {
	if path == "-" {
		return Load(os.Stdin, "-", opts)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &LoadError{Source: path, Msg: fmt.Sprintf("cannot open the plan: %v", unwrapPathError(err))}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &LoadError{Source: path, Msg: "is a directory; give the JSON file written by `terraform show -json tfplan`"}
	}
	return Load(f, path, opts)
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Load reads a plan in the JSON format of `terraform show -json PLANFILE`
// from r, keeping only what the linter needs. source names the input in
// messages. Every error is a *LoadError.
func Load(r io.Reader, source string, opts Options) (*Plan, error) {
	text, err := textReader(r)
	if err != nil {
		return nil, asLoadError(err, source, nil)
	}
	l := &loader{s: newStream(text), opts: opts, plan: &Plan{Source: source}}
	if err := l.top(); err != nil {
		return nil, asLoadError(err, source, l.s)
	}
	p := l.plan
	for _, r := range l.state {
		p.add(r)
	}
	if root := p.module(""); root != nil {
		p.noteSensitiveVariables(root.variables)
	}
	return p, nil
}

// asLoadError turns reading errors into messages that name the place and
// say what to do.
func asLoadError(err error, source string, s *stream) *LoadError {
	var le *LoadError
	if errors.As(err, &le) {
		if le.Source == "" {
			le.Source = source
		}
		return le
	}
	var se *syntaxError
	var te *json.UnmarshalTypeError
	var strict *strictError
	switch {
	case errors.As(err, &strict):
		return &LoadError{Source: source, Msg: fmt.Sprintf("%v; stsguard refuses such a plan (Terraform never writes one: the file was changed after Terraform wrote it); use the file Terraform writes: %s", strict, howToWrite)}
	case errors.Is(err, errTruncated):
		return &LoadError{Source: source, Msg: fmt.Sprintf("the JSON ends unexpectedly after %d bytes: the plan is truncated or incomplete; %s", s.offset(), howToWrite)}
	case errors.As(err, &se):
		if strings.Contains(se.msg, "unexpected end of JSON input") {
			return &LoadError{Source: source, Msg: fmt.Sprintf("the JSON ends unexpectedly at byte %d: the plan is truncated or incomplete; %s", se.offset, howToWrite)}
		}
		return &LoadError{Source: source, Msg: fmt.Sprintf("%v; the file is not valid `terraform show -json` output: %s", se, howToWrite)}
	case errors.As(err, &te):
		return &LoadError{Source: source, Msg: fmt.Sprintf("unexpected JSON %s for %q at byte %d; the file is not the output of `terraform show -json`: %s", te.Value, te.Field, te.Offset, howToWrite)}
	}
	return &LoadError{Source: source, Msg: fmt.Sprintf("cannot read the plan: %v", err)}
}

// loader walks the plan document, decoding one element at a time so that
// memory stays bounded by the largest single resource rather than the
// file.
type loader struct {
	s     *stream
	opts  Options
	plan  *Plan
	state []*Resource // from prior_state, merged after resource_changes
	// deferred holds a change read before its entry's mode and type
	// (readChange), reused from entry to entry.
	deferred []byte
	// memo holds before's and before_sensitive's members while after's
	// and after_sensitive's are read (readChangeBody).
	memo [2]sideMemo
	// entry is the resource_changes entry being read (readChange).
	entry rawChange

	sawFormat, sawPlanSection, sawValues bool
}

func (l *loader) top() error {
	c, err := l.s.peek()
	if errors.Is(err, errTruncated) && l.s.offset() == 0 {
		return &LoadError{Msg: "the file is empty; " + howToWrite}
	}
	if err != nil {
		if errors.Is(err, errTruncated) {
			return &LoadError{Msg: "the file holds only whitespace; " + howToWrite}
		}
		return err
	}
	if c != '{' {
		return &LoadError{Msg: fmt.Sprintf("the file holds %s, not the JSON object `terraform show -json` writes; %s", describeByte(c), howToWrite)}
	}
	if err := l.s.object(l.member); err != nil {
		return err
	}
	eof, err := l.s.atEOF()
	if err != nil {
		return err
	}
	if !eof {
		return &LoadError{Msg: fmt.Sprintf("there is more data after the plan's JSON object (at byte %d); the file should hold exactly one `terraform show -json` output", l.s.offset())}
	}
	return l.finish()
}

func (l *loader) finish() error {
	switch {
	case !l.sawFormat && !l.sawPlanSection:
		return &LoadError{Msg: "the JSON object has no format_version or plan sections (planned_values, resource_changes); it is not a plan: " + howToWrite}
	case !l.sawPlanSection && l.sawValues:
		return &LoadError{Msg: "this is Terraform state (`terraform show -json` without a plan file), not a plan; " + howToWrite}
	case !l.sawFormat:
		return &LoadError{Msg: "the plan has no format_version; " + howToWrite}
	}
	return nil
}

func (l *loader) member(key string) error {
	s := l.s
	switch key {
	case "format_version":
		var v string
		if err := s.decode(&v); err != nil {
			return err
		}
		l.sawFormat = true
		l.plan.FormatVersion = v
		return checkFormat(v)
	case "terraform_version":
		return s.decode(&l.plan.TerraformVersion)
	case "complete":
		return s.decode(&l.plan.Complete)
	case "variables":
		var vars map[string]*tfjson.PlanVariable
		if err := s.decode(&vars); err != nil {
			return err
		}
		l.plan.variables = map[string]any{}
		for k, v := range vars {
			if v != nil {
				l.plan.variables[k] = v.Value
			}
		}
		return nil
	case "resource_changes":
		l.sawPlanSection = true
		return s.array(l.resourceChange)
	case "prior_state":
		l.sawPlanSection = true
		return s.object(func(k string) error {
			if k == "values" {
				return s.object(func(k string) error {
					if k == "root_module" {
						return l.stateModule()
					}
					return s.skip()
				})
			}
			return s.skip()
		})
	case "configuration":
		return l.configuration()
	case "planned_values":
		l.sawPlanSection = true
		return s.skip()
	case "values":
		l.sawValues = true
		return s.skip()
	case "lineage", "serial":
		return &LoadError{Msg: "this is a Terraform state file (terraform.tfstate), not a plan; " + howToWrite}
	}
	return s.skip()
}

// expectObject refuses an array element that is not an object.
func (l *loader) expectObject(raw []byte) error {
	if len(raw) > 0 && raw[0] == '{' {
		return nil
	}
	return &LoadError{Msg: fmt.Sprintf("unexpected JSON %s at byte %d where a resource object belongs; the file is not the output of `terraform show -json`: %s",
		strings.TrimPrefix(describeByte(raw[0]), "a "), l.s.offset()-int64(len(raw)), howToWrite)}
}

// checkFormat accepts plan format 1.x.
func checkFormat(v string) error {
	major, _, _ := strings.Cut(v, ".")
	if major == "1" {
		return nil
	}
	return &LoadError{Msg: fmt.Sprintf("plan format version %q is not supported; stsguard reads plan format %s. Write the plan with a supported Terraform or OpenTofu version", v, SupportedFormats)}
}

// rawChange is one resource_changes entry (read by readChange).
type rawChange struct {
	Address         string              `json:"address"`
	PreviousAddress string              `json:"previous_address"`
	ModuleAddress   string              `json:"module_address"`
	Mode            tfjson.ResourceMode `json:"mode"`
	Type            string              `json:"type"`
	Name            string              `json:"name"`
	Index           any                 `json:"index"`
	ProviderName    string              `json:"provider_name"`
	Change          tfjson.Change       `json:"change"`
}

func (l *loader) resourceChange() error {
	rc, _, ok, err := l.readChange()
	if err != nil || !ok {
		return err
	}
	ch := rc.Change
	r := &Resource{
		Address: rc.Address, PreviousAddress: rc.PreviousAddress, Module: rc.ModuleAddress,
		Mode: string(rc.Mode), Type: rc.Type, Name: rc.Name, Index: rc.Index, ProviderName: rc.ProviderName,
		Actions: ch.Actions,
	}
	// Already pruned to the kept attributes (readChange).
	r.Before, _ = ch.Before.(map[string]any)
	r.After, _ = ch.After.(map[string]any)
	r.AfterUnknown, _ = ch.AfterUnknown.(map[string]any)
	r.BeforeSensitive = ch.BeforeSensitive
	r.AfterSensitive = ch.AfterSensitive
	if r.Before != nil && r.After != nil {
		if _, same := shareEqual(r.Before, r.After); same {
			r.Before = r.After
		}
	}
	if _, same := shareEqual(r.BeforeSensitive, r.AfterSensitive); same {
		r.BeforeSensitive = r.AfterSensitive
	}
	if ch.Actions.Forget() && r.After == nil {
		// Removed from state only: the object stays in AWS.
		r.After = r.Before
	}
	l.plan.NoteSensitive(r.Before, r.BeforeSensitive)
	l.plan.NoteSensitive(r.After, r.AfterSensitive)
	l.plan.add(r)
	return nil
}

// rawStateResource is a prior_state resource with its values undecoded.
type rawStateResource struct {
	Address         string              `json:"address"`
	Mode            tfjson.ResourceMode `json:"mode"`
	Type            string              `json:"type"`
	Name            string              `json:"name"`
	Index           any                 `json:"index"`
	ProviderName    string              `json:"provider_name"`
	Values          map[string]any      `json:"values"`
	SensitiveValues any                 `json:"sensitive_values"`
}

// stateModule reads one module of prior_state: its resources and, in turn,
// its child modules.
func (l *loader) stateModule() error {
	module := ""
	return l.s.object(func(k string) error {
		switch k {
		case "address":
			return l.s.decode(&module)
		case "resources":
			return l.s.array(func() error { return l.stateResource(module) })
		case "child_modules":
			return l.s.array(l.stateModule)
		}
		return l.s.skip()
	})
}

func (l *loader) stateResource(module string) error {
	raw, err := l.s.capture()
	if err != nil {
		return err
	}
	if err := l.expectObject(raw); err != nil {
		return err
	}
	mode, typ := probeModeType(raw)
	if mode != string(tfjson.DataResourceMode) {
		// Managed resources are all in resource_changes (no-op included).
		return nil
	}
	keep, ok := l.opts.wanted(mode, typ)
	if !ok {
		return nil
	}
	var sr rawStateResource
	if err := json.Unmarshal(raw, &sr); err != nil {
		return fmt.Errorf("prior_state resource at byte %d: %w", l.s.offset()-int64(len(raw)), err)
	}
	if err := strictNames(raw, &sr, l.s.offset()-int64(len(raw))); err != nil {
		return err
	}
	values, _ := pruneObject(sr.Values, keep).(map[string]any)
	if values == nil {
		values = map[string]any{}
	}
	sens := pruneObject(sr.SensitiveValues, keep)
	r := &Resource{
		Address: sr.Address, Module: ModuleOf(sr.Address, module), Mode: string(sr.Mode), Type: sr.Type, Name: sr.Name,
		Index: sr.Index, ProviderName: sr.ProviderName, FromState: true,
		Before: values, After: values, BeforeSensitive: sens, AfterSensitive: sens,
	}
	l.plan.NoteSensitive(values, sens)
	l.state = append(l.state, r)
	return nil
}

// ModuleOf returns the module instance part of a resource address, using
// the enclosing module's address when it is known.
func ModuleOf(address, module string) string {
	if module != "" {
		return module
	}
	if !strings.HasPrefix(address, "module.") {
		return ""
	}
	// Split off the last "type.name[key]" or "data.type.name[key]".
	parts := SplitAddress(address)
	n := 2
	if len(parts) >= 3 && parts[len(parts)-3] == "data" {
		n = 3
	}
	if len(parts) <= n {
		return ""
	}
	return strings.Join(parts[:len(parts)-n], ".")
}
