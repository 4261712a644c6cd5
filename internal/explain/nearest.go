package explain

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// Nearest returns the candidate closest to got by edit distance (ties go to
// the first), or "" when there are none.
func Nearest(got string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		if d := distance(got, c); bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// maxDistanceRunes bounds the strings distance compares in full; longer
// inputs are compared on their first maxDistanceRunes runes plus the
// difference in length, so that a huge policy value cannot make an
// explanation quadratic.
const maxDistanceRunes = 1024

// distance is the optimal-string-alignment edit distance over runes: the
// Levenshtein distance where swapping two adjacent characters (a common
// typo) counts as one edit.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	extra := 0
	if len(ra) > maxDistanceRunes || len(rb) > maxDistanceRunes {
		extra = abs(len(ra) - len(rb))
		ra, rb = ra[:min(len(ra), maxDistanceRunes)], rb[:min(len(rb), maxDistanceRunes)]
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)] + extra
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// almostEqual reports whether want is a near miss of got: at most a third
// of the longer string differs (and at least one character may).
func almostEqual(got, want string) bool {
	n := max(len([]rune(got)), len([]rune(want)))
	return distance(got, want) <= max(1, n/3)
}

// describeDifference says in words how got differs from the nearest policy
// value, naming the subject part that differs for EKS and GitHub subjects.
func describeDifference(op condition.Operator, claim, got, want string, req *identity.Resolved) string {
	switch {
	case want == "":
		return "the condition lists no values, so nothing matches"
	case isWildcardMiss(op, want, got):
		return fmt.Sprintf("%q contains a wildcard, but %s compares it literally; only StringLike treats * and ? as wildcards", want, op.Base)
	case names.Equal(got, want) && got != want && op.Base == condition.StringEquals:
		return fmt.Sprintf("the values differ only in letter case, and %s is case-sensitive", op.Base)
	}
	if claim == "sub" {
		switch req.Provider.Kind {
		case identity.KindEKS:
			if d := eksDifference(got, want); d != "" {
				return d
			}
		case identity.KindGitHub:
			if d := githubDifference(got, want); d != "" {
				return d
			}
		}
	}
	switch {
	case op.Base.Family() == condition.FamilyIP:
		return fmt.Sprintf("the request's address %q is in none of the policy's ranges", got)
	case op.Base == condition.StringLike && strings.Contains(want, "?"):
		return fmt.Sprintf("the request's value %q matches none of the patterns; in StringLike, ? stands for exactly one character and * for any run of characters", got)
	case op.Base == condition.StringLike || op.Base == condition.ArnLike:
		return fmt.Sprintf("the request's value %q matches none of the patterns", got)
	case almostEqual(got, want):
		return fmt.Sprintf("the request's value %q almost matches the policy value %q (%s differ)", got, want, plural(distance(got, want), "character", "characters"))
	}
	return fmt.Sprintf("the request's value %q matches none of the policy values", got)
}

// eksDifference compares system:serviceaccount:NAMESPACE:NAME subjects
// (aws-reference.md#eks-service-account-subjects); "" when either is not one.
func eksDifference(got, want string) string {
	g, w := strings.Split(got, ":"), strings.Split(want, ":")
	if len(g) != 4 || g[0] != "system" || g[1] != "serviceaccount" {
		return ""
	}
	if len(w) != 4 || w[0] != "system" || w[1] != "serviceaccount" {
		return fmt.Sprintf("the policy value %q is not an EKS service-account subject; EKS subjects have the form system:serviceaccount:NAMESPACE:NAME", want)
	}
	var parts []string
	if !condition.MatchGlob(w[2], g[2]) {
		parts = append(parts, fmt.Sprintf("the namespace differs (%q in the token, %q in the policy)", g[2], w[2]))
	}
	if !condition.MatchGlob(w[3], g[3]) {
		parts = append(parts, fmt.Sprintf("the service account differs (%q in the token, %q in the policy)", g[3], w[3]))
	}
	return strings.Join(parts, " and ")
}

// githubIDs matches the immutable subject form OWNER@ID/REPO@ID (aws-reference.md#github-actions-subjects).
var githubIDs = regexp.MustCompile(`@[0-9]+`)

// githubDifference compares repo:OWNER/REPO:CONTEXT subjects (aws-reference.md#github-actions-subjects);
// "" when either is not one or no part differs.
func githubDifference(got, want string) string {
	g, w := splitGitHubSubject(got), splitGitHubSubject(want)
	if g == nil || w == nil {
		return ""
	}
	var parts []string
	if !condition.MatchGlob(w[0], g[0]) {
		d := fmt.Sprintf("the repository differs (%q in the token, %q in the policy)", g[0], w[0])
		if githubIDs.ReplaceAllString(g[0], "") == w[0] {
			d = fmt.Sprintf("the token uses GitHub's immutable subject form with owner and repository IDs (%q), but the policy names the repository without them (%q)", g[0], w[0])
		}
		parts = append(parts, d)
	}
	if !condition.MatchGlob(w[1], g[1]) {
		d := fmt.Sprintf("the token is for %s but the policy expects %s", describeGitHubContext(g[1]), describeGitHubContext(w[1]))
		switch {
		case strings.ReplaceAll(g[1], "%3A", ":") == w[1]:
			d = fmt.Sprintf("GitHub writes a ':' inside a value as %%3A, so the token carries %q where the policy has %q", g[1], w[1])
		case strings.HasPrefix(g[1], "environment:") && strings.HasPrefix(w[1], "ref:"):
			d += "; GitHub puts the environment in sub instead of the branch whenever the job references an environment"
		case g[1] == "pull_request" && strings.HasPrefix(w[1], "ref:"):
			d += "; workflows triggered by pull_request get this subject instead of the branch"
		}
		parts = append(parts, d)
	}
	return strings.Join(parts, " and ")
}

// splitGitHubSubject returns [repository, context] for repo:O/R:context.
func splitGitHubSubject(s string) []string {
	rest, ok := strings.CutPrefix(s, "repo:")
	if !ok {
		return nil
	}
	i := strings.IndexByte(rest, ':')
	if i < 0 {
		return []string{rest, ""}
	}
	return []string{rest[:i], rest[i+1:]}
}

func describeGitHubContext(c string) string {
	switch {
	case c == "pull_request":
		return "a pull request"
	case strings.HasPrefix(c, "environment:"):
		return fmt.Sprintf("environment %q", strings.TrimPrefix(c, "environment:"))
	case strings.HasPrefix(c, "ref:refs/heads/"):
		return fmt.Sprintf("branch %q", strings.TrimPrefix(c, "ref:refs/heads/"))
	case strings.HasPrefix(c, "ref:refs/tags/"):
		return fmt.Sprintf("tag %q", strings.TrimPrefix(c, "ref:refs/tags/"))
	case c == "*":
		return "anything"
	}
	return fmt.Sprintf("%q", c)
}

// Suggest returns the candidate nearest to got when it is a near miss (at
// most about a third of it differs), or "" when none is close: the "did
// you mean" of error messages.
func Suggest(got string, candidates []string) string {
	if n := Nearest(got, candidates); n != "" && almostEqual(got, n) {
		return n
	}
	return ""
}
