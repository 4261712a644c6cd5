package standin

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
)

// FixedTime is the creation/modification time every stand-in reports, so
// that generated plans do not change from one run to the next.
const FixedTime = "2025-01-01T00:00:00Z"

func digest(parts []string) []byte {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return sum[:]
}

// HexID returns n lower-case hex digits derived from parts (n <= 64).
func HexID(n int, parts ...string) string {
	h := hex.EncodeToString(digest(parts))
	if n > len(h) {
		n = len(h)
	}
	return h[:n]
}

// UpperID returns prefix followed by n upper-case letters and digits
// derived from parts, the shape of IAM unique IDs ("AROA...").
func UpperID(prefix string, n int, parts ...string) string {
	s := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(digest(parts))
	if n > len(s) {
		n = len(s)
	}
	return prefix + s[:n]
}

// UUID returns a UUID-shaped lower-case identifier derived from parts.
func UUID(parts ...string) string {
	h := HexID(32, parts...)
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

// Number returns a number in [low, low+span) derived from parts.
func Number(low, span int64, parts ...string) int64 {
	if span <= 0 {
		return low
	}
	n := binary.BigEndian.Uint64(digest(parts)[:8])
	return low + int64(n%uint64(span))
}
