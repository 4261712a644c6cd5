package names

import (
	"strings"
	"testing"
)

func TestFoldAndEqual(t *testing.T) {
	cases := []struct {
		a, b  string
		equal bool
	}{
		{"token.actions.githubusercontent.com:sub", "TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:SUB", true},
		{"sts:AssumeRoleWithWebIdentity", "STS:assumerolewithwebidentity", true},
		{"token.actions.githubusercontent.com:\u017fub", "token.actions.githubusercontent.com:sub", false}, // U+017F long s
		{"\u017fts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithWebIdentity", false},
		{"aws:RequestTag/\u212aey", "aws:RequestTag/key", false}, // U+212A Kelvin sign
		{"x:\u00dcn\u00efcode", "X:\u00dcN\u00efCODE", true},     // non-ASCII bytes kept as they are
		{"x:\u00fcnicode", "x:\u00dcnicode", false},              // ü and Ü differ: not ASCII
		{"", "", true},
		{"a", "ab", false},
		{"@[`{", "@[`{", true}, // the bytes around A-Z and a-z do not fold
		{"@", "`", false},
		{"[", "{", false},
	}
	for _, tc := range cases {
		if got := Equal(tc.a, tc.b); got != tc.equal {
			t.Errorf("Equal(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.equal)
		}
		if got := Fold(tc.a) == Fold(tc.b); got != tc.equal {
			t.Errorf("Fold(%q) == Fold(%q) is %v, want %v", tc.a, tc.b, got, tc.equal)
		}
	}
	if got := Fold("AWS:SourceIp\u212a"); got != "aws:sourceip\u212a" {
		t.Errorf("Fold = %q", got)
	}
	if !HasPrefix("AWS:x", "aws:") || HasPrefix("\u212aey", "k") || HasPrefix("a", "aws:") {
		t.Error("HasPrefix does not fold ASCII only")
	}
}

func TestResemblesAndLookalike(t *testing.T) {
	real := []string{"token.actions.githubusercontent.com:sub", "token.actions.githubusercontent.com:aud", "aws:RequestTag/key"}
	cases := []struct {
		key, resembles, lookalike string
	}{
		{"token.actions.githubusercontent.com:\u017fub", real[0], "token.actions.githubusercontent.com:sub"},
		{"TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:\u017fUB", real[0], "TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:sUB"},
		{"aws:RequestTag/\u212aey", real[2], "aws:RequestTag/key"},
		{"token.actions.githubusercontent.com:sub", "", ""},      // the key itself
		{"TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:SUB", "", ""},      // ASCII case: the same key, no look-alike
		{"token.actions.githubusercontent.com:\u0455ub", "", ""}, // Cyrillic dze: no case relation to s
		{"aws:RequestTag/\u00e9quipe", "", ""},                   // non-ASCII, folds to nothing ASCII
	}
	for _, tc := range cases {
		got, ok := Resembling(tc.key, real)
		if got != tc.resembles || ok != (tc.resembles != "") {
			t.Errorf("Resembling(%q) = %q, %v; want %q", tc.key, got, ok, tc.resembles)
		}
		like, ok := Lookalike(tc.key)
		if (tc.lookalike != "") != ok || (ok && like != tc.lookalike) {
			t.Errorf("Lookalike(%q) = %q, %v; want %q", tc.key, like, ok, tc.lookalike)
		}
		if ok && Equal(like, tc.key) {
			t.Errorf("Lookalike(%q) = %q is the same name", tc.key, like)
		}
	}
}

func TestNonASCIIFoldDiffers(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"refs/heads/main", "REFS/HEADS/MAIN", false},
		{"refs/heads/main", "ref\u017f/heads/main", true},
		{"keep", "\u212aeep", true},
		{"\u00e9", "\u00c9", true}, // é/É: Unicode folding equates them, ASCII does not
		{"\u00e9", "\u00e9", false},
		{"abc", "abd", false},
	}
	for _, tc := range cases {
		if got := NonASCIIFoldDiffers(tc.a, tc.b); got != tc.want {
			t.Errorf("NonASCIIFoldDiffers(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// FuzzEqual: Equal is Fold equality, implies strings.EqualFold, and agrees
// with it on ASCII input.
func FuzzEqual(f *testing.F) {
	f.Add("token.actions.githubusercontent.com:sub", "TOKEN.actions.githubusercontent.com:\u017fub")
	f.Add("\u212a", "k")
	f.Fuzz(func(t *testing.T, a, b string) {
		eq := Equal(a, b)
		if eq != (Fold(a) == Fold(b)) {
			t.Fatalf("Equal(%q, %q) = %v disagrees with Fold", a, b, eq)
		}
		if eq && !strings.EqualFold(a, b) {
			t.Fatalf("Equal(%q, %q) but not EqualFold", a, b)
		}
		if isASCII(a) && isASCII(b) && eq != strings.EqualFold(a, b) {
			t.Fatalf("ASCII %q, %q: Equal %v, EqualFold %v", a, b, eq, !eq)
		}
		if Resembles(a, b) && eq {
			t.Fatalf("Resembles and Equal both hold for %q, %q", a, b)
		}
	})
}
