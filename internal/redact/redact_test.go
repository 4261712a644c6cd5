package redact

import (
	"encoding/base64"
	"strings"
	"testing"
)

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// TestJWTs: tokens are found by their header wherever they stand (glued
// to a word, padded, with alg "none" and no signature, a JWE's five
// segments, a header with spaces); dotted text that is not a token stays.
func TestJWTs(t *testing.T) {
	jws := b64(`{"alg":"RS256","kid":"k"}`) + "." + b64(`{"sub":"repo:o/r:ref:refs/heads/main"}`) + "." + b64("signature-bytes")
	none := b64(`{"alg":"none"}`) + "." + b64(`{"sub":"x"}`) + "."
	spaced := b64(`{ "alg" : "ES256" }`) + "." + b64(`{}`) + "." + b64("s")
	jwe := b64(`{"alg":"RSA-OAEP","enc":"A256GCM"}`) + ".a.b.c.d"
	for _, tc := range []struct{ name, in, want string }{
		{"token alone", jws, TokenPlaceholder},
		{"in a sentence", "the subject " + jws + " differs.", "the subject (token) differs."},
		{"quoted", `"` + jws + `"`, `"(token)"`},
		{"glued to a word", "x-" + jws, "x-(token)"},
		{"alg none, empty signature", none + " end", "(token) end"},
		{"padded header", b64(`{"alg":"HS256"}`) + "==." + b64(`{}`) + ".c2ln", "(token)"},
		{"header with spaces", spaced, "(token)"},
		{"JWE, five segments", jwe, "(token)"},
		{"two tokens", jws + " and " + none, "(token) and (token)"},
		{"versions and hosts stay", "terraform 1.11.4 at oidc.eks.us-east-1.amazonaws.com", "terraform 1.11.4 at oidc.eks.us-east-1.amazonaws.com"},
		{"JSON header without alg stays", b64(`{"typ":"JWT"}`) + ".a.b", b64(`{"typ":"JWT"}`) + ".a.b"},
	} {
		if got := JWTs(tc.in); got != tc.want {
			t.Errorf("%s: JWTs(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestMarksRedact: a marked value is removed in every derived form,
// whatever its length; a short one only where it stands as a value; an
// address that holds it is kept.
func TestMarksRedact(t *testing.T) {
	m := NewMarks(func(s string) string { return strings.ReplaceAll(s, ":", "%3A") })
	m.Add("prod:eu", `a"b\c`, "qa", "")
	for _, tc := range []struct{ in, want string }{
		{"environment:prod%3Aeu", "environment:(sensitive value)"},
		{`"prod:eu"`, `"(sensitive value)"`},
		{`value "a\"b\\c"`, `value "(sensitive value)"`},
		{`{"x":"a\"b\\c"}`, `{"x":"(sensitive value)"}`},
		{"PROD:EU and prod%3aeu", "(sensitive value) and (sensitive value)"},
		{"environment:qa, \"qa\", QA", "environment:(sensitive value), \"(sensitive value)\", (sensitive value)"},
		{"aqua qa_deploy qa1", "aqua qa_deploy qa1"},
		{"github_actions_environment_variable.qa names it", "github_actions_environment_variable.qa names it"},
	} {
		keep := func(text string, start, end int) bool {
			const addr = "github_actions_environment_variable.qa"
			i := strings.Index(text, addr)
			return i >= 0 && i <= start && end <= i+len(addr)
		}
		if got := m.Redact(tc.in, keep); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	rep := m.Replacer()
	if got := rep("x prod%3Aeu qa"); got != "x (sensitive value) qa" {
		t.Errorf("Replacer: %q (short values are left to the marks of each text)", got)
	}
	if m.Len() != 3 || strings.Join(m.Values(), ",") != `a"b\c,prod:eu,qa` {
		t.Errorf("values %q", m.Values())
	}
}

// TestWriterRedactsWholeOutput: a token split across writes is removed.
func TestWriterRedactsWholeOutput(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	tok := b64(`{"alg":"RS256"}`) + "." + b64(`{"sub":"x"}`) + ".c2ln"
	_, _ = w.Write([]byte("token " + tok[:10]))
	_, _ = w.Write([]byte(tok[10:] + "\n"))
	if b.Len() != 0 {
		t.Error("nothing may be written before Flush")
	}
	if err := w.Flush(); err != nil || b.String() != "token (token)\n" {
		t.Errorf("Flush: %v, %q", err, b.String())
	}
}
