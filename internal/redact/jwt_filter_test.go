package redact

import (
	"math/rand"
	"strings"
	"testing"
)

// everyRun is JWTs without the pre-check: the regular expression over the
// whole text, the oracle of mayHoldToken.
func everyRun(text string) string { return dotted.ReplaceAllStringFunc(text, redactRun) }

// jwtPieces are the parts random texts are made of: header-long and short
// base64url runs, real headers (glued, padded, spaced), dots, padding and
// separators.
var jwtPieces = []string{
	b64(`{"alg":"RS256"}`), b64(`{"alg":0}`), b64(`{"ALG":1}`), b64(`{ "alg":"none"}`), b64("\n{\"alg\":\"x\",\"enc\":\"y\"}"),
	b64(`{"typ":"JWT"}`), "eyJhbGciOiJIUzI1NiJ9", "abcdefghijk", "abcdefghijkl", "x-", "=", "==", ".", ".", ".", " ", ":", "/", "a", "ey", "ew", "é",
}

// TestMayHoldTokenIsNecessary: whenever the regular expression path would
// change a text, the pre-check lets it through, on table cases and on
// 200,000 random texts built from token parts.
func TestMayHoldTokenIsNecessary(t *testing.T) {
	hdr := b64(`{"alg":0}`) // exactly minHeader characters
	if len(hdr) != minHeader {
		t.Fatalf("the shortest header is %d characters, minHeader is %d", len(hdr), minHeader)
	}
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{hdr + ".a.", true},
		{hdr + "..", true},
		{"x-" + hdr + ".a.b", true},
		{"a=" + hdr + ".a.b", true},
		{hdr + ".a", false},
		{hdr[:minHeader-1] + ".a.b", false},
		{hdr[:6] + "=" + hdr[6:] + ".a.b", false},
		{hdr + " .a.b", false},
		{"module.eks.aws_iam_role.this[0]", false},
		{"arn:aws:iam::123456789012:role/x", false},
	} {
		if got := mayHoldToken(tc.in); got != tc.want {
			t.Errorf("mayHoldToken(%q) = %v, want %v", tc.in, got, tc.want)
		}
		if !tc.want && everyRun(tc.in) != tc.in {
			t.Errorf("%q: the regular expression changes it, the pre-check refuses it", tc.in)
		}
	}
	rng := rand.New(rand.NewSource(7))
	changed := 0
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for n := rng.Intn(12); n >= 0; n-- {
			b.WriteString(jwtPieces[rng.Intn(len(jwtPieces))])
		}
		text := b.String()
		if everyRun(text) != text {
			changed++
			if !mayHoldToken(text) {
				t.Fatalf("%q holds a token the pre-check misses", text)
			}
		}
	}
	if changed < 1000 {
		t.Fatalf("only %d random texts held a token: the generator does not test the pre-check", changed)
	}
}

// FuzzJWTs: JWTs with the pre-check equals the regular expression over
// the whole text, on any text.
func FuzzJWTs(f *testing.F) {
	for _, s := range jwtPieces {
		f.Add(s + "." + s + "." + s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := JWTs(text), everyRun(text); got != want {
			t.Fatalf("JWTs(%q) = %q, the regular expression gives %q", text, got, want)
		}
	})
}
