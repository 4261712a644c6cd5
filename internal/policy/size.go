package policy

import "unicode/utf8"

// policySize returns the length of a JSON document as IAM counts it against
// its policy size quotas: characters (code points), not counting
// whitespace outside string literals. data must be valid JSON.
func policySize(data []byte) int {
	size := 0
	inString, escaped := false, false
	for i := 0; i < len(data); {
		c := data[i]
		if c >= utf8.RuneSelf {
			_, n := utf8.DecodeRune(data[i:])
			size++
			i += n
			escaped = false
			continue
		}
		i++
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			continue
		}
		size++
	}
	return size
}
