package tfplan

import "fmt"

// The scanner's literals (true, false, null) and numbers.

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
