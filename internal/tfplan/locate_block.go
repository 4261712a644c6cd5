package tfplan

import (
	"bufio"
	"bytes"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/safefile"
)

// InBlock returns the lines, inside the block that declares the resource
// at address, where name is set at the block's top level: an attribute
// (`name = ...`), a nested block (`name {`) or a dynamic block
// (`dynamic "name" {`), in file order. Nothing when the block is not found.
// The scan follows braces outside strings, comments and heredocs; it is a
// locator, not a parser: a construct it cannot follow ends the block early
// and costs only the location.
func (l *Locator) InBlock(address, name string) []Location {
	head, ok := l.Locate(address)
	if !ok {
		return nil
	}
	lines := l.fileLines(head.File)
	if head.Line < 1 || head.Line > len(lines) {
		return nil
	}
	set := regexp.MustCompile(`^\s*(` + regexp.QuoteMeta(name) + `\s*(=($|[^=])|\{)|dynamic\s+"` + regexp.QuoteMeta(name) + `"\s*\{)`)
	var out []Location
	var sc braceScanner
	for i := head.Line - 1; i < len(lines); i++ {
		before := sc.depth
		inHeredoc := sc.heredoc != ""
		sc.line(lines[i])
		if i == head.Line-1 && sc.depth <= 0 {
			return nil // the block closes on its header line (or never opens)
		}
		if i > head.Line-1 && before == 1 && !inHeredoc && set.MatchString(lines[i]) {
			out = append(out, Location{File: head.File, Line: i + 1})
		}
		if i > head.Line-1 && sc.depth <= 0 && before > 0 {
			break
		}
	}
	return out
}

// fileLines returns a .tf file's lines, read once (safefile, bounded).
func (l *Locator) fileLines(file string) []string {
	if lines, ok := l.files[file]; ok {
		return lines
	}
	if l.files == nil {
		l.files = map[string][]string{}
	}
	var lines []string
	if data, err := safefile.ReadIn(filepath.Dir(file), file, MaxTFFile); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
	}
	l.files[file] = lines
	return lines
}

// braceScanner follows the nesting depth of HCL braces line by line,
// skipping strings ("..." with escapes), comments (#, //, /* */) and
// heredocs (<<EOF ... EOF, <<-EOF).
type braceScanner struct {
	depth   int
	comment bool   // inside /* */
	heredoc string // the closing marker while inside a heredoc
}

var heredocStart = regexp.MustCompile(`<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$`)

func (s *braceScanner) line(text string) {
	if s.heredoc != "" {
		if strings.TrimSpace(text) == s.heredoc {
			s.heredoc = ""
		}
		return
	}
	inString := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case s.comment:
			if c == '*' && i+1 < len(text) && text[i+1] == '/' {
				s.comment = false
				i++
			}
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '#' || (c == '/' && i+1 < len(text) && text[i+1] == '/'):
			return
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			s.comment = true
			i++
		case c == '{':
			s.depth++
		case c == '}':
			s.depth--
		case c == '<':
			if m := heredocStart.FindStringSubmatch(text[i:]); m != nil {
				s.heredoc = m[1]
				return
			}
		}
	}
}
