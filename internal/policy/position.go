package policy

import (
	"bytes"
	"strconv"
	"strings"
)

// positionBlock is the distance in bytes between two precomputed
// checkpoints of the positioner; a lookup scans at most this many bytes.
const positionBlock = 256

// positioner turns byte offsets into line:column positions in time bounded
// by positionBlock, after one linear pass over the input. Columns count
// Unicode code points: every byte that is not a UTF-8 continuation byte
// starts a new column.
type positioner struct {
	data []byte
	// oneLine is whether the document has a single non-blank line
	// (jsonencode() or a data source's output): its line numbers say
	// nothing, so locations are named by path alone.
	oneLine bool
	// lines[k] and cols[k] are the 1-based line and the number of code
	// points already on that line at byte offset k*positionBlock.
	lines []int
	cols  []int
}

func newPositioner(data []byte) *positioner {
	n := len(data)/positionBlock + 1
	p := &positioner{data: data, lines: make([]int, 0, n), cols: make([]int, 0, n),
		oneLine: !bytes.ContainsRune(bytes.TrimSpace(data), '\n')}
	line, col := 1, 0
	for i, b := range data {
		if i%positionBlock == 0 {
			p.lines = append(p.lines, line)
			p.cols = append(p.cols, col)
		}
		line, col = advance(line, col, b)
	}
	if len(data)%positionBlock == 0 {
		p.lines = append(p.lines, line)
		p.cols = append(p.cols, col)
	}
	return p
}

// advance moves a line/column counter over one byte.
func advance(line, col int, b byte) (int, int) {
	switch {
	case b == '\n':
		return line + 1, 0
	case b&0xC0 != 0x80:
		return line, col + 1
	}
	return line, col
}

// PositionAt returns the position of byte offset off in data (clamped to
// it), counted as policy positions are: 1-based lines, columns in code
// points. It serves every JSON input that reports line:column (requests,
// RCP files, the suppression file), so they all count alike.
func PositionAt(data []byte, off int) Position {
	off = max(0, min(off, len(data)))
	line, col := 1, 0
	for _, b := range data[:off] {
		line, col = advance(line, col, b)
	}
	return Position{Offset: off, Line: line, Column: col + 1}
}

// at returns the position of byte offset off, clamped to the input.
func (p *positioner) at(off int) Position {
	off = max(0, min(off, len(p.data)))
	k := off / positionBlock
	line, col := p.lines[k], p.cols[k]
	for i := k * positionBlock; i < off; i++ {
		line, col = advance(line, col, p.data[i])
	}
	return Position{Offset: off, Line: line, Column: col + 1}
}

// loc builds a Location for path at byte offset off.
func (p *positioner) loc(path string, off int) Location {
	return Location{Path: path, Pos: p.at(off), OneLine: p.oneLine}
}

// rootPath is the JSON path of the whole document.
const rootPath = "$"

// childKey appends an object member to a JSON path: `.Name` for
// identifier-like names, `["..."]` otherwise.
func childKey(path, key string) string {
	if isIdentifier(key) {
		return path + "." + key
	}
	if !needsEscape(key) {
		return path + `["` + key + `"]` // quoteKey's form, in one concatenation
	}
	return path + "[" + quoteKey(key) + "]"
}

// childIndex appends an array index to a JSON path.
func childIndex(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// needsEscape reports whether s has a character quoteKey escapes.
func needsEscape(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r == '"' || r == '\\' || r < 0x20 })
}

// quoteKey quotes s as a JSON string literal.
func quoteKey(s string) string {
	if !needsEscape(s) {
		return `"` + s + `"`
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&0xF])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// pathSegment is one step of the scanner's current JSON path.
type pathSegment struct {
	key     string
	index   int
	isIndex bool
}

// formatPath renders a segment stack as a JSON path.
func formatPath(segs []pathSegment) string {
	path := rootPath
	for _, s := range segs {
		if s.isIndex {
			path = childIndex(path, s.index)
		} else {
			path = childKey(path, s.key)
		}
	}
	return path
}

// DisplayPath names an element for a reader under root (e.g. "policy"):
// `$.Statement[0].Effect` becomes `policy.Statement[0].Effect`, and the
// whole document `$` becomes root; with root "" it is
// `Statement[0].Effect`, and the whole document is "the document".
func DisplayPath(root, path string) string {
	rest := strings.TrimPrefix(path, rootPath)
	switch {
	case root != "":
		return root + rest
	case rest == "":
		return "the document"
	}
	return strings.TrimPrefix(rest, ".")
}
