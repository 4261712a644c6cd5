// Package accept reads the suppression file (.stsguard.json) strictly and
// marks the lint findings it accepts, with their reasons.
//
// Files: accept.go (Load, Config, Acceptance, Error, Apply).
package accept

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/safefile"
)

// DefaultFile is read from the working directory when --config is
// not given.
const DefaultFile = ".stsguard.json"

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

// Error is a configuration file that cannot be used (exit 2).
type Error struct{ Msg string }

// Error implements error.
func (e *Error) Error() string { return e.Msg }

// maxConfigBytes bounds the configuration file: a suppression list is a
// few kilobytes.
const maxConfigBytes = 1 << 20

// Load reads a configuration file. When path is "" it reads
// DefaultFile from the working directory if it exists (nil, nil
// when it does not). The file must be a regular file of at most 1 MiB
// (internal/safefile: no FIFO, device or symbolic link out of its
// directory) holding exactly one JSON object with only the documented
// members, spelt exactly, none repeated, and nothing after it; anything
// else is a *Error naming file:line:column (exit 2), so that a
// change to the file in a pull request cannot hide a finding by a
// spelling the reader silently ignores.
func Load(path string) (*Config, error) {
	explicit := path != ""
	var data []byte
	var err error
	if explicit {
		data, err = safefile.Read(path, maxConfigBytes)
	} else {
		path = DefaultFile
		data, err = safefile.ReadIn(".", path, maxConfigBytes)
	}
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, &Error{fmt.Sprintf("%v; the configuration must be a regular JSON file", err)}
	}
	if err := checkConfigJSON(path, data); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var cfg Config
	if err := dec.Decode(&cfg); err != nil {
		at := path
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			at = path + ":" + policy.PositionAt(data, int(te.Offset)).String()
		}
		return nil, &Error{fmt.Sprintf(`%s: not a valid stsguard configuration: %v; expected {"accept":[{"rule":"STSG201","role":"aws_iam_role.x","reason":"why"}]}`, at, err)}
	}
	cfg.Source = path
	for i, a := range cfg.Accept {
		at := fmt.Sprintf("%s: accept[%d]", path, i)
		switch {
		case a.Rule == "":
			return nil, &Error{at + `: "rule" is required (a rule ID such as "STSG201")`}
		case !knownRule(a.Rule):
			return nil, &Error{fmt.Sprintf("%s: unknown rule %q; rules are %s", at, a.Rule, ruleIDs())}
		case a.Role == "" && a.Caller == "":
			return nil, &Error{at + `: "role" is required (the role's address, e.g. "aws_iam_role.app"); for a finding that names no role of the plan, give "caller"`}
		case strings.TrimSpace(a.Reason) == "":
			return nil, &Error{at + `: "reason" is required: say why the finding is accepted (findings are never suppressed silently)`}
		}
	}
	return &cfg, nil
}

// configMembers are the members each object of the configuration may
// have, spelt exactly: the top level, then each element of accept.
var configMembers = [][]string{{"accept"}, {"rule", "role", "caller", "reason"}}

// checkConfigJSON refuses what encoding/json would let through silently:
// a member name in another letter case ("Accept" is read as accept), a
// repeated member (the last wins), an unknown member, and data after the
// object. Each error names path:line:column.
func checkConfigJSON(path string, data []byte) error {
	const example = `{"accept":[{"rule":"STSG201","role":"aws_iam_role.x","reason":"why"}]}`
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object, wantKey bool
		depth           int // index into configMembers; -1 below them
		seen            map[string]bool
		key             string
	}
	var stack []*frame
	fail := func(off int64, format string, args ...any) error {
		return &Error{fmt.Sprintf("%s:%s: %s", path, policy.PositionAt(data, int(tokenStart(data, off))), fmt.Sprintf(format, args...))}
	}
	seenTop := false
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF && seenTop && len(stack) == 0 {
			return nil
		}
		if err != nil {
			switch {
			case len(stack) == 0 && seenTop:
				return fail(off, "data after the configuration object; the file must hold exactly one JSON object")
			case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
				return &Error{fmt.Sprintf("%s:%s: not a valid stsguard configuration: the JSON ends early; expected %s", path, policy.PositionAt(data, len(data)), example)}
			}
			// The decoder's syntax error offsets are not token starts:
			// point at the token that could not be read.
			return fail(off, "not a valid stsguard configuration: %v; expected %s", err, example)
		}
		if len(stack) == 0 && seenTop {
			return fail(off, "data after the configuration object; the file must hold exactly one JSON object")
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		d, isDelim := tok.(json.Delim)
		if isDelim && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		if top != nil && top.object && top.wantKey {
			key, _ := tok.(string)
			if top.depth >= 0 {
				allowed := configMembers[top.depth]
				known := false
				for _, m := range allowed {
					switch {
					case key == m:
						known = true
					case strings.EqualFold(key, m):
						return fail(off, "member %q must be spelt %q: member names are case-sensitive here (a JSON reader that folds case would read it, stsguard does not guess)", key, m)
					}
				}
				if !known {
					return fail(off, "unknown member %q; allowed here: %s", key, strings.Join(allowed, ", "))
				}
			}
			if top.seen[key] {
				return fail(off, "member %q appears twice in this object; give it once (JSON readers disagree on which one counts)", key)
			}
			top.seen[key] = true
			top.key, top.wantKey = key, false
			continue
		}
		// tok is a value, or opens one: check its type where it is known,
		// so that the error points at it.
		switch {
		case top != nil && top.object && top.depth == 0 && top.key == "accept" && tok != json.Delim('['):
			return fail(off, `"accept" must be a list of entries such as %s`, example)
		case top != nil && !top.object && top.depth == 0 && tok != json.Delim('{'):
			return fail(off, `each entry of "accept" must be an object such as {"rule":"STSG201","role":"aws_iam_role.x","reason":"why"}`)
		case top != nil && top.object && top.depth == 1:
			if _, isString := tok.(string); !isString {
				return fail(off, "member %q must be a string", top.key)
			}
		}
		if top == nil {
			seenTop = true
			if !isDelim || d != '{' {
				return fail(off, "the configuration must be a JSON object such as %s", example)
			}
		} else if top.object {
			top.wantKey = true // the next token of this object is a key or its end
		}
		if !isDelim {
			continue
		}
		depth := -1
		switch {
		case top == nil:
			depth = 0
		case top.object && top.depth == 0 && top.key == "accept" && d == '[':
			depth = 0 // the accept list: its objects are elements
		case !top.object && top.depth == 0 && d == '{':
			depth = 1 // an element of accept
		}
		stack = append(stack, &frame{object: d == '{', wantKey: d == '{', depth: depth, seen: map[string]bool{}})
	}
}

// tokenStart skips the whitespace, commas and colons after offset off to
// the start of the next token.
func tokenStart(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
		off++
	}
	return off
}

func knownRule(id string) bool {
	_, ok := lint.RuleByID(id)
	return ok
}

func ruleIDs() string {
	ids := make([]string, len(lint.Rules))
	for i, r := range lint.Rules {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}

// Apply marks the findings the configuration accepts and returns the
// acceptances that matched nothing (stale entries worth removing).
func (c *Config) Apply(rep *lint.Report) []Acceptance {
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
