package token

import "errors"

// Kind classifies a decoding or verification failure so that callers can map
// it to the error STS would return (aws-reference.md#decision-order, aws-reference.md#token-checks).
type Kind string

// Kinds of failure. All but KindBadLength correspond to STS
// InvalidIdentityToken; KindBadLength corresponds to the ValidationError STS
// returns when WebIdentityToken is outside 4–20,000 characters (aws-reference.md#token-format).
const (
	// KindBadLength: the token is empty, shorter than 4 or longer than
	// 20,000 characters.
	KindBadLength Kind = "bad-length"
	// KindMalformed: the token is not a well-formed JWS compact
	// serialization (segments, base64url, JSON, claim types).
	KindMalformed Kind = "malformed"
	// KindUnsupportedAlgorithm: the header alg is missing or is not one STS
	// accepts (for example none or HS256).
	KindUnsupportedAlgorithm Kind = "unsupported-algorithm"
	// KindUnknownKey: the JWKS has no usable key for the token (kid not
	// listed, key type or curve does not fit alg, key not for signing, or
	// no kid and no single fitting key).
	KindUnknownKey Kind = "unknown-key"
	// KindBadSignature: a fitting key was found but the signature does not
	// verify with it.
	KindBadSignature Kind = "bad-signature"
	// KindBadTimestamp: exp, iat or nbf is not an integer number of seconds.
	KindBadTimestamp Kind = "bad-timestamp"
	// KindBadJWKS: the supplied JWKS document cannot be used.
	KindBadJWKS Kind = "bad-jwks"
)

// Error is the error type returned by this package. Its message never
// contains the raw token nor any of its segments.
type Error struct {
	// Kind classifies the failure.
	Kind Kind
	// Message says what is wrong and what to do, without the token text.
	Message string
}

// Error returns the message prefixed with "web identity token: " (or
// "JWKS: " for KindBadJWKS).
func (e *Error) Error() string {
	if e.Kind == KindBadJWKS {
		return "JWKS: " + e.Message
	}
	return "web identity token: " + e.Message
}

// Is reports whether target is an *Error of the same Kind, so that
// errors.Is(err, token.ErrMalformed) and the other sentinels work.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Kind == e.Kind
}

// Sentinel errors, one per Kind, for use with errors.Is.
var (
	ErrBadLength            = &Error{Kind: KindBadLength, Message: "bad length"}
	ErrMalformed            = &Error{Kind: KindMalformed, Message: "malformed"}
	ErrUnsupportedAlgorithm = &Error{Kind: KindUnsupportedAlgorithm, Message: "unsupported algorithm"}
	ErrUnknownKey           = &Error{Kind: KindUnknownKey, Message: "unknown key"}
	ErrBadSignature         = &Error{Kind: KindBadSignature, Message: "bad signature"}
	ErrBadTimestamp         = &Error{Kind: KindBadTimestamp, Message: "bad timestamp"}
	ErrBadJWKS              = &Error{Kind: KindBadJWKS, Message: "bad JWKS"}
)

// KindOf returns the Kind of err when it is (or wraps) an *Error, and ""
// otherwise.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

func newError(kind Kind, message string) *Error {
	return &Error{Kind: kind, Message: message}
}
