package tfplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strconv"
)

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 10000

// stream is a minimal streaming JSON reader: it walks objects and arrays
// member by member, skips values in one pass over the bytes (checking
// their syntax), and captures single values for encoding/json to decode.
// Memory stays bounded by the largest captured value, not by the input.
type stream struct {
	// keyOffset is where the key of the member being read starts (for
	// messages about the key, read by object's member callback first).
	keyOffset int64
	src       io.Reader
	buf       []byte
	pos       int   // next unread byte in buf
	end       int   // end of valid data in buf
	base      int64 // input offset of buf[0]
	rdErr     error // sticky error from src

	capturing bool
	capStart  int
	captured  []byte

	// Object keys are compared by a seeded 64-bit hash of their decoded
	// text (keys of the objects being read, innermost last), so that
	// skipped objects are checked for duplicate keys without keeping them.
	hash maphash.Hash
	seed maphash.Seed // hash's seed, for keys hashed in one call
	keys []uint64
	maps []map[uint64]struct{} // emptied key maps, for reuse
	// checked is set for bytes already read by a checking stream (the
	// probes of captured values): keys are not compared again.
	checked bool

	// interned holds the object keys walked so far (a plan repeats a few
	// hundred attribute names), so that reading a key allocates nothing.
	interned map[string]string
}

// maxInterned bounds the interned keys.
const maxInterned = 4096

// strictError is input that is valid JSON by the letter of RFC 8259 but
// that JSON readers do not agree on (RFC 7493, I-JSON): invalid UTF-8, an
// unpaired surrogate escape, a duplicate object key.
type strictError struct {
	offset int64
	msg    string
	detail string // after the offset
}

func (e *strictError) Error() string {
	return fmt.Sprintf("%s at byte %d%s", e.msg, e.offset, e.detail)
}

// linearKeys is how many keys an object may have before its keys are
// kept in a map rather than compared one by one.
const linearKeys = 32

// maxMembers bounds the members of one object (and so the memory the
// duplicate-key check uses); no Terraform plan comes near it.
const maxMembers = 1 << 20

// keySet is the keys of one object being read: s.keys[start:] until the
// object has more than linearKeys of them, then m.
type keySet struct {
	start, n int
	m        map[uint64]struct{}
}

func (s *stream) openKeys() keySet { return keySet{start: len(s.keys)} }

func (s *stream) closeKeys(k keySet) {
	s.keys = s.keys[:k.start]
	if k.m != nil {
		clear(k.m)
		s.maps = append(s.maps, k.m)
	}
}

// addKey records a key (its hash h, read at offset off; raw is its JSON
// text when still at hand, for the message) and refuses a duplicate.
func (s *stream) addKey(k *keySet, h uint64, off int64, raw []byte) error {
	if s.checked {
		return nil
	}
	k.n++
	if k.n > maxMembers {
		return &strictError{offset: off, msg: fmt.Sprintf("an object has more than %d members, which no Terraform plan has; stopped", maxMembers)}
	}
	dup := false
	if k.m == nil {
		for _, seen := range s.keys[k.start:] {
			if seen == h {
				dup = true
				break
			}
		}
		if !dup && len(s.keys)-k.start < linearKeys {
			s.keys = append(s.keys, h)
			return nil
		}
		if !dup {
			if n := len(s.maps); n > 0 {
				k.m, s.maps = s.maps[n-1], s.maps[:n-1]
			} else {
				k.m = make(map[uint64]struct{}, 4*linearKeys)
			}
			for _, seen := range s.keys[k.start:] {
				k.m[seen] = struct{}{}
			}
			s.keys = s.keys[:k.start]
		}
	}
	if k.m != nil {
		_, dup = k.m[h]
		k.m[h] = struct{}{}
	}
	if !dup {
		return nil
	}
	name := "a key"
	if len(raw) > 0 && len(raw) <= 80 {
		name = "the key " + strconv.QuoteToASCII(string(raw[1:len(raw)-1]))
	}
	return &strictError{offset: off, msg: "an object repeats " + name, detail: " (JSON readers disagree on which of its values counts)"}
}

// syntaxError is a JSON syntax error at an input offset.
type syntaxError struct {
	offset int64
	msg    string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.offset, e.msg)
}

// errTruncated marks input that ends inside a value.
var errTruncated = errors.New("unexpected end of input")

func newStream(r io.Reader) *stream {
	s := &stream{src: r, buf: make([]byte, 256<<10), keys: make([]uint64, 0, 256), seed: maphash.MakeSeed()}
	s.hash.SetSeed(s.seed)
	return s
}

// offset is the input offset of the next unread byte.
func (s *stream) offset() int64 { return s.base + int64(s.pos) }

func (s *stream) fail(format string, args ...any) error {
	return &syntaxError{offset: s.offset(), msg: fmt.Sprintf(format, args...)}
}

// fill reads more input when the buffer is used up; it reports false at
// the end of input (s.rdErr then says why).
func (s *stream) fill() bool {
	return s.pos < s.end || s.refill()
}

func (s *stream) refill() bool {
	if s.rdErr != nil {
		return false
	}
	if s.capturing {
		s.captured = append(s.captured, s.buf[s.capStart:s.end]...)
		s.capStart = 0
	}
	s.base += int64(s.end)
	s.pos, s.end = 0, 0
	for s.end == 0 && s.rdErr == nil {
		n, err := s.src.Read(s.buf)
		s.end = n
		if err != nil {
			s.rdErr = err
		}
	}
	return s.end > 0
}

// endErr is the error for input that stops where more was expected.
func (s *stream) endErr() error {
	if s.rdErr != nil && !errors.Is(s.rdErr, io.EOF) {
		return s.rdErr
	}
	return errTruncated
}

// peek skips whitespace and returns the next byte without consuming it.
// Its common case, a byte at hand that is not whitespace, is inlined.
func (s *stream) peek() (c byte, err error) {
	if s.pos < s.end {
		if c = s.buf[s.pos]; c > ' ' {
			return c, nil
		}
	}
	return s.peekSlow()
}

// peekSlow is peek past whitespace and buffer ends.
func (s *stream) peekSlow() (byte, error) {
	for {
		if !s.fill() {
			return 0, s.endErr()
		}
		for s.pos < s.end {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\r', '\n':
				s.pos++
			default:
				return c, nil
			}
		}
	}
}

// atEOF reports whether only whitespace is left.
func (s *stream) atEOF() (bool, error) {
	_, err := s.peek()
	if errors.Is(err, errTruncated) {
		return true, nil
	}
	return false, err
}

func (s *stream) expect(c byte) error {
	got, err := s.peek()
	if err != nil {
		return err
	}
	if got != c {
		return s.fail("expected %q, found %q", c, got)
	}
	s.pos++
	return nil
}

// next consumes one byte (after fill).
func (s *stream) next() (byte, error) {
	if !s.fill() {
		return 0, s.endErr()
	}
	c := s.buf[s.pos]
	s.pos++
	return c, nil
}

// object walks a JSON object (or null), calling member with the stream
// positioned at each member's value; member must consume the value.
func (s *stream) object(member func(key string) error) error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	if c == 'n' {
		return s.skip()
	}
	if c != '{' {
		return s.fail("expected a JSON object, found %s", describeByte(c))
	}
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
		keyOff := s.offset()
		s.keyOffset = keyOff
		key, raw, err := s.key()
		if err != nil {
			return err
		}
		if !s.checked {
			if err := s.addKey(&keys, maphash.String(s.seed, key), keyOff, raw); err != nil {
				return err
			}
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		if c, err = s.peek(); err != nil {
			return err
		}
		s.pos++
		switch c {
		case ',':
		case '}':
			s.closeKeys(keys)
			return nil
		default:
			s.pos--
			return s.fail("expected ',' or '}' after an object member, found %s", describeByte(c))
		}
	}
}

// array walks a JSON array (or null), calling element with the stream
// positioned at each element; element must consume it.
func (s *stream) array(element func() error) error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	if c == 'n' {
		return s.skip()
	}
	if c != '[' {
		return s.fail("expected a JSON array, found %s", describeByte(c))
	}
	s.pos++
	if c, err = s.peek(); err != nil {
		return err
	}
	if c == ']' {
		s.pos++
		return nil
	}
	for {
		if err := element(); err != nil {
			return err
		}
		if c, err = s.peek(); err != nil {
			return err
		}
		s.pos++
		switch c {
		case ',':
		case ']':
			return nil
		default:
			s.pos--
			return s.fail("expected ',' or ']' after an array element, found %s", describeByte(c))
		}
	}
}

// key reads an object key (the stream is at its opening quote), and its
// JSON text (valid until the next read).
func (s *stream) key() (string, []byte, error) {
	if body, ok := s.asciiKey(); ok {
		raw := s.buf[s.pos-len(body)-2 : s.pos]
		if k, ok := s.interned[string(body)]; ok {
			return k, raw, nil
		}
		k := string(body)
		if len(s.interned) < maxInterned {
			if s.interned == nil {
				s.interned = map[string]string{}
			}
			s.interned[k] = k
		}
		return k, raw, nil
	}
	raw, err := s.capture()
	if err != nil {
		return "", nil, err
	}
	k, err := decodeString(raw)
	return k, raw, err
}

// asciiKey consumes a string of printable ASCII without escapes that ends
// within the buffer (nearly every key of a plan) and returns its body;
// for any other string it consumes nothing and reports false. The stream
// is at the opening quote.
func (s *stream) asciiKey() ([]byte, bool) {
	buf := s.buf[:s.end]
	for i := plainRun(buf, s.pos+1); i < len(buf); i++ {
		switch c := buf[i]; {
		case c == '"':
			body := buf[s.pos+1 : i]
			s.pos = i + 1
			return body, true
		case c < 0x20 || c == '\\' || c >= 0x80:
			return nil, false
		}
	}
	return nil, false
}

// decodeString decodes a captured (so checked) string literal.
func decodeString(raw []byte) (string, error) {
	body := raw[1 : len(raw)-1]
	for _, c := range body {
		if c == '\\' {
			return unescape(body), nil
		}
	}
	return string(body), nil
}

// decode captures the next value and decodes it into v with encoding/json.
func (s *stream) decode(v any) error {
	start := s.offset()
	raw, err := s.capture()
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return &syntaxError{offset: start + se.Offset, msg: se.Error()}
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			te.Offset += start
		}
		return err
	}
	return strictNames(raw, v, start)
}

// capture returns the raw bytes of the next value. The slice is valid
// until the next call that reads input.
func (s *stream) capture() ([]byte, error) {
	if _, err := s.peek(); err != nil {
		return nil, err
	}
	s.capturing, s.capStart, s.captured = true, s.pos, s.captured[:0]
	err := s.value(0)
	s.captured = append(s.captured, s.buf[s.capStart:s.pos]...)
	s.capturing = false
	return s.captured, err
}
