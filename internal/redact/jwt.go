package redact

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
)

// dotted matches runs of base64url segments joined by dots: the shape of
// a JWS (three segments, the last possibly empty for alg "none") or a JWE
// (five). Padding characters are allowed, as some encoders add them.
var dotted = regexp.MustCompile(`[A-Za-z0-9_=-]+(?:\.[A-Za-z0-9_=-]*){2,}`)

// JWTs replaces every JSON Web Token in text with TokenPlaceholder. A
// token is a run of at least three dot-separated base64url segments whose
// first segment decodes to a JSON object with an "alg" member (the JOSE
// header every JWS and JWE carries, RFC 7515 §4.1.1, RFC 7516 §4.1.1): the
// header, its two following segments (four for a JWE, whose header has
// "enc") are replaced. A header glued to a preceding word (x-eyJ...) is
// found too: every "ey"/"ew" inside a segment (the encodings of '{"',
// '{ ' and '{' before a line break or tab) is tried as the start of a
// header. Dotted text that is not a token (versions, host names) is left
// as it is.
func JWTs(text string) string {
	if !mayHoldToken(text) {
		return text
	}
	return dotted.ReplaceAllStringFunc(text, redactRun)
}

// minHeader is the fewest base64url characters a JOSE header can take:
// the shortest JSON object with an "alg" member, {"alg":0}, is 9 bytes.
const minHeader = 12

// mayHoldToken is a necessary condition for JWTs to change text, checked
// in one pass without the regular expression: a header is a run of at
// least minHeader base64url characters (no '=' inside: only trailing
// padding is trimmed before decoding) in a segment that is followed by
// '.', one more segment and '.', all inside one run of the characters of
// dotted. Most texts (addresses, ARNs, messages) fail it.
func mayHoldToken(text string) bool {
	run := 0                  // base64url characters in a row
	cur, prev := false, false // the current segment, the previous one, holds a header-long run
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-':
			run++
			if run >= minHeader {
				cur = true
			}
		case c == '=':
			run = 0
		case c == '.':
			if prev {
				return true // header segment, '.', a segment, '.'
			}
			prev, cur, run = cur, false, 0
		default:
			prev, cur, run = false, false, 0
		}
	}
	return false
}

// redactRun redacts the tokens inside one dotted run.
func redactRun(run string) string {
	segs := strings.Split(run, ".")
	var b strings.Builder
	changed := false
	for i := 0; i < len(segs); i++ {
		if i > 0 {
			b.WriteByte('.')
		}
		if i+2 < len(segs) {
			if start, jwe, ok := headerIn(segs[i]); ok {
				n := 2
				if jwe && i+4 < len(segs) {
					n = 4
				}
				b.WriteString(segs[i][:start])
				b.WriteString(TokenPlaceholder)
				i += n
				changed = true
				continue
			}
		}
		b.WriteString(segs[i])
	}
	if !changed {
		return run
	}
	return b.String()
}

// headerIn finds a JOSE header in a segment: at its start or at an "ey" or
// "ew" inside it. It returns where the header starts and whether it is a
// JWE header.
func headerIn(seg string) (start int, jwe, ok bool) {
	if jwe, ok := isHeader(seg); ok {
		return 0, jwe, true
	}
	for i := 1; i+2 <= len(seg); i++ {
		if seg[i] == 'e' && (seg[i+1] == 'y' || seg[i+1] == 'w') {
			if jwe, ok := isHeader(seg[i:]); ok {
				return i, jwe, true
			}
		}
	}
	return 0, false, false
}

// isHeader reports whether seg decodes (base64url, with or without
// padding) to a JSON object with an "alg" member (any letter case: a
// reader that folds would take it), and whether it has "enc".
func isHeader(seg string) (jwe, ok bool) {
	if len(seg) < 4 {
		return false, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return false, false
	}
	var h map[string]json.RawMessage
	if json.Unmarshal(raw, &h) != nil {
		return false, false
	}
	for k := range h {
		switch {
		case strings.EqualFold(k, "alg"):
			ok = true
		case strings.EqualFold(k, "enc"):
			jwe = true
		}
	}
	return jwe, ok
}
