package tfplan

import (
	"errors"
	"fmt"
	"io"
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
		for {
			if c, err = s.peek(); err != nil {
				return err
			}
			if c != '"' {
				return s.fail("expected an object key (a string), found %s", describeByte(c))
			}
			if err := s.str(); err != nil {
				return err
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
		return s.str()
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

// str consumes a string literal, checking escapes and control characters.
func (s *stream) str() error {
	s.pos++ // opening quote
	for {
		if !s.fill() {
			return s.endErr()
		}
		for s.pos < s.end {
			c := s.buf[s.pos]
			s.pos++
			switch {
			case c == '"':
				return nil
			case c == '\\':
				e, err := s.next()
				if err != nil {
					return err
				}
				switch e {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				case 'u':
					for i := 0; i < 4; i++ {
						h, err := s.next()
						if err != nil {
							return err
						}
						if !isHex(h) {
							return s.fail("invalid \\u escape in a string")
						}
					}
				default:
					return s.fail("invalid escape \\%c in a string", e)
				}
			case c < 0x20:
				return s.fail("control character 0x%02x inside a string", c)
			}
		}
	}
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (s *stream) literal(word string) error {
	for i := 0; i < len(word); i++ {
		c, err := s.next()
		if err != nil {
			return err
		}
		if c != word[i] {
			s.pos--
			return s.fail("invalid literal; expected %q", word)
		}
	}
	return nil
}

// number consumes a number in exactly the grammar of RFC 8259:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func (s *stream) number() error {
	s.numberByte('-')
	switch {
	case s.numberByte('0'):
	case s.numberDigits() == 0:
		return s.numberErr("a digit")
	}
	if s.numberByte('.') && s.numberDigits() == 0 {
		return s.numberErr("a digit after the decimal point")
	}
	if s.numberByte('e') || s.numberByte('E') {
		if !s.numberByte('+') {
			s.numberByte('-')
		}
		if s.numberDigits() == 0 {
			return s.numberErr("a digit in the exponent")
		}
	}
	return nil
}

// numberByte consumes c if it is next.
func (s *stream) numberByte(c byte) bool {
	if s.fill() && s.buf[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

// numberDigits consumes decimal digits and returns how many.
func (s *stream) numberDigits() int {
	n := 0
	for s.fill() && s.buf[s.pos] >= '0' && s.buf[s.pos] <= '9' {
		s.pos++
		n++
	}
	return n
}

func (s *stream) numberErr(want string) error {
	if !s.fill() {
		return s.endErr()
	}
	return s.fail("invalid number: expected %s, found %s", want, describeByte(s.buf[s.pos]))
}

func describeByte(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	if c == '-' || (c >= '0' && c <= '9') {
		return "a number"
	}
	return fmt.Sprintf("%q", c)
}

// errProbeDone stops a probe once every wanted member is found.
var errProbeDone = errors.New("probe done")

// probeModeType reads the "mode" and "type" members of a captured
// resource object without decoding the rest (to decide whether the entry
// is worth decoding). Terraform writes them near the start, so the scan
// usually stops early.
func probeModeType(raw []byte) (mode, typ string) {
	st := &stream{src: eofReader{}, buf: raw, end: len(raw)}
	found := 0
	_ = st.object(func(key string) error {
		var dst *string
		switch key {
		case "mode":
			dst = &mode
		case "type":
			dst = &typ
		default:
			return st.skip()
		}
		if c, err := st.peek(); err != nil || c != '"' {
			return st.skip()
		}
		raw, err := st.capture()
		if err != nil {
			return err
		}
		if *dst, err = decodeString(raw); err != nil {
			return err
		}
		if found++; found == 2 {
			return errProbeDone
		}
		return nil
	})
	return mode, typ
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
