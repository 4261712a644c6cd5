package identity

import "fmt"

// Audiences reads a token's aud claim, which is a string or an array of
// strings (RFC 7519 section 4.1.3; https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3).
// An absent aud gives nil. Any other type is an error saying which: a
// numeric aud is one wrong-typed claim, not an absent audience plus a value.
// Token decoding and requests given as claims both apply this rule.
func Audiences(claims map[string]any) ([]string, error) {
	v, ok := claims["aud"]
	if !ok {
		return nil, nil
	}
	switch aud := v.(type) {
	case nil:
		return nil, nil // "aud": null is no audience: STS refuses it as a missing claim
	case string:
		return []string{aud}, nil
	case []string:
		return aud, nil
	case []any:
		out := make([]string, 0, len(aud))
		for i, el := range aud {
			s, ok := el.(string)
			if !ok {
				return nil, fmt.Errorf("claim aud element %d is %s; aud must be a string or an array of strings", i, jsonType(el))
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("claim aud is %s; it must be a string or an array of strings", jsonType(v))
}

// jsonType names the JSON type of a decoded value for messages.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case []any, []string:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "a number" // float64, json.Number, int, int64
}
