package tfplan

import (
	"encoding/binary"
	"hash/maphash"
	"io"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// skip consumes the next value, checking its syntax.
func (s *stream) skip() error { return s.value(0) }

// value consumes one value.
func (s *stream) value(depth int) error {
	if depth > maxDepth {
		return s.fail("nesting deeper than %d levels", maxDepth)
	}
	c, err := s.peek()
	if err != nil {
		return err
	}
	switch {
	case c == '{':
		s.pos++
		if c, err = s.peek(); err != nil {
			return err
		}
		if c == '}' {
			s.pos++
			return nil
		}
		keys := s.openKeys()
		for {
			if c, err = s.peek(); err != nil {
				return err
			}
			if c != '"' {
				return s.fail("expected an object key (a string), found %s", describeByte(c))
			}
			keyOff, keyPos, keyBase := s.offset(), s.pos, s.base
			var h uint64
			switch body, ok := s.asciiKey(); {
			case s.checked:
				if !ok {
					if err := s.str(nil); err != nil {
						return err
					}
				}
			case ok:
				h = maphash.Bytes(s.seed, body)
			default:
				s.hash.Reset()
				if err := s.str(&s.hash); err != nil {
					return err
				}
				h = s.hash.Sum64()
			}
			if !s.checked {
				var raw []byte
				if s.base == keyBase {
					raw = s.buf[keyPos:s.pos]
				}
				if err := s.addKey(&keys, h, keyOff, raw); err != nil {
					return err
				}
			}
			if err := s.expect(':'); err != nil {
				return err
			}
			if err := s.value(depth + 1); err != nil {
				return err
			}
			if c, err = s.peek(); err != nil {
				return err
			}
			s.pos++
			if c == '}' {
				s.closeKeys(keys)
				return nil
			}
			if c != ',' {
				s.pos--
				return s.fail("expected ',' or '}' after an object member, found %s", describeByte(c))
			}
		}
	case c == '[':
		s.pos++
		if c, err = s.peek(); err != nil {
			return err
		}
		if c == ']' {
			s.pos++
			return nil
		}
		for {
			if err := s.value(depth + 1); err != nil {
				return err
			}
			if c, err = s.peek(); err != nil {
				return err
			}
			s.pos++
			if c == ']' {
				return nil
			}
			if c != ',' {
				s.pos--
				return s.fail("expected ',' or ']' after an array element, found %s", describeByte(c))
			}
		}
	case c == '"':
		return s.str(nil)
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	}
	return s.fail("unexpected %s where a JSON value should start", describeByte(c))
}

// str consumes a string literal, checking escapes, control characters
// and UTF-8 (invalid UTF-8 and unpaired surrogate escapes are refused:
// JSON readers disagree on what they mean). When h is not nil it is fed
// the decoded string, so that object keys can be compared without being
// kept.
func (s *stream) str(h *maphash.Hash) error {
	s.pos++      // opening quote
	seg := s.pos // start of the raw bytes not yet fed to h
	flush := func(to int) {
		if h != nil && to > seg {
			_, _ = h.Write(s.buf[seg:to])
		}
	}
	for {
		if s.pos >= s.end {
			flush(s.pos)
			if !s.fill() {
				return s.endErr()
			}
			seg = s.pos
		}
		for s.pos < s.end {
			// Fast path: plain ASCII, eight bytes at a time, then with
			// the index in a register.
			i, buf := s.pos, s.buf[:s.end]
			i = plainRun(buf, i)
			for i < len(buf) {
				if c := buf[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
					break
				}
				i++
			}
			s.pos = i
			if i == len(buf) {
				break
			}
			c := buf[i]
			s.pos++
			switch {
			case c == '"':
				flush(s.pos - 1)
				return nil
			case c == '\\':
				flush(s.pos - 1)
				if err := s.escape(h); err != nil {
					return err
				}
				seg = s.pos
			case c < 0x20:
				s.pos--
				return s.fail("control character 0x%02x inside a string", c)
			case c >= utf8.RuneSelf:
				lead := s.pos - 1
				if rest := s.buf[lead:s.end]; utf8.FullRune(rest) {
					if r, size := utf8.DecodeRune(rest); r != utf8.RuneError || size > 1 {
						s.pos = lead + size
						continue
					}
					s.pos = lead
					return s.invalidUTF8()
				}
				// The character straddles the end of the buffer.
				flush(lead)
				if err := s.straddling(h, lead); err != nil {
					return err
				}
				seg = s.pos
			}
		}
	}
}

// plainRun returns the index of the first byte from i on that is not
// plain string text (a control character, '"', '\\' or a byte of a
// multi-byte character), looking at eight bytes at a time, or the index
// where fewer than eight are left.
func plainRun(buf []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i+8 <= len(buf) {
		x := binary.LittleEndian.Uint64(buf[i:])
		q, b := x^(ones*'"'), x^(ones*'\\')
		// A byte's high bit is set in stop at the first byte that is
		// zero in q or b, below 0x20, or 0x80 and above (bytes past the
		// first such byte may be marked wrongly: only the first counts).
		stop := ((q - ones) &^ q) | ((b - ones) &^ b) | ((x - ones*0x20) &^ x) | x
		if stop &= highs; stop != 0 {
			return i + bits.TrailingZeros64(stop)>>3
		}
		i += 8
	}
	return i
}

// straddling reads a UTF-8 sequence that starts at buf[lead] and goes on
// past the end of the buffer.
func (s *stream) straddling(h *maphash.Hash, lead int) error {
	off := s.base + int64(lead)
	var b [utf8.UTFMax]byte
	n := copy(b[:], s.buf[lead:s.end])
	s.pos = s.end
	for !utf8.FullRune(b[:n]) {
		c, err := s.next()
		if err != nil {
			return err
		}
		b[n] = c
		n++
	}
	if r, size := utf8.DecodeRune(b[:n]); (r == utf8.RuneError && size == 1) || size != n {
		return &strictError{offset: off, msg: invalidUTF8Msg}
	}
	if h != nil {
		_, _ = h.Write(b[:n])
	}
	return nil
}

const invalidUTF8Msg = "a string holds bytes that are not valid UTF-8"

func (s *stream) invalidUTF8() error {
	return &strictError{offset: s.offset(), msg: invalidUTF8Msg}
}

// escape consumes an escape sequence after its backslash, feeding the
// character it stands for to h (when not nil).
func (s *stream) escape(h *maphash.Hash) error {
	start := s.offset() - 1
	e, err := s.next()
	if err != nil {
		return err
	}
	var r rune
	switch e {
	case '"', '\\', '/':
		r = rune(e)
	case 'b':
		r = '\b'
	case 'f':
		r = '\f'
	case 'n':
		r = '\n'
	case 'r':
		r = '\r'
	case 't':
		r = '\t'
	case 'u':
		if r, err = s.hex4(); err != nil {
			return err
		}
		switch {
		case r >= 0xDC00 && r < 0xE000:
			return &strictError{offset: start, msg: unpairedMsg}
		case r >= 0xD800 && r < 0xDC00:
			// A high surrogate must be followed by an escaped low one.
			if b, err := s.next(); err != nil {
				return err
			} else if b != '\\' {
				return &strictError{offset: start, msg: unpairedMsg}
			}
			if b, err := s.next(); err != nil {
				return err
			} else if b != 'u' {
				return &strictError{offset: start, msg: unpairedMsg}
			}
			lo, err := s.hex4()
			if err != nil {
				return err
			}
			if lo < 0xDC00 || lo >= 0xE000 {
				return &strictError{offset: start, msg: unpairedMsg}
			}
			r = utf16.DecodeRune(r, lo)
		}
	default:
		s.pos--
		return s.fail("invalid escape \\%c in a string", e)
	}
	if h != nil {
		var b [utf8.UTFMax]byte
		_, _ = h.Write(b[:utf8.EncodeRune(b[:], r)])
	}
	return nil
}

const unpairedMsg = "a string holds a \\u escape of an unpaired UTF-16 surrogate, which is not a character"

// hex4 reads the four hex digits of a \u escape.
func (s *stream) hex4() (rune, error) {
	var r rune
	for i := 0; i < 4; i++ {
		h, err := s.next()
		if err != nil {
			return 0, err
		}
		var d byte
		switch {
		case h >= '0' && h <= '9':
			d = h - '0'
		case h >= 'a' && h <= 'f':
			d = h - 'a' + 10
		case h >= 'A' && h <= 'F':
			d = h - 'A' + 10
		default:
			s.pos--
			return 0, s.fail("invalid \\u escape in a string")
		}
		r = r<<4 | rune(d)
	}
	return r, nil
}

// probeModeType reads the "mode" and "type" members of a captured
// resource object without decoding the rest (to decide whether the entry
// is worth decoding). Terraform writes them near the start, so the scan
// usually stops early.
func probeModeType(raw []byte) (mode, typ string) {
	var got [2]string
	probe(raw, []string{"mode", "type"}, got[:])
	return got[0], got[1]
}

// eofReader is the source of a stream over bytes already in its buffer.
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
