package token

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/strictjson"
)

// RSA modulus sizes accepted in a JWKS. Go refuses to verify with keys under
// 1,024 bits, so such keys are reported when the JWKS is parsed rather than
// as a confusing signature failure.
const (
	minRSABits = 1024
	maxRSABits = 16384
)

// Key is one public key from a JWKS.
type Key struct {
	// KeyID is the JWK kid; "" when the key has none.
	KeyID string
	// Type is the JWK kty as written ("RSA", "EC", or an unsupported type).
	Type string
	// Curve is the JWK crv for EC keys ("P-256", "P-384", "P-521").
	Curve string
	// Algorithm is the JWK alg; "" when absent.
	Algorithm string
	// Use is the JWK use ("sig", "enc"); "" when absent.
	Use string
	// Public is the key: *rsa.PublicKey or *ecdsa.PublicKey. It is nil for
	// key types and curves STS cannot use (for example OKP or secp256k1);
	// such keys are kept so that lookups can explain why they do not fit.
	Public crypto.PublicKey
}

// kind describes the key type, for example "RSA" or "EC P-256".
func (k Key) kind() string {
	if k.Curve != "" {
		return k.Type + " " + k.Curve
	}
	return k.Type
}

// label describes the key for messages, for example `kid="abc" (RSA)`.
func (k Key) label() string {
	if k.KeyID == "" {
		return "(no kid) (" + k.kind() + ")"
	}
	return "kid=" + quoteValue(k.KeyID) + " (" + k.kind() + ")"
}

// KeySet is a parsed JWKS. Create it with ParseJWKS.
type KeySet struct {
	keys []Key
}

// Keys returns the keys in document order, including unusable ones (whose
// Public is nil).
func (s *KeySet) Keys() []Key {
	return append([]Key(nil), s.keys...)
}

// KeyIDs lists the kids in document order, "(no kid)" for keys without one.
func (s *KeySet) KeyIDs() []string {
	out := make([]string, 0, len(s.keys))
	for _, k := range s.keys {
		if k.KeyID == "" {
			out = append(out, "(no kid)")
		} else {
			out = append(out, quoteValue(k.KeyID))
		}
	}
	return out
}

// rawJWK holds the JWK members this package reads (RFC 7517, RFC 7518 §6).
type rawJWK struct {
	Kty any `json:"kty"`
	Kid any `json:"kid"`
	Alg any `json:"alg"`
	Use any `json:"use"`
	Crv any `json:"crv"`
	N   any `json:"n"`
	E   any `json:"e"`
	X   any `json:"x"`
	Y   any `json:"y"`
}

// ParseJWKS parses a JWKS document ({"keys": [...]}) holding RSA keys and
// EC keys on P-256, P-384 or P-521. Keys of other types or curves are kept
// but unusable (Key.Public is nil). It is an error when the document is not
// a JWKS, when an RSA or EC key has invalid material, or when no key is
// usable.
func ParseJWKS(data []byte) (*KeySet, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	var probe any
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, newError(KindBadJWKS, "the document is not valid JSON; pass the JSON served at the issuer's jwks_uri")
	}
	obj, ok := probe.(map[string]any)
	if !ok {
		return nil, newError(KindBadJWKS, fmt.Sprintf("the document is %s; a JWKS is an object with a \"keys\" array", jsonTypeName(probe)))
	}
	if _, ok := obj["keys"].([]any); !ok {
		return nil, newError(KindBadJWKS, "the document has no \"keys\" array; a JWKS looks like {\"keys\": [{\"kty\": \"RSA\", ...}]}")
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, newError(KindBadJWKS, "the \"keys\" array cannot be read; each key must be a JSON object")
	}
	if len(doc.Keys) == 0 {
		return nil, newError(KindBadJWKS, "the \"keys\" array is empty; add the issuer's signing keys")
	}
	set := &KeySet{}
	usable := 0
	for i, rawKey := range doc.Keys {
		key, err := parseJWK(i, rawKey)
		if err != nil {
			return nil, err
		}
		if key.Public != nil {
			usable++
		}
		set.keys = append(set.keys, key)
	}
	if usable == 0 {
		return nil, newError(KindBadJWKS, fmt.Sprintf(
			"none of its %d keys is an RSA key or an EC key on P-256, P-384 or P-521; STS verifies only RS*, PS* and ES* signatures", len(doc.Keys)))
	}
	return set, nil
}

// parseJWK parses keys[index].
func parseJWK(index int, data json.RawMessage) (Key, error) {
	var raw rawJWK
	place := fmt.Sprintf("keys[%d]", index)
	if err := json.Unmarshal(data, &raw); err != nil {
		return Key{}, newError(KindBadJWKS, place+" is not a JSON object; each key must be an object with at least \"kty\"")
	}
	var ne *strictjson.NameError
	if err := strictjson.CheckNames(data, &raw); errors.As(err, &ne) {
		return Key{}, newError(KindBadJWKS, fmt.Sprintf("%s has the member %q, a case variant of %q; JWK member names are case-sensitive (RFC 7517 §4), and readers disagree on a variant, so the JWKS is refused", place, ne.Got, ne.Want))
	}
	var key Key
	var err error
	if key.KeyID, err = jwkString(place, "kid", raw.Kid, false); err != nil {
		return Key{}, err
	}
	if key.KeyID != "" {
		place += " (kid=" + quoteValue(key.KeyID) + ")"
	}
	if key.Type, err = jwkString(place, "kty", raw.Kty, true); err != nil {
		return Key{}, err
	}
	if key.Algorithm, err = jwkString(place, "alg", raw.Alg, false); err != nil {
		return Key{}, err
	}
	if key.Use, err = jwkString(place, "use", raw.Use, false); err != nil {
		return Key{}, err
	}
	switch key.Type {
	case "RSA":
		key.Public, err = parseRSA(place, raw)
	case "EC":
		if key.Curve, err = jwkString(place, "crv", raw.Crv, true); err != nil {
			return Key{}, err
		}
		key.Public, err = parseEC(place, key.Curve, raw)
	}
	if err != nil {
		return Key{}, err
	}
	return key, nil
}

// jwkString reads a string member of a JWK.
func jwkString(place, member string, v any, required bool) (string, error) {
	if v == nil {
		if required {
			return "", newError(KindBadJWKS, fmt.Sprintf("%s has no %q member; add it", place, member))
		}
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", newError(KindBadJWKS, fmt.Sprintf("%s member %q is %s; it must be a string", place, member, jsonTypeName(v)))
	}
	return s, nil
}

// jwkBytes reads a required base64url member of a JWK. Trailing padding is
// tolerated because some issuers publish padded values.
func jwkBytes(place, member string, v any) ([]byte, error) {
	s, err := jwkString(place, member, v, true)
	if err != nil {
		return nil, err
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil || len(b) == 0 {
		return nil, newError(KindBadJWKS, fmt.Sprintf("%s member %q is not non-empty base64url; copy the key exactly from the issuer's JWKS", place, member))
	}
	return b, nil
}

// parseRSA builds an RSA public key from n and e.
func parseRSA(place string, raw rawJWK) (crypto.PublicKey, error) {
	nBytes, err := jwkBytes(place, "n", raw.N)
	if err != nil {
		return nil, err
	}
	eBytes, err := jwkBytes(place, "e", raw.E)
	if err != nil {
		return nil, err
	}
	n := new(big.Int).SetBytes(nBytes)
	if bits := n.BitLen(); bits < minRSABits || bits > maxRSABits {
		return nil, newError(KindBadJWKS, fmt.Sprintf("%s RSA modulus is %d bits; keys of %d to %d bits are supported", place, bits, minRSABits, maxRSABits))
	}
	e := new(big.Int).SetBytes(eBytes)
	if e.BitLen() > 31 || e.Int64() < 3 || e.Bit(0) == 0 {
		return nil, newError(KindBadJWKS, place+" RSA exponent e is not an odd number between 3 and 2^31-1 (usually it is \"AQAB\", 65537)")
	}
	return &rsa.PublicKey{N: n, E: int(e.Int64())}, nil
}

// ecCurves maps JWK crv names to curves and coordinate sizes in bytes.
var ecCurves = map[string]struct {
	curve elliptic.Curve
	size  int
}{
	"P-256": {elliptic.P256(), 32},
	"P-384": {elliptic.P384(), 48},
	"P-521": {elliptic.P521(), 66},
}

// parseEC builds an ECDSA public key from crv, x and y. Unsupported curves
// give a nil key (an untyped nil, so Key.Public == nil) and no error.
func parseEC(place, crv string, raw rawJWK) (crypto.PublicKey, error) {
	c, ok := ecCurves[crv]
	if !ok {
		return nil, nil
	}
	x, err := jwkBytes(place, "x", raw.X)
	if err != nil {
		return nil, err
	}
	y, err := jwkBytes(place, "y", raw.Y)
	if err != nil {
		return nil, err
	}
	if len(x) > c.size || len(y) > c.size {
		return nil, newError(KindBadJWKS, fmt.Sprintf("%s coordinates are longer than %d bytes, too long for %s", place, c.size, crv))
	}
	point := make([]byte, 1+2*c.size)
	point[0] = 4 // uncompressed point
	copy(point[1+c.size-len(x):1+c.size], x)
	copy(point[1+2*c.size-len(y):], y)
	pub, err := ecdsa.ParseUncompressedPublicKey(c.curve, point)
	if err != nil {
		return nil, newError(KindBadJWKS, fmt.Sprintf("%s x and y are not a point on %s; copy the key exactly from the issuer's JWKS", place, crv))
	}
	return pub, nil
}

// Thumbprint returns the key's RFC 7638 JWK thumbprint (SHA-256,
// base64url), prefixed "sha256:", or "" for a key STS cannot use. It
// identifies the key in messages without quoting it.
func (k Key) Thumbprint() string {
	var canonical string
	switch pub := k.Public.(type) {
	case *rsa.PublicKey:
		e := big.NewInt(int64(pub.E)).Bytes()
		canonical = fmt.Sprintf(`{"e":"%s","kty":"RSA","n":"%s"}`, b64url(e), b64url(pub.N.Bytes()))
	case *ecdsa.PublicKey:
		point, err := pub.Bytes() // uncompressed: 0x04 || x || y, fixed width
		if err != nil || len(point) < 3 || point[0] != 4 {
			return ""
		}
		size := (len(point) - 1) / 2
		canonical = fmt.Sprintf(`{"crv":"%s","kty":"EC","x":"%s","y":"%s"}`, k.Curve, b64url(point[1:1+size]), b64url(point[1+size:]))
	default:
		return ""
	}
	sum := sha256.Sum256([]byte(canonical))
	return "sha256:" + b64url(sum[:])
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
