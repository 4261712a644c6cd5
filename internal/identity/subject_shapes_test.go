package identity

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
)

func TestSubjectShapes(t *testing.T) {
	for _, tc := range []struct {
		kind    Kind
		pattern string
		want    bool
	}{
		{KindGitHub, "repo:octo-org/app:ref:refs/heads/main", true},
		{KindGitHub, "repo:octo-org/app.go:environment:prod", true},
		{KindGitHub, "repo:octo-org/app:pull_request", true},
		{KindGitHub, "repo:octo-org/app:ref:refs/tags/v*", true},
		{KindGitHub, "repo:octo-org/*", true},
		{KindGitHub, "repo:octo-org/team-*/environment:devl", false}, // '/' where GitHub puts ':'
		{KindGitHub, "repo:octo-org/app:refs/heads/main", false},     // "ref:" left out
		{KindGitHub, "repo:octo-org/app:environment:prod:x", false},  // ':' in a name is %3A
		{KindGitHub, "octo-org/app:ref:refs/heads/main", false},      // no "repo:"
		{KindGitHub, "repo:octo-org/${*}", false},                    // a literal '*' (StringEquals "*")
		{KindEKS, "system:serviceaccount:kube-system:aws-node", true},
		{KindEKS, "system:serviceaccount:payments:*", true},
		{KindEKS, "system:serviceaccount:kube-system:AWS-Node", false}, // upper case
		{KindEKS, "system:serviceaccount:kube-system", false},
		{KindEKS, "system:serviceaccount:kube-system:${*}", false},
	} {
		langs, note := SubjectShapes(tc.kind)
		if note == "" {
			t.Fatalf("%s: no note", tc.kind)
		}
		if got := condition.ParseGlob(tc.pattern).MatchesSome(langs...); got != tc.want {
			t.Errorf("%s %q: %v, want %v", tc.kind, tc.pattern, got, tc.want)
		}
	}
	if langs, _ := SubjectShapes(KindGitLab); langs != nil {
		t.Error("GitLab subjects have no shape here")
	}
}
