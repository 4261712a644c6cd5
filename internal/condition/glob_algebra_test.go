package condition

import "testing"

func TestGlobAlgebra(t *testing.T) {
	tests := []struct {
		outer, inner      string
		contains, overlap bool
	}{
		{"repo:org/*", "repo:org/app:ref:refs/heads/main", true, true},
		{"repo:org/app:ref:refs/heads/main", "repo:org/*", false, true},
		{"repo:org/*", "repo:org/app:*", true, true},
		{"repo:org/app:*", "repo:org/*", false, true},
		{"repo:org/app:*", "repo:other/*", false, false},
		{"repo:org/a?p:*", "repo:org/app:x", true, true},
		{"*", "anything", true, true},
		{"a*b*c", "a*c", false, true},
		{"system:serviceaccount:ns:*", "system:serviceaccount:ns:app", true, true},
		{"repo:o/r:environment:prod:job_workflow_ref:*", "repo:o/r:environment:prod", false, false},
		// ${*} is a literal '*': it is covered by a wildcard, never covers one.
		{"repo:o/${*}", "repo:o/*", false, true},
		{"repo:o/*", "repo:o/${*}", true, true},
		{"repo:o/${*}", "repo:o/${*}", true, true},
		{"repo:o/${*}", "repo:o/x", false, false},
		{"a${?}b", "a?b", false, true},
		{"cost${$}", "cost$", true, true},
	}
	for _, tc := range tests {
		outer, inner := ParseGlob(tc.outer), ParseGlob(tc.inner)
		if got := outer.Contains(inner); got != tc.contains {
			t.Errorf("ParseGlob(%q).Contains(%q) = %v", tc.outer, tc.inner, got)
		}
		if got := outer.Overlaps(inner); got != tc.overlap {
			t.Errorf("ParseGlob(%q).Overlaps(%q) = %v", tc.outer, tc.inner, got)
		}
	}
}

func TestEscapeGlob(t *testing.T) {
	for _, s := range []string{"repo:o/*", "a?b", "${aws:username}", "plain", "$*?"} {
		p := ParseGlob(EscapeGlob(s))
		if p.HasWildcard() || p.Literal() != s || !p.Match(s) {
			t.Errorf("EscapeGlob(%q) = %q: does not round-trip as a literal", s, EscapeGlob(s))
		}
	}
	if ParseGlob(EscapeGlob("repo:o/*")).Match("repo:o/app") {
		t.Error("an escaped '*' matched another character")
	}
}
