package policy

import (
	"strings"
	"unicode/utf8"
)

// literal consumes the keyword word (true, false or null).
func (s *scanner) literal(word string) *scanError {
	start := s.pos
	for i := 0; i < len(word); i++ {
		if s.pos >= len(s.data) || s.data[s.pos] != word[i] {
			if s.pos >= len(s.data) {
				return s.unexpected("the rest of " + word)
			}
			return s.fail(start, "invalid JSON: unknown word starting here; expected %s (JSON keywords are lower case, strings need double quotes)", word)
		}
		s.pos++
	}
	return nil
}

// number consumes a JSON number and returns its exact source text.
func (s *scanner) number() (jsonNode, *scanError) {
	start := s.pos
	if s.data[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(s.data) && s.data[s.pos] == '0':
		s.pos++
	case s.digits() == 0:
		return jsonNode{}, s.unexpected("a digit in the number")
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if s.digits() == 0 {
			return jsonNode{}, s.unexpected("a digit after the decimal point")
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			return jsonNode{}, s.unexpected("a digit in the exponent")
		}
	}
	return jsonNode{kind: jsonNumber, offset: start, text: string(s.data[start:s.pos])}, nil
}

func (s *scanner) digits() int {
	n := 0
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		s.pos++
		n++
	}
	return n
}

// str consumes a string literal starting at the opening quote and returns
// its decoded value.
func (s *scanner) str() (string, *scanError) {
	open := s.pos
	s.pos++
	i := s.pos
	for i < len(s.data) {
		c := s.data[i]
		if c == '"' {
			text := string(s.data[s.pos:i])
			s.pos = i + 1
			return text, nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		i++
	}
	var b strings.Builder
	b.Write(s.data[s.pos:i])
	s.pos = i
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return b.String(), nil
		case c == '\\':
			if err := s.escape(&b); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", s.fail(s.pos, "invalid JSON: control character U+%04X inside a string; expected it written as an escape such as \\n or \\u%04X", c, c)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(s.data[s.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", s.invalidUTF8(s.pos)
			}
			b.Write(s.data[s.pos : s.pos+size])
			s.pos += size
		default:
			b.WriteByte(c)
			s.pos++
		}
	}
	return "", s.fail(open, "invalid JSON: the string starting here is never closed because the input ends first (truncated?); expected a closing '\"'")
}

// escape decodes one backslash escape at s.pos into b.
func (s *scanner) escape(b *strings.Builder) *scanError {
	start := s.pos
	s.pos++
	if s.pos >= len(s.data) {
		return s.unexpected("an escape character after '\\'")
	}
	c := s.data[s.pos]
	s.pos++
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, ok := s.hex4()
		if !ok {
			return s.fail(start, "invalid JSON: malformed \\u escape; expected \\u followed by four hexadecimal digits")
		}
		if r >= 0xD800 && r < 0xDC00 && s.pos+1 < len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
			save := s.pos
			s.pos += 2
			if lo, ok := s.hex4(); ok && lo >= 0xDC00 && lo < 0xE000 {
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
			} else {
				s.pos = save
			}
		}
		if r >= 0xD800 && r < 0xE000 {
			r = utf8.RuneError // lone surrogate, as lenient decoders do
		}
		b.WriteRune(r)
	default:
		return s.fail(start, "invalid JSON: unknown escape '\\%c' in a string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", rune(c))
	}
	return nil
}

// hex4 reads four hexadecimal digits at s.pos.
func (s *scanner) hex4() (rune, bool) {
	if s.pos+4 > len(s.data) {
		return 0, false
	}
	var r rune
	for _, c := range s.data[s.pos : s.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	s.pos += 4
	return r, true
}
