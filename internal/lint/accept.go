package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// DefaultConfigFile is read from the working directory when --config is
// not given.
const DefaultConfigFile = ".stsguard.json"

// Config is the linter's configuration file.
type Config struct {
	// Accept lists findings accepted with a reason. Accepted findings
	// still appear, marked accepted, and do not count for --fail-on.
	Accept []Acceptance `json:"accept"`
	// Source is the file the configuration was read from.
	Source string `json:"-"`
}

// Acceptance accepts the findings of one rule on one role (and, when
// Caller is set, one caller).
type Acceptance struct {
	Rule string `json:"rule"`
	// Role is the role's address, e.g. module.eks.aws_iam_role.app; ""
	// with Caller set accepts a finding that names no role of the plan.
	Role string `json:"role"`
	// Caller is optional: the caller's label or address as the finding
	// shows it.
	Caller string `json:"caller,omitempty"`
	// Reason is required: why the finding is accepted.
	Reason string `json:"reason"`
	used   bool
}

// ConfigError is a configuration file that cannot be used (exit 2).
type ConfigError struct{ Msg string }

// Error implements error.
func (e *ConfigError) Error() string { return e.Msg }

// LoadConfig reads a configuration file. When path is "" it reads
// DefaultConfigFile from the working directory if it exists (nil, nil
// when it does not).
func LoadConfig(path string) (*Config, error) {
	explicit := path != ""
	if !explicit {
		path = DefaultConfigFile
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, &ConfigError{fmt.Sprintf("%s: cannot read the configuration: %v", path, err)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var cfg Config
	if err := dec.Decode(&cfg); err != nil {
		return nil, &ConfigError{fmt.Sprintf(`%s: not a valid stsguard configuration: %v; expected {"accept":[{"rule":"STSG201","role":"aws_iam_role.x","reason":"why"}]}`, path, err)}
	}
	cfg.Source = path
	for i, a := range cfg.Accept {
		at := fmt.Sprintf("%s: accept[%d]", path, i)
		switch {
		case a.Rule == "":
			return nil, &ConfigError{at + `: "rule" is required (a rule ID such as "STSG201")`}
		case !knownRule(a.Rule):
			return nil, &ConfigError{fmt.Sprintf("%s: unknown rule %q; rules are %s", at, a.Rule, ruleIDs())}
		case a.Role == "" && a.Caller == "":
			return nil, &ConfigError{at + `: "role" is required (the role's address, e.g. "aws_iam_role.app"); for a finding that names no role of the plan, give "caller"`}
		case strings.TrimSpace(a.Reason) == "":
			return nil, &ConfigError{at + `: "reason" is required: say why the finding is accepted (findings are never suppressed silently)`}
		}
	}
	return &cfg, nil
}

func knownRule(id string) bool {
	_, ok := RuleByID(id)
	return ok
}

func ruleIDs() string {
	ids := make([]string, len(Rules))
	for i, r := range Rules {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}

// Apply marks the findings the configuration accepts and returns the
// acceptances that matched nothing (stale entries worth removing).
func (c *Config) Apply(rep *Report) []Acceptance {
	if c == nil {
		return nil
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		for j := range c.Accept {
			a := &c.Accept[j]
			if a.Rule != f.Rule || a.Role != f.Role {
				continue
			}
			if a.Caller != "" && a.Caller != f.Caller && a.Caller != f.Address {
				continue
			}
			f.Accepted, f.Reason = true, a.Reason
			a.used = true
			break
		}
	}
	var unused []Acceptance
	for _, a := range c.Accept {
		if !a.used {
			unused = append(unused, a)
		}
	}
	return unused
}
