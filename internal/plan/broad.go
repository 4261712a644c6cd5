package plan

// STSG201 (over-broad trust), first cut: only the obvious shape is
// detected here, a trust that changed in this plan and now admits a
// strictly broader subject pattern than before (repo:org/app:ref:... ->
// repo:org/*), decided by simple glob containment. The full analysis
// (admitted identities beyond every declared or inferred caller) is a
// separate issue; this file is meant to be replaced by it.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// subjectPatterns collects, per condition key ending in :sub (lower case),
// the patterns the Allow statements of a trust admit. A statement that
// trusts a provider without any condition on its :sub admits every
// subject: that is recorded as the pattern "*".
func subjectPatterns(doc *policy.Document) map[string][]string {
	out := map[string][]string{}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Effect != policy.Allow {
			continue
		}
		providers := statementProviders(st)
		if len(providers) == 0 || neverMatches(st) {
			continue
		}
		constrained := map[string]bool{}
		for _, c := range st.Conditions {
			key := strings.ToLower(c.Key)
			if !strings.HasSuffix(key, ":sub") || !c.OperatorValid {
				continue
			}
			op := strings.ToLower(c.OperatorName)
			if strings.Contains(op, "not") {
				continue
			}
			constrained[key] = true
			for _, v := range c.Values {
				p := v.Raw
				if !strings.Contains(op, "like") {
					p = escapeGlob(p)
				}
				out[key] = append(out[key], p)
			}
		}
		for _, pr := range providers {
			key := strings.ToLower(pr.KeyPrefix + ":sub")
			if !constrained[key] {
				out[key] = append(out[key], "*")
			}
		}
	}
	return out
}

// neverMatches reports whether a statement has a condition on a key that
// is never in the request (a URL scheme in the key): it admits nobody.
func neverMatches(st *policy.Statement) bool {
	for _, c := range st.Conditions {
		if strings.Contains(strings.ToLower(c.Key), "://") && !strings.Contains(strings.ToLower(c.OperatorName), "ifexists") {
			return true
		}
	}
	return false
}

// escapeGlob marks literal '*' and '?' of a StringEquals value so that
// containment treats them as characters (they are stored as \x00* and
// \x00?, which no real subject contains).
func escapeGlob(s string) string {
	if !strings.ContainsAny(s, "*?") {
		return s
	}
	return strings.NewReplacer("*", "\x00*", "?", "\x00?").Replace(s)
}

type globToken struct {
	r    rune
	star bool
	any  bool // '?'
}

func tokens(p string) []globToken {
	var out []globToken
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == 0 && i+1 < len(rs):
			out = append(out, globToken{r: rs[i+1]})
			i++
		case rs[i] == '*':
			out = append(out, globToken{star: true})
		case rs[i] == '?':
			out = append(out, globToken{any: true})
		default:
			out = append(out, globToken{r: rs[i]})
		}
	}
	return out
}

// globContains reports whether every string matched by inner is matched
// by outer: a '*' of inner can only be covered by a '*' of outer, a '?'
// by '?' or '*'. Sound for all patterns and exact for the usual shapes.
func globContains(outer, inner string) bool {
	o, in := tokens(outer), tokens(inner)
	// dp[i][j]: outer[i:] covers inner[j:].
	dp := make([][]bool, len(o)+1)
	for i := range dp {
		dp[i] = make([]bool, len(in)+1)
	}
	dp[len(o)][len(in)] = true
	for i := len(o) - 1; i >= 0; i-- {
		for j := len(in); j >= 0; j-- {
			switch {
			case o[i].star:
				dp[i][j] = dp[i+1][j] || (j < len(in) && dp[i][j+1])
			case j == len(in):
				dp[i][j] = false
			case o[i].any:
				dp[i][j] = !in[j].star && dp[i+1][j+1]
			default:
				dp[i][j] = !in[j].star && !in[j].any && in[j].r == o[i].r && dp[i+1][j+1]
			}
		}
	}
	return dp[0][0]
}

// globIntersect reports whether some string matches both patterns.
func globIntersect(a, b string) bool {
	x, y := tokens(a), tokens(b)
	// reach[i][j]: x[i:] and y[j:] can match a common string.
	memo := make([][]int8, len(x)+1)
	for i := range memo {
		memo[i] = make([]int8, len(y)+1)
	}
	var can func(i, j int) bool
	can = func(i, j int) bool {
		if memo[i][j] != 0 {
			return memo[i][j] > 0
		}
		res := false
		switch {
		case i == len(x) && j == len(y):
			res = true
		case i < len(x) && x[i].star:
			res = can(i+1, j) || (j < len(y) && can(i, j+1))
		case j < len(y) && y[j].star:
			res = can(i, j+1) || (i < len(x) && can(i+1, j))
		case i == len(x) || j == len(y):
			res = false
		default:
			res = (x[i].any || y[j].any || x[i].r == y[j].r) && can(i+1, j+1)
		}
		memo[i][j] = -1
		if res {
			memo[i][j] = 1
		}
		return res
	}
	return can(0, 0)
}

// globMatch matches a literal string against a pattern.
func globMatch(pattern, s string) bool { return globContains(pattern, escapeGlob(s)) }

// broadFindings compares the subject patterns of a role's trust before and
// after the plan and reports patterns that admit strictly more than
// before, with one example subject admitted now and not before.
func (w *world) broadFindings(role *Role) []ruleMsg {
	tb, ta := role.Trust[Before], role.Trust[After]
	if !tb.Known() || !ta.Known() || tb.Text == ta.Text {
		return nil
	}
	before, after := subjectPatterns(tb.Doc), subjectPatterns(ta.Doc)
	var out []ruleMsg
	for _, key := range sortedKeys(after) {
		old, ok := before[key]
		if !ok {
			continue // a new provider: not a broadening of an existing pattern
		}
		seen := map[string]bool{}
		for _, p := range after[key] {
			if seen[p] || coveredByAny(old, p) {
				continue
			}
			seen[p] = true
			narrower := narrowerThan(p, old)
			if len(narrower) == 0 {
				continue
			}
			example := exampleOf(p, old)
			shown := strings.ReplaceAll(p, "\x00", "")
			msg := fmt.Sprintf("the trust of %s now admits %s matching %q, which is broader than before (%s); for example %q is admitted after the plan and was not before",
				role.Address(), key, shown, quoteAll(narrower), example)
			if shown == "*" {
				msg = fmt.Sprintf("the trust of %s no longer restricts %s (before: %s); any subject from the provider is admitted, for example %q",
					role.Address(), key, quoteAll(narrower), example)
			}
			out = append(out, ruleMsg{msg: msg,
				fix: fmt.Sprintf("restore the narrower pattern (%s) or list the exact subjects that need the role", quoteAll(narrower))})
		}
	}
	return out
}

func coveredByAny(patterns []string, p string) bool {
	for _, o := range patterns {
		if globContains(o, p) {
			return true
		}
	}
	return false
}

// narrowerThan lists the old patterns that p strictly contains.
func narrowerThan(p string, old []string) []string {
	var out []string
	for _, o := range old {
		if globContains(p, o) && !globContains(o, p) {
			out = append(out, strings.ReplaceAll(o, "\x00", ""))
		}
	}
	sort.Strings(out)
	return out
}

// exampleOf returns a subject p matches and no old pattern does: first a
// neighbour of an old subject (a pull request or another branch of the same
// repository, another repository, another service account or namespace),
// else p with its wildcards filled in.
func exampleOf(p string, old []string) string {
	for _, c := range neighbours(old) {
		if globMatch(p, c) && !matchesAny(old, c) {
			return c
		}
	}
	for _, fill := range []string{"stsguard-example", "other", "x", ""} {
		var b strings.Builder
		for _, t := range tokens(p) {
			switch {
			case t.star:
				b.WriteString(fill)
			case t.any:
				b.WriteString("x")
			default:
				b.WriteRune(t.r)
			}
		}
		s := b.String()
		if !matchesAny(old, s) {
			return s
		}
	}
	return strings.ReplaceAll(p, "\x00", "")
}

func matchesAny(patterns []string, s string) bool {
	for _, o := range patterns {
		if globMatch(o, s) {
			return true
		}
	}
	return false
}

// neighbours lists subjects close to the old ones, in the formats of
// GitHub (spec §8.1) and EKS (§8.2).
func neighbours(old []string) []string {
	var out []string
	for _, o := range old {
		o = strings.ReplaceAll(o, "\x00", "")
		if strings.ContainsAny(o, "*?") {
			continue
		}
		if rest, ok := strings.CutPrefix(o, "repo:"); ok {
			repo, _, _ := strings.Cut(rest, ":")
			owner, _, _ := strings.Cut(repo, "/")
			out = append(out, "repo:"+repo+":pull_request", "repo:"+repo+":ref:refs/heads/stsguard-example",
				"repo:"+owner+"/other-repo:ref:refs/heads/main", "repo:"+owner+"/other-repo:pull_request")
		}
		if rest, ok := strings.CutPrefix(o, "system:serviceaccount:"); ok {
			ns, _, _ := strings.Cut(rest, ":")
			out = append(out, "system:serviceaccount:"+ns+":other-service-account", "system:serviceaccount:other-namespace:"+rest[len(ns)+1:])
		}
	}
	return out
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
