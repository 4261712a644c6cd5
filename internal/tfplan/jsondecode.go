package tfplan

import (
	"encoding/json"
	"reflect"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// This file turns the bytes of one value the scanner has already checked
// (a capture) into the Go values encoding/json.Unmarshal gives an `any`:
// map[string]any, []any, string, float64, bool, nil. It trusts the
// syntax, the UTF-8 and the escapes (the scanner refused anything else),
// so it is a single pass with no checks and no reflection.

// decodeAny decodes a checked value; base is its input offset (for the
// message about a number that is no float64).
func decodeAny(raw []byte, base int64) (any, error) {
	d := rawDecoder{b: raw, base: base}
	return d.value()
}

type rawDecoder struct {
	b    []byte
	i    int
	base int64
}

func (d *rawDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\r', '\n':
			d.i++
		default:
			return
		}
	}
}

func (d *rawDecoder) value() (any, error) {
	d.ws()
	switch d.b[d.i] {
	case '{':
		d.i++
		m := map[string]any{}
		d.ws()
		if d.b[d.i] == '}' {
			d.i++
			return m, nil
		}
		for {
			d.ws()
			k := d.str()
			d.ws()
			d.i++ // ':'
			v, err := d.value()
			if err != nil {
				return nil, err
			}
			m[k] = v
			d.ws()
			c := d.b[d.i]
			d.i++
			if c == '}' {
				return m, nil
			}
		}
	case '[':
		d.i++
		l := []any{}
		d.ws()
		if d.b[d.i] == ']' {
			d.i++
			return l, nil
		}
		for {
			v, err := d.value()
			if err != nil {
				return nil, err
			}
			l = append(l, v)
			d.ws()
			c := d.b[d.i]
			d.i++
			if c == ']' {
				return l, nil
			}
		}
	case '"':
		return d.str(), nil
	case 't':
		d.i += len("true")
		return true, nil
	case 'f':
		d.i += len("false")
		return false, nil
	case 'n':
		d.i += len("null")
		return nil, nil
	}
	start := d.i
	for d.i < len(d.b) {
		c := d.b[d.i]
		if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			d.i++
			continue
		}
		break
	}
	text := string(d.b[start:d.i])
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		// As encoding/json says it (1e999 is valid JSON, but no float64).
		return nil, &json.UnmarshalTypeError{Value: "number " + text, Type: reflect.TypeFor[float64](), Offset: d.base + int64(start)}
	}
	return f, nil
}

// str decodes a string literal at d.i.
func (d *rawDecoder) str() string {
	d.i++ // opening quote
	start := d.i
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case '"':
			s := string(d.b[start:d.i])
			d.i++
			return s
		case '\\':
			end := d.i
			for d.b[end] != '"' {
				if d.b[end] == '\\' {
					end++
				}
				end++
			}
			s := unescape(d.b[start:end])
			d.i = end + 1
			return s
		}
		d.i++
	}
	return string(d.b[start:])
}

// unescape decodes the body of a checked string literal that holds
// escapes (every \u surrogate is paired: the scanner refused the rest).
func unescape(body []byte) string {
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		switch body[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hexRune(body[i+1 : i+5])
			i += 4
			if utf16.IsSurrogate(r) {
				r = utf16.DecodeRune(r, hexRune(body[i+3:i+7]))
				i += 6
			}
			out = utf8.AppendRune(out, r)
		default: // '"', '\\', '/'
			out = append(out, body[i])
		}
	}
	return string(out)
}

func hexRune(h []byte) rune {
	var r rune
	for _, c := range h {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// probe sets out[i] to the string value of the first top-level member of
// a checked object named keys[i] (exactly), leaving it "" when there is
// none or its value is not a string; it stops once every key is found.
func probe(raw []byte, keys []string, out []string) {
	d := rawDecoder{b: raw}
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return
	}
	d.i++
	found := 0
	for found < len(keys) {
		d.ws()
		if d.b[d.i] != '"' {
			return // '}'
		}
		k := d.b[d.i+1 : d.i+1+bytesToQuote(d.b[d.i+1:])]
		i := -1
		for j, want := range keys {
			if string(k) == want {
				i = j
				break
			}
		}
		d.skip()
		d.ws()
		d.i++ // ':'
		d.ws()
		if i >= 0 && out[i] == "" && d.b[d.i] == '"' {
			out[i] = d.str()
			found++
		} else {
			d.skip()
		}
		d.ws()
		if d.b[d.i] == '}' {
			return
		}
		d.i++ // ','
	}
}

// bytesToQuote returns the length of a string body up to its closing
// quote (escapes included as written).
func bytesToQuote(b []byte) int {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(b)
}

// skip passes over one checked value.
func (d *rawDecoder) skip() {
	d.ws()
	switch d.b[d.i] {
	case '"':
		d.i += 1 + bytesToQuote(d.b[d.i+1:]) + 1
		return
	case '{', '[':
	default: // a number or a literal
		for d.i < len(d.b) {
			switch d.b[d.i] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				return
			}
			d.i++
		}
		return
	}
	depth := 0
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case '"':
			d.i += 1 + bytesToQuote(d.b[d.i+1:]) + 1
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		d.i++
		if depth == 0 {
			return
		}
	}
}
