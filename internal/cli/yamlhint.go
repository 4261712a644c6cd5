package cli

import (
	"bytes"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
)

// yamlKeyLine is a YAML mapping line: a bare or quoted key, a colon, then a
// space or the end of the line ("Version: 2012-10-17", "Statement:").
var yamlKeyLine = regexp.MustCompile(`^(?:[A-Za-z_][A-Za-z0-9_.-]*|"[^"]*"|'[^']*')\s*:(?:\s|$)`)

// looksLikeYAML reports whether data, which failed to parse as JSON, reads
// as YAML: its first line that is neither blank nor a comment is a
// document marker ("---"), a list item ("- ...") or a "key: value" line.
func looksLikeYAML(data []byte) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		return bytes.Equal(line, []byte("---")) || bytes.HasPrefix(line, []byte("- ")) || yamlKeyLine.Match(line)
	}
	return false
}

// withYAMLHint adds to a JSON syntax error what to do when the file is
// YAML. what is "policy" (IAM reads policies only as JSON) or "request".
func withYAMLHint(err error, data []byte, path, what string) error {
	var u usageError
	if !errors.As(err, &u) || !looksLikeYAML(data) {
		return err
	}
	why := ""
	if what == "policy" {
		why = " (IAM reads policies only as JSON)"
	}
	out := what + ".json"
	if ext := filepath.Ext(path); ext == ".yaml" || ext == ".yml" {
		out = strings.TrimSuffix(path, ext) + ".json"
	}
	return badInput("%s\n  %s looks like YAML, but a %s must be JSON%s; convert it, e.g. with: yq -o=json . %s > %s",
		u.msg, path, what, why, path, out)
}
