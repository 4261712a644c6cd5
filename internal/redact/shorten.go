package redact

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Print bounds: every text of a finding or pair passes through Shorten
// (sensitivity.text, after redaction) so that a hostile value cannot make
// the report as large as the plan, in any renderer.
const (
	// MaxPrintedWord is the longest run of non-space bytes printed as it
	// is; a longer one (a value no issuer accepts) keeps its first and
	// last bytes around "…" and its length.
	MaxPrintedWord = 1024
	// ShortenedHead and ShortenedTail are what a shortened run keeps of
	// its start and end.
	ShortenedHead = 64
	ShortenedTail = 16
	// MaxPrintedText bounds a whole text (a value made of many short
	// words): the rest is replaced by "…" and the number of bytes left
	// out.
	MaxPrintedText = 16 << 10
)

// Shorten returns t with every run of non-space bytes longer than
// MaxPrintedWord cut to its first ShortenedHead and last ShortenedTail
// bytes around "…[N bytes]…", and the result cut at MaxPrintedText bytes
// followed by "…[N more bytes]". Cuts fall on rune boundaries. Texts
// within the bounds are returned unchanged, without allocating.
func Shorten(t string) string {
	if len(t) <= MaxPrintedWord {
		return t
	}
	out := t
	if longestWord(t) > MaxPrintedWord {
		var b strings.Builder
		start := 0
		flush := func(end int) {
			word := t[start:end]
			if len(word) <= MaxPrintedWord {
				b.WriteString(word)
				return
			}
			head, tail := cutRunes(word, ShortenedHead), tailRunes(word, ShortenedTail)
			fmt.Fprintf(&b, "%s…[%d bytes]…%s", head, len(word), tail)
		}
		for i := 0; i < len(t); i++ {
			if isSpace(t[i]) {
				flush(i)
				b.WriteByte(t[i])
				start = i + 1
			}
		}
		flush(len(t))
		out = b.String()
	}
	if len(out) > MaxPrintedText {
		head := cutRunes(out, MaxPrintedText)
		out = fmt.Sprintf("%s…[%d more bytes]", head, len(out)-len(head))
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

// longestWord is the length of the longest run of non-space bytes.
func longestWord(t string) int {
	longest, n := 0, 0
	for i := 0; i < len(t); i++ {
		if isSpace(t[i]) {
			n = 0
			continue
		}
		n++
		longest = max(longest, n)
	}
	return longest
}

// tailRunes is the longest suffix of s of at most n bytes that starts on
// a rune boundary.
func tailRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// cutRunes is the longest prefix of s of at most n bytes that ends on a
// rune boundary.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
