package token

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// fillRegisteredClaims copies iss, sub, aud, iat, exp and nbf from
// t.Claims into the typed fields, checking their JSON types.
func fillRegisteredClaims(t *Token) error {
	var err error
	if t.Issuer, err = optionalString(t.Claims, "iss"); err != nil {
		return err
	}
	if t.Subject, err = optionalString(t.Claims, "sub"); err != nil {
		return err
	}
	if t.Audiences, err = audiences(t.Claims); err != nil {
		return err
	}
	if t.IssuedAt, err = timestamp(t.Claims, "iat"); err != nil {
		return err
	}
	if t.ExpiresAt, err = timestamp(t.Claims, "exp"); err != nil {
		return err
	}
	if t.NotBefore, err = timestamp(t.Claims, "nbf"); err != nil {
		return err
	}
	return nil
}

// optionalString returns claim name when it is a string, "" when absent.
func optionalString(claims map[string]any, name string) (string, error) {
	v, ok := claims[name]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", newError(KindMalformed, fmt.Sprintf("claim %s is %s; it must be a string", name, jsonTypeName(v)))
	}
	return s, nil
}

// audiences reads aud with identity.Audiences (the one rule: a string or
// an array of strings); a wrong type is a malformed token.
func audiences(claims map[string]any) ([]string, error) {
	auds, err := identity.Audiences(claims)
	if err != nil {
		return nil, newError(KindMalformed, err.Error())
	}
	return auds, nil
}

// timestamp reads a NumericDate claim. STS requires timestamps "formatted
// as either an integer or a long integer" (aws-reference.md#token-format), so only JSON numbers
// written as integers (no fraction, no exponent) that fit in 64 bits are
// accepted. An absent claim gives nil.
func timestamp(claims map[string]any, name string) (*time.Time, error) {
	v, ok := claims[name]
	if !ok {
		return nil, nil
	}
	const fix = "; STS requires timestamps as whole seconds since 1970 written as a JSON integer (for example 1767225600)"
	num, ok := v.(json.Number)
	if !ok {
		return nil, newError(KindBadTimestamp, fmt.Sprintf("claim %s is %s%s", name, jsonTypeName(v), fix))
	}
	if !isIntegerLiteral(string(num)) {
		return nil, newError(KindBadTimestamp, fmt.Sprintf("claim %s is a number with a fraction or exponent%s", name, fix))
	}
	secs, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil {
		return nil, newError(KindBadTimestamp, fmt.Sprintf("claim %s is an integer too large for a 64-bit timestamp%s", name, fix))
	}
	t := time.Unix(secs, 0).UTC()
	return &t, nil
}

// isIntegerLiteral reports whether s is a JSON integer: -?digits.
func isIntegerLiteral(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
