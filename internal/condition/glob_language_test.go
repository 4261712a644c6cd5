package condition

import "testing"

func TestMatchesSome(t *testing.T) {
	name := func(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' }
	noColon := func(r rune) bool { return r != ':' }
	sub := Language{{Literal: "repo:"}, {Class: name}, {Literal: "/"}, {Class: name}, {Literal: ":"}, {Class: noColon}}
	for _, tc := range []struct {
		pattern string
		want    bool
	}{
		{"repo:octo/app:main", true},
		{"repo:octo/app:ref:refs/heads/main", false},
		{"repo:octo/*", true},
		{"repo:octo/team-*/environment:devl", false}, // '/' where ':' belongs
		{"repo:octo/team-*:environment", true},
		{"repo:octo/team-*:environment:devl", false}, // the last part takes no ':'
		{"repo:octo/app", false},                     // the language needs ':' and more
		{"repo:Octo/app:x", false},                   // upper case is not in the class
		{"repo:o?to/app:x", true},                    // '?' takes a class character
		{"repo:octo/app:${*}", true},                 // a literal '*' is a character of the class
		{"*", true},
		{"repo:é/app:x", false},
		{"", false},
	} {
		if got := ParseGlob(tc.pattern).MatchesSome(sub); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.pattern, got, tc.want)
		}
	}
	if !ParseGlob("repo:octo/app").MatchesSome(sub, Language{{Literal: "repo:"}, {Class: name}, {Literal: "/"}, {Class: name}}) {
		t.Error("a second language is not tried")
	}
}
