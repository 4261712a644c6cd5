package explain

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
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

// distance is the Levenshtein distance over runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
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
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// describeDifference says in words how got differs from the nearest policy
// value, naming the subject part that differs for EKS and GitHub subjects.
func describeDifference(op condition.Operator, claim, got, want string, req *identity.Resolved) string {
	if want == "" {
		return ""
	}
	if strings.EqualFold(got, want) && got != want && op.Base == condition.StringEquals {
		return fmt.Sprintf("the values differ only in letter case; %s is case-sensitive", op.Base)
	}
	if claim == "sub" {
		switch req.Provider.Kind {
		case identity.KindEKS:
			return eksDifference(got, want)
		case identity.KindGitHub:
			return githubDifference(got, want)
		}
	}
	if strings.ContainsAny(want, "*?") && op.Base == condition.StringEquals {
		return fmt.Sprintf("%q contains a wildcard, but StringEquals compares it literally", want)
	}
	return fmt.Sprintf("the nearest policy value is %q", want)
}

// eksDifference compares system:serviceaccount:NAMESPACE:NAME subjects
// (spec §8.2, [S29]).
func eksDifference(got, want string) string {
	g, w := strings.Split(got, ":"), strings.Split(want, ":")
	if len(g) != 4 || len(w) != 4 || g[0] != "system" || g[1] != "serviceaccount" {
		return fmt.Sprintf("the nearest policy value is %q; EKS subjects have the form system:serviceaccount:NAMESPACE:NAME", want)
	}
	var parts []string
	if !condition.MatchGlob(w[2], g[2]) {
		parts = append(parts, fmt.Sprintf("the namespace differs (%q in the token, %q in the policy)", g[2], w[2]))
	}
	if !condition.MatchGlob(w[3], g[3]) {
		parts = append(parts, fmt.Sprintf("the service account differs (%q in the token, %q in the policy)", g[3], w[3]))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("the nearest policy value is %q", want)
	}
	return strings.Join(parts, " and ")
}

// githubDifference compares repo:OWNER/REPO:KIND:VALUE subjects (spec §8.1,
// [S27]).
func githubDifference(got, want string) string {
	g, w := splitGitHubSubject(got), splitGitHubSubject(want)
	if g == nil || w == nil {
		return fmt.Sprintf("the nearest policy value is %q", want)
	}
	var parts []string
	if !condition.MatchGlob(w[0], g[0]) {
		parts = append(parts, fmt.Sprintf("the repository differs (%q in the token, %q in the policy)", g[0], w[0]))
	}
	switch {
	case !condition.MatchGlob(w[1], g[1]):
		parts = append(parts, fmt.Sprintf("the token is for %s but the policy expects %s", describeGitHubContext(g[1]), describeGitHubContext(w[1])))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("the nearest policy value is %q", want)
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
