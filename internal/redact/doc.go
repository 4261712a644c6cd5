// Package redact keeps secrets out of everything stsguard prints. It knows
// no IAM and no plan: callers say which values are sensitive, and redact
// removes them in every form the project writes a value in.
//
// Files: jwt.go (JSON Web Tokens, found by shape and by their header,
// wherever they appear), forms.go (the derived forms of a value: quoted,
// JSON-escaped, URL-encoded, ASCII-folded, and forms the caller adds),
// marks.go (a set of sensitive values and the text redaction that replaces
// them whatever their length), writer.go (a buffering writer that removes
// tokens from a command's whole output), shorten.go (the print bounds:
// a value too long to print keeps its ends and its length).
package redact

// Placeholder replaces a sensitive value.
const Placeholder = "(sensitive value)"

// TokenPlaceholder replaces a JSON Web Token.
const TokenPlaceholder = "(token)"
