package tfplan

import (
	"bufio"
	"errors"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// textReader returns a reader of UTF-8 text for a plan file: a UTF-8 byte
// order mark is dropped, and UTF-16 with a byte order mark (what Windows
// PowerShell writes for `terraform show -json tfplan > plan.json`) is
// converted. It refuses UTF-16 without a byte order mark, which it cannot
// tell apart reliably, with a message that says what to do.
func textReader(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(4)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	switch {
	case len(head) >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF:
		_, _ = br.Discard(3)
		return br, nil
	case len(head) >= 2 && head[0] == 0xFF && head[1] == 0xFE:
		_, _ = br.Discard(2)
		return &utf16Reader{src: br, little: true}, nil
	case len(head) >= 2 && head[0] == 0xFE && head[1] == 0xFF:
		_, _ = br.Discard(2)
		return &utf16Reader{src: br}, nil
	case len(head) >= 2 && (head[0] == 0 || head[1] == 0):
		return nil, &LoadError{Msg: "the file looks like UTF-16 without a byte order mark; save it as UTF-8 " +
			"(PowerShell: terraform show -json tfplan | Out-File -Encoding utf8 plan.json)"}
	}
	return br, nil
}

// utf16Reader converts UTF-16 (little or big endian) to UTF-8. Unpaired
// surrogates become U+FFFD, as encoding/json does with invalid UTF-8.
type utf16Reader struct {
	src    *bufio.Reader
	little bool
	out    []byte // converted bytes not yet returned
	hi     uint16 // pending high surrogate, 0 when none
	err    error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		u.fill()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// fill converts up to 32 KiB of input.
func (u *utf16Reader) fill() {
	buf := make([]byte, 0, 32<<10+4)
	var pair [2]byte
	for len(buf) < 32<<10 {
		if _, err := io.ReadFull(u.src, pair[:]); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = &LoadError{Msg: "the UTF-16 file has an odd number of bytes: it is truncated; write it again with terraform show -json tfplan"}
			}
			if u.hi != 0 {
				buf = utf8.AppendRune(buf, utf8.RuneError)
				u.hi = 0
			}
			u.err = err
			break
		}
		unit := uint16(pair[0])<<8 | uint16(pair[1])
		if u.little {
			unit = uint16(pair[1])<<8 | uint16(pair[0])
		}
		switch {
		case u.hi != 0:
			r := utf16.DecodeRune(rune(u.hi), rune(unit))
			u.hi = 0
			if r == utf8.RuneError && utf16.IsSurrogate(rune(unit)) && unit < 0xDC00 {
				buf = utf8.AppendRune(buf, utf8.RuneError)
				u.hi = unit // a new high surrogate
				continue
			}
			if r == utf8.RuneError {
				buf = utf8.AppendRune(buf, utf8.RuneError)
				if !utf16.IsSurrogate(rune(unit)) {
					buf = utf8.AppendRune(buf, rune(unit))
				}
				continue
			}
			buf = utf8.AppendRune(buf, r)
		case unit >= 0xD800 && unit < 0xDC00:
			u.hi = unit
		case unit >= 0xDC00 && unit < 0xE000:
			buf = utf8.AppendRune(buf, utf8.RuneError)
		case unit < utf8.RuneSelf:
			buf = append(buf, byte(unit))
		default:
			buf = utf8.AppendRune(buf, rune(unit))
		}
	}
	u.out = buf
}
