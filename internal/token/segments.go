package token

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Length limits of the WebIdentityToken parameter (aws-reference.md#token-format).
const (
	MinLength = 4
	MaxLength = 20000
)

// segmentNames names the three parts of a JWS compact serialization.
var segmentNames = [3]string{"header", "payload", "signature"}

// checkLength applies the STS parameter limits. Characters are counted as
// Unicode code points, as AWS counts string lengths.
func checkLength(raw string) error {
	if raw == "" {
		return newError(KindBadLength, "the token is empty; pass the JWT text (three base64url segments separated by dots)")
	}
	n := utf8.RuneCountInString(raw)
	if n < MinLength {
		return newError(KindBadLength, fmt.Sprintf("the token is %d characters long; STS requires at least %d", n, MinLength))
	}
	if n > MaxLength {
		return newError(KindBadLength, fmt.Sprintf("the token is %d characters long; STS accepts at most %d", n, MaxLength))
	}
	return nil
}

// splitSegments splits raw into header, payload and signature.
func splitSegments(raw string) ([3]string, error) {
	var parts [3]string
	count := strings.Count(raw, ".") + 1
	if count != 3 {
		hint := ""
		if count == 5 {
			hint = " (5 segments is an encrypted JWE; STS needs a signed JWT)"
		}
		return parts, newError(KindMalformed, fmt.Sprintf(
			"a JWT has three dot-separated segments (header, payload and signature); this token has %d%s", count, hint))
	}
	copy(parts[:], strings.SplitN(raw, ".", 3))
	return parts, nil
}

// decodeSegment decodes one base64url segment (no padding, as JWS requires).
// Errors name the segment and the offending offset, never its content.
func decodeSegment(index int, seg string) ([]byte, error) {
	name := segmentNames[index]
	if seg == "" {
		return nil, newError(KindMalformed, fmt.Sprintf("the %s segment is empty; pass the complete token as issued", name))
	}
	for i := 0; i < len(seg); i++ {
		if !isBase64URLChar(seg[i]) {
			what := "a character outside the base64url alphabet"
			switch seg[i] {
			case '=':
				what = "padding '='; JWT segments are unpadded base64url"
			case '+', '/':
				what = "'+' or '/'; JWT segments use base64url ('-' and '_'), not standard base64"
			case ' ', '\t', '\r', '\n':
				what = "whitespace; remove spaces and line breaks from the token"
			}
			return nil, newError(KindMalformed, fmt.Sprintf(
				"the %s segment is not valid base64url: byte %d is %s", name, i+1, what))
		}
	}
	if len(seg)%4 == 1 {
		return nil, newError(KindMalformed, fmt.Sprintf(
			"the %s segment is not valid base64url: its length (%d) cannot be produced by base64url; the token was probably truncated", name, len(seg)))
	}
	out, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return nil, newError(KindMalformed, fmt.Sprintf("the %s segment is not valid base64url; pass the token exactly as issued", name))
	}
	return out, nil
}

func isBase64URLChar(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// decodeJSONObject decodes a header or payload as one JSON object, keeping
// numbers as json.Number. Trailing data after the object is an error.
func decodeJSONObject(index int, data []byte) (map[string]any, error) {
	name := segmentNames[index]
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, newError(KindMalformed, fmt.Sprintf("the %s is not valid JSON%s; the token is corrupted or not a JWT", name, jsonErrorPlace(err)))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, newError(KindMalformed, fmt.Sprintf("the %s has data after its JSON object; the token is corrupted or not a JWT", name))
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, newError(KindMalformed, fmt.Sprintf("the %s is JSON %s, not an object; a JWT %s must be a JSON object", name, jsonTypeName(v), name))
	}
	if member := duplicateMember(data); member != "" {
		return nil, newError(KindMalformed, fmt.Sprintf(
			"the %s has the member %s more than once; readers disagree on which one counts (encoding/json keeps the last), so the token is refused as malformed (RFC 7515 §4, RFC 7519 §4). Pass the token exactly as the issuer minted it",
			name, member))
	}
	return obj, nil
}

// duplicateMember returns the path of the first member name repeated
// within one object of data (at any depth), such as "sub" or
// "https://aws.amazon.com/tags"."principal_tags"; "" when none is. data is
// valid JSON (decodeJSONObject checked it), so a token error cannot occur
// before the end.
func duplicateMember(data []byte) string {
	type frame struct {
		object  bool
		wantKey bool
		key     string
		seen    map[string]bool
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []*frame
	path := func(last string) string {
		var parts []string
		for _, f := range stack[:len(stack)-1] {
			if f.object {
				parts = append(parts, quoteValue(f.key))
			}
		}
		return strings.Join(append(parts, quoteValue(last)), ".")
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, isDelim := tok.(json.Delim); isDelim {
			switch d {
			case '{', '[':
				stack = append(stack, &frame{object: d == '{', wantKey: d == '{'})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].wantKey = true
				}
			}
			continue
		}
		if top == nil || !top.object {
			continue
		}
		if !top.wantKey {
			top.wantKey = true // a scalar member value
			continue
		}
		key, _ := tok.(string)
		if top.seen == nil {
			top.seen = map[string]bool{}
		}
		if top.seen[key] {
			return path(key)
		}
		top.seen[key] = true
		top.key, top.wantKey = key, false
	}
}

// jsonErrorPlace describes where decoding failed without quoting content.
func jsonErrorPlace(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf(" (syntax error at byte %d)", syn.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return " (it ends early)"
	}
	return ""
}

// jsonTypeName names the JSON type of a decoded value.
func jsonTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// quoteValue quotes a decoded header or claim value for an error message,
// shortened so that messages stay readable.
func quoteValue(s string) string {
	const max = 64
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		return strconv.Quote(string(r[:max])) + "…"
	}
	return strconv.Quote(s)
}
