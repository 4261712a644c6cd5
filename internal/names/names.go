// Package names is the one normalisation of IAM names: condition key names,
// action names and the case-insensitive string operators compare by ASCII
// case folding only.
//
// AWS documents that condition key names and action names are not
// case-sensitive ("iam:ListAccessKeys is the same as IAM:listaccesskeys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html;
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
// It documents nothing about Unicode. stsguard folds the 26 ASCII letters
// and nothing else: a name that equals another only through Unicode case
// folding (U+017F LATIN SMALL LETTER LONG S folds to "s", U+212A KELVIN
// SIGN to "k", as strings.EqualFold and strings.ToLower do) is a different
// name. Such a key never names a request key, so it is absent from every
// request; Resembles reports it so that the linter and explain can flag the
// policy.
//
// Every comparison of a key name, an action or a value under a *IgnoreCase
// operator in the engine (identity, condition, evaluate, admits, explain)
// goes through this package. Files: names.go (folding and look-alikes).
package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold returns s with the ASCII letters A-Z lower-cased and every other
// byte unchanged: the canonical form of a key or action name. It returns s
// itself (no allocation) when s has no upper-case ASCII letter.
func Fold(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Equal reports whether a and b are the same name ignoring ASCII case.
func Equal(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	if a == b {
		return true // the common spelling, compared at memory speed
	}
	for i := 0; i < len(a); i++ {
		if ca, cb := a[i], b[i]; ca != cb && lower(ca) != lower(cb) {
			return false
		}
	}
	return true
}

// HasPrefix reports whether s begins with prefix ignoring ASCII case.
func HasPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && Equal(s[:len(prefix)], prefix)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Resembles reports whether got equals want only through non-ASCII case
// folding: strings.EqualFold holds but Equal does not, as for
// "token.actions.githubusercontent.com:\u017fub" and
// "token.actions.githubusercontent.com:sub". Such a name is no match; the
// caller reports it as a look-alike of want.
func Resembles(got, want string) bool {
	return !Equal(got, want) && strings.EqualFold(got, want)
}

// Resembling returns the first of known that got resembles (see
// Resembles), and false when there is none. For the linter's STSG106 and
// explain: "key X resembles Y only through non-ASCII folding".
func Resembling(got string, known []string) (string, bool) {
	if isASCII(got) {
		return "", false // only a non-ASCII rune can fold onto ASCII
	}
	for _, k := range known {
		if Resembles(got, k) {
			return k, true
		}
	}
	return "", false
}

// Lookalike returns s with every non-ASCII rune whose Unicode simple case
// folding reaches an ASCII letter replaced by that letter in lower case,
// and ok true when there was such a rune: the name s looks like without
// being it ("\u017fub" gives "sub"). A policy key for which ok is true never
// names a request key.
func Lookalike(s string) (ascii string, ok bool) {
	if isASCII(s) {
		return s, false
	}
	var b strings.Builder
	for _, r := range s {
		if r >= utf8.RuneSelf {
			if a, hit := asciiFold(r); hit {
				b.WriteByte(a)
				ok = true
				continue
			}
		}
		b.WriteRune(r)
	}
	if !ok {
		return s, false
	}
	return b.String(), true
}

// asciiFold returns the lower-case ASCII letter in r's simple folding
// orbit, if any.
func asciiFold(r rune) (byte, bool) {
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < utf8.RuneSelf {
			return lower(byte(f)), true
		}
	}
	return 0, false
}

// NonASCIIFoldDiffers reports whether comparing a and b ignoring case gives
// a different answer under Unicode simple folding (strings.EqualFold) than
// under ASCII folding (Equal). A decision that depends on such a comparison
// records AssumeIgnoreCaseASCII.
func NonASCIIFoldDiffers(a, b string) bool {
	if isASCII(a) && isASCII(b) {
		return false
	}
	return Equal(a, b) != strings.EqualFold(a, b)
}

// AssumeIgnoreCaseASCII is the assumption recorded when a value comparison
// under StringEqualsIgnoreCase or StringNotEqualsIgnoreCase would come out
// differently under Unicode case folding. AWS documents no Unicode rule.
const AssumeIgnoreCaseASCII = "ignore-case-ascii-only: StringEqualsIgnoreCase and StringNotEqualsIgnoreCase are taken to fold ASCII letters only (A-Z equals a-z); a value equal to the policy value only through Unicode case folding (such as U+017F for s or U+212A for K) is taken to differ (docs/guides/aws-reference.md#ignore-case-ascii-only)"

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
