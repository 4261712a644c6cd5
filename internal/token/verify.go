package token

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"fmt"
	"strings"
)

// fit reports whether key k can verify a token signed with alg; when it
// cannot, reason says why in words.
func fit(alg string, k Key) (ok bool, reason string) {
	if k.Public == nil {
		return false, fmt.Sprintf("is a key of type %s, which STS cannot use (only RSA and EC P-256/P-384/P-521)", quoteValue(k.kind()))
	}
	if k.Use != "" && k.Use != "sig" {
		return false, fmt.Sprintf("is marked use=%s, not for signatures", quoteValue(k.Use))
	}
	if k.Algorithm != "" && k.Algorithm != alg {
		return false, fmt.Sprintf("declares alg %s, but the token uses %s", quoteValue(k.Algorithm), alg)
	}
	switch alg[:2] {
	case "RS", "PS":
		if _, isRSA := k.Public.(*rsa.PublicKey); !isRSA {
			return false, fmt.Sprintf("is an %s key; %s needs an RSA key", k.kind(), alg)
		}
	case "ES":
		want := map[string]string{"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}[alg]
		if _, isEC := k.Public.(*ecdsa.PublicKey); !isEC {
			return false, fmt.Sprintf("is an %s key; %s needs an EC %s key", k.kind(), alg, want)
		}
		if k.Curve != want {
			return false, fmt.Sprintf("is on curve %s; %s needs %s", k.Curve, alg, want)
		}
	}
	return true, ""
}

// verificationKeys picks the keys that may have signed a token with the
// given alg and kid (kid "" means the header has none). It also returns a
// description of the choice for a signature error message.
func (s *KeySet) verificationKeys(alg, kid string) ([]Key, string, error) {
	if kid == "" {
		return s.keysWithoutKid(alg)
	}
	var keys []Key
	var reasons []string
	found := false
	for _, k := range s.keys {
		if k.KeyID != kid {
			continue
		}
		found = true
		if ok, reason := fit(alg, k); ok {
			keys = append(keys, k)
		} else {
			reasons = append(reasons, reason)
		}
	}
	label := "kid=" + quoteValue(kid)
	switch {
	case !found:
		return nil, "", newError(KindUnknownKey, fmt.Sprintf(
			"header kid %s is not in the JWKS; it lists: %s. Supply the issuer's current JWKS, or the token was signed by another issuer",
			quoteValue(kid), strings.Join(s.KeyIDs(), ", ")))
	case len(keys) == 0:
		return nil, "", newError(KindUnknownKey, fmt.Sprintf(
			"the JWKS key %s cannot verify this %s token: it %s", label, alg, strings.Join(reasons, "; ")))
	case len(keys) == 1:
		return keys, "key " + label + " from the JWKS", nil
	}
	return keys, fmt.Sprintf("any of the %d keys %s from the JWKS", len(keys), label), nil
}

// keysWithoutKid handles a token without kid: it is verified only when
// exactly one key in the set fits alg.
func (s *KeySet) keysWithoutKid(alg string) ([]Key, string, error) {
	var fitting []Key
	for _, k := range s.keys {
		if ok, _ := fit(alg, k); ok {
			fitting = append(fitting, k)
		}
	}
	switch len(fitting) {
	case 0:
		return nil, "", newError(KindUnknownKey, fmt.Sprintf(
			"the header has no kid and no key in the JWKS can verify %s; it lists: %s", alg, strings.Join(s.KeyIDs(), ", ")))
	case 1:
		return fitting[:1], "the only " + alg + "-capable key " + fitting[0].label() + " from the JWKS", nil
	}
	labels := make([]string, len(fitting))
	for i, k := range fitting {
		labels[i] = k.label()
	}
	return nil, "", newError(KindUnknownKey, fmt.Sprintf(
		"the header has no kid and %d keys in the JWKS can verify %s (%s); without a kid the key is ambiguous: the issuer must set kid, or supply a JWKS with only the signing key",
		len(fitting), alg, strings.Join(labels, ", ")))
}
