// Package token decodes web-identity tokens (JWTs) as STS reads them for
// AssumeRoleWithWebIdentity and, when a JWKS is supplied, verifies their
// signatures (aws-reference.md#token-format, aws-reference.md#signature-and-jwks).
//
// It applies the token-level rules of aws-reference.md#token-format: length 4–20,000
// characters, RSA or ECDSA signatures only (RS*, PS*, ES*), integer
// timestamps. Expiry and audience are not judged here: the engine decides
// them as STS does, from the times and audiences reported in Token.
//
// Errors are *Error values with a Kind, and never contain the token text or
// any segment of it; use Fingerprint to refer to a token in messages.
package token

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token is a decoded web-identity token. It never holds the raw token text.
type Token struct {
	// Algorithm is the header alg (one of AcceptedAlgorithms).
	Algorithm string
	// KeyID is the header kid; "" when absent.
	KeyID string
	// Claims holds every payload claim as decoded JSON: objects are
	// map[string]any, arrays []any, and numbers json.Number (never
	// float64), so large integers keep their exact digits.
	Claims map[string]any
	// Issuer is the iss claim; "" when absent.
	Issuer string
	// Subject is the sub claim; "" when absent.
	Subject string
	// Audiences is the aud claim: a string gives one element, an array its
	// elements; nil when absent.
	Audiences []string
	// IssuedAt, ExpiresAt and NotBefore are iat, exp and nbf in UTC; nil
	// when absent. They are reported, never judged.
	IssuedAt, ExpiresAt, NotBefore *time.Time
	// SignatureVerified is true only when a JWKS was supplied and the
	// signature verified with one of its keys.
	SignatureVerified bool
	// VerifiedKeyID and VerifiedKeyThumbprint name the JWKS key the
	// signature verified with: its kid ("" when it has none) and its RFC
	// 7638 thumbprint. Both are "" when the signature was not verified.
	// They identify the key; they are not key material.
	VerifiedKeyID, VerifiedKeyThumbprint string
}

// NotVerifiedNoJWKS is what Verification says of a token decoded without a
// JWKS.
const NotVerifiedNoJWKS = "not verified: no JWKS given, so the signature was not checked"

// Verification says in one sentence whether the signature was verified and
// against which key (kid and RFC 7638 thumbprint, never the key itself),
// or why not. Every output that shows a decoded token states it.
func (t *Token) Verification() string {
	if !t.SignatureVerified {
		return NotVerifiedNoJWKS
	}
	kid := "no kid"
	if t.VerifiedKeyID != "" {
		kid = "kid " + quoteValue(t.VerifiedKeyID)
	}
	return fmt.Sprintf("verified: the %s signature verifies with the JWKS key %s, thumbprint %s", t.Algorithm, kid, t.VerifiedKeyThumbprint)
}

// Options controls Decode.
type Options struct {
	// JWKS is an optional JWKS document (JSON). When set, the signature
	// must verify with one of its keys.
	JWKS []byte
	// KeySet is an optional pre-parsed JWKS (see ParseJWKS), for callers
	// that verify many tokens against the same keys. Set JWKS or KeySet,
	// not both.
	KeySet *KeySet
}

// acceptedAlgorithms are the JWS algorithms STS accepts: RSA and ECDSA
// (aws-reference.md#token-format) plus RSA-PSS, which the product documentation also lists.
var acceptedAlgorithms = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}

// AcceptedAlgorithms returns the header alg values Decode accepts.
func AcceptedAlgorithms() []string {
	return append([]string(nil), acceptedAlgorithms...)
}

func isAccepted(alg string) bool {
	for _, a := range acceptedAlgorithms {
		if a == alg {
			return true
		}
	}
	return false
}

// Fingerprint returns a short, non-reversible identifier for a token, such
// as "sha256:3f0a9c1b2d4e", for use in messages instead of the token. It is
// the first 12 hex digits of the SHA-256 of raw.
func Fingerprint(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return "sha256:" + hex.EncodeToString(sum[:6])
}

// Decode decodes raw, a JWS compact serialization, and checks it as STS
// does before policy evaluation. Without a JWKS in opts the signature is
// not checked (SignatureVerified is false); with one, the key named by the
// header kid must be in it, fit the algorithm, and verify the signature.
// Time claims are reported but not judged, except that exp must be
// present (an OpenID Connect ID token always carries it). A header or
// payload that repeats a member name is malformed. Errors are *Error.
func Decode(raw string, opts Options) (*Token, error) {
	if err := checkLength(raw); err != nil {
		return nil, err
	}
	parts, err := splitSegments(raw)
	if err != nil {
		return nil, err
	}
	headerJSON, err := decodeSegment(0, parts[0])
	if err != nil {
		return nil, err
	}
	header, err := decodeJSONObject(0, headerJSON)
	if err != nil {
		return nil, err
	}
	alg, err := headerAlgorithm(header)
	if err != nil {
		return nil, err
	}
	kid, err := headerKeyID(header)
	if err != nil {
		return nil, err
	}
	payloadJSON, err := decodeSegment(1, parts[1])
	if err != nil {
		return nil, err
	}
	if _, err := decodeJSONObject(1, payloadJSON); err != nil {
		return nil, err
	}
	if _, err := decodeSegment(2, parts[2]); err != nil {
		return nil, err
	}
	keys, err := opts.keySet()
	if err != nil {
		return nil, err
	}

	claims, key, err := parseWithJWT(raw, alg, kid, keys)
	if err != nil {
		return nil, err
	}
	t := &Token{
		Algorithm:         alg,
		KeyID:             kid,
		Claims:            claims,
		SignatureVerified: keys != nil,
	}
	if key != nil {
		t.VerifiedKeyID, t.VerifiedKeyThumbprint = key.KeyID, key.Thumbprint()
	}
	if err := fillRegisteredClaims(t); err != nil {
		return nil, err
	}
	if t.ExpiresAt == nil {
		return nil, newError(KindBadTimestamp, "the payload has no exp claim; an OpenID Connect ID token must carry one (https://openid.net/specs/openid-connect-core-1_0.html#IDToken), so the token is refused. Pass the token exactly as the issuer minted it")
	}
	return t, nil
}

// keySet returns the keys to verify with, or nil for decode-only mode.
func (o Options) keySet() (*KeySet, error) {
	switch {
	case o.KeySet != nil && len(o.JWKS) > 0:
		return nil, newError(KindBadJWKS, "both Options.JWKS and Options.KeySet are set; set only one")
	case o.KeySet != nil:
		if len(o.KeySet.keys) == 0 {
			return nil, newError(KindBadJWKS, "Options.KeySet has no keys; build it with ParseJWKS")
		}
		return o.KeySet, nil
	case len(o.JWKS) > 0:
		return ParseJWKS(o.JWKS)
	}
	return nil, nil
}

// parseWithJWT runs the jwt/v5 parser over a token whose structure has
// already been checked: unverified without keys, verified with them. Claim
// validation is off: expiry is the engine's decision (aws-reference.md#expiry).
//
// With keys it tries the candidate keys one by one and returns the one that
// verified, so that callers can say which key it was.
func parseWithJWT(raw, alg, kid string, keys *KeySet) (map[string]any, *Key, error) {
	parser := jwt.NewParser(
		jwt.WithJSONNumber(),
		jwt.WithoutClaimsValidation(),
		jwt.WithValidMethods(acceptedAlgorithms),
	)
	if keys == nil {
		claims := jwt.MapClaims{}
		if _, _, err := parser.ParseUnverified(raw, claims); err != nil {
			return nil, nil, newError(KindMalformed, "the token could not be decoded as a JWT; pass the token exactly as issued")
		}
		return claims, nil, nil
	}
	candidates, which, err := keys.verificationKeys(alg, kid)
	if err != nil {
		return nil, nil, err
	}
	for i := range candidates {
		k := candidates[i]
		claims := jwt.MapClaims{}
		keyFunc := func(*jwt.Token) (any, error) { return k.Public, nil }
		_, err := parser.ParseWithClaims(raw, claims, keyFunc)
		if err == nil {
			return claims, &k, nil
		}
		if !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
			return nil, nil, newError(KindMalformed, "the token could not be decoded as a JWT; pass the token exactly as issued")
		}
	}
	return nil, nil, newError(KindBadSignature, fmt.Sprintf(
		"the %s signature does not verify with %s; the token was altered or signed by a different key", alg, which))
}

// headerAlgorithm returns the header alg when STS accepts it.
func headerAlgorithm(header map[string]any) (string, error) {
	accepted := strings.Join(acceptedAlgorithms, ", ")
	v, ok := header["alg"]
	if !ok {
		return "", newError(KindUnsupportedAlgorithm, "the header has no alg; STS accepts tokens signed with one of: "+accepted)
	}
	alg, ok := v.(string)
	if !ok {
		return "", newError(KindUnsupportedAlgorithm, fmt.Sprintf("the header alg is %s, not a string; STS accepts one of: %s", jsonTypeName(v), accepted))
	}
	if isAccepted(alg) {
		return alg, nil
	}
	var why string
	switch {
	case strings.EqualFold(alg, "none"):
		why = "an unsigned token; STS accepts only tokens signed with one of: " + accepted
	case strings.HasPrefix(strings.ToUpper(alg), "HS"):
		why = "an HMAC shared-secret algorithm; STS accepts only public-key signatures: " + accepted
	case isAccepted(strings.ToUpper(alg)):
		why = "not accepted: algorithm names are case-sensitive; STS accepts: " + accepted
	default:
		why = "not accepted by STS; it accepts: " + accepted
	}
	return "", newError(KindUnsupportedAlgorithm, fmt.Sprintf("the header alg %s is %s", quoteValue(alg), why))
}

// headerKeyID returns the header kid, "" when absent or empty.
func headerKeyID(header map[string]any) (string, error) {
	v, ok := header["kid"]
	if !ok {
		return "", nil
	}
	kid, ok := v.(string)
	if !ok {
		return "", newError(KindMalformed, fmt.Sprintf("the header kid is %s; it must be a string", jsonTypeName(v)))
	}
	return kid, nil
}
