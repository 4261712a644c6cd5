package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Printable escapes what a terminal, CI log or code scanning page would
// act on rather than show, so that a value from the plan cannot hide or
// rewrite the report (ESC[8m conceals the text after it, CR overwrites a
// line): C0 controls, DEL and C1 controls are written \xNN (C1 as \u0085),
// invalid UTF-8 bytes \xNN, and the bidirectional overrides and isolates
// (U+202A-U+202E, U+2066-U+2069) \u202e. keepNewlines leaves "\n" as it is
// for multi-line text. Every text renderer of this package uses it.
func Printable(s string, keepNewlines bool) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if needsEscape(r, keepNewlines) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && needsEscape(r, keepNewlines):
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r, keepNewlines):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(r rune, keepNewlines bool) bool {
	switch {
	case r == '\n':
		return !keepNewlines
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
