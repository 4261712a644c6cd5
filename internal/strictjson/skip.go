package strictjson

import (
	"bytes"
	"encoding/json"
)

// walker reads a valid JSON document byte by byte.
type walker struct {
	data []byte
	pos  int
}

func (w *walker) peek() byte {
	if w.pos < len(w.data) {
		return w.data[w.pos]
	}
	return 0
}

func (w *walker) skipSpace() {
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case ' ', '\t', '\n', '\r':
			w.pos++
		default:
			return
		}
	}
}

// key reads a string and returns it decoded.
func (w *walker) key() string {
	start := w.pos
	escaped := w.skipString()
	raw := w.data[start:w.pos]
	if !escaped {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// skipString skips a string at pos and reports whether it has escapes.
func (w *walker) skipString() bool {
	escaped := false
	i := w.pos + 1
	for {
		j := bytes.IndexByte(w.data[i:], '"')
		if j < 0 {
			w.pos = len(w.data)
			return escaped
		}
		end := i + j
		if bytes.IndexByte(w.data[i:end], '\\') >= 0 {
			escaped = true
		}
		n := 0
		for k := end - 1; k > w.pos && w.data[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			w.pos = end + 1
			return escaped
		}
		i = end + 1
	}
}

// skipValue skips one value at pos.
func (w *walker) skipValue() {
	switch w.peek() {
	case '"':
		w.skipString()
	case '{', '[':
		depth := 0
		for w.pos < len(w.data) {
			switch w.data[w.pos] {
			case '"':
				w.skipString()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					w.pos++
					return
				}
			}
			w.pos++
		}
	default:
		for w.pos < len(w.data) {
			switch w.data[w.pos] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return
			}
			w.pos++
		}
	}
}
