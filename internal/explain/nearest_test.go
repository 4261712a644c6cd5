package explain

import (
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"same", "same", 0},
		{"payment", "payments", 1}, // insertion
		{"payments", "payment", 1}, // deletion
		{"main", "mian", 1},        // adjacent swap counts once
		{"now", "nwo", 1},          // adjacent swap
		{"kitten", "sitting", 3},   // classic Levenshtein
		{"sts.amazonaws.com", "sts.amazonaws.co", 1},
		{"héllo", "hello", 1}, // runes, not bytes
		{"日本語", "日本", 1},
		{"ab", "ba", 1},
		{"abc", "cba", 2},
	}
	for _, tc := range cases {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := distance(tc.b, tc.a); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d (symmetry)", tc.b, tc.a, got, tc.want)
		}
	}
}

// TestDistanceLongInputs: very long values are compared on a bounded
// prefix so an explanation never goes quadratic on a huge policy value.
func TestDistanceLongInputs(t *testing.T) {
	a := strings.Repeat("a", 100_000)
	b := strings.Repeat("a", 100_010)
	if got := distance(a, b); got != 10 {
		t.Errorf("distance of long strings = %d, want 10", got)
	}
	if got := distance(a, a); got != 0 {
		t.Errorf("distance of equal long strings = %d, want 0", got)
	}
}

func TestNearest(t *testing.T) {
	cases := []struct {
		got        string
		candidates []string
		want       string
	}{
		{"x", nil, ""},
		{"x", []string{}, ""},
		{"system:serviceaccount:payments:api", []string{"system:serviceaccount:payment:api", "system:serviceaccount:kube-system:api"}, "system:serviceaccount:payment:api"},
		{"repo:o/r:ref:refs/heads/main", []string{"repo:o/r:ref:refs/heads/dev", "repo:o/r:ref:refs/heads/mainn"}, "repo:o/r:ref:refs/heads/mainn"},
		{"abc", []string{"abd", "abe"}, "abd"}, // ties go to the first
		{"abc", []string{"zzz", "abc"}, "abc"},
	}
	for _, tc := range cases {
		if got := Nearest(tc.got, tc.candidates); got != tc.want {
			t.Errorf("Nearest(%q, %q) = %q, want %q", tc.got, tc.candidates, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	fields := []string{"action", "claims", "context", "now", "oidc_providers", "principal", "principal_type", "role_arn"}
	cases := []struct{ got, want string }{
		{"nwo", "now"},
		{"role-arn", "role_arn"},
		{"claim", "claims"},
		{"oidc_provider", "oidc_providers"},
		{"token", ""}, // nothing close
		{"", ""},
	}
	for _, tc := range cases {
		if got := Suggest(tc.got, fields); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.got, got, tc.want)
		}
	}
}

// TestEKSDifference names the part of an EKS subject that differs (spec
// §8.2, [S29]).
func TestEKSDifference(t *testing.T) {
	cases := []struct{ got, want, say string }{
		{"system:serviceaccount:payments:api", "system:serviceaccount:payment:api", `the namespace differs ("payments" in the token, "payment" in the policy)`},
		{"system:serviceaccount:default:my-sa", "system:serviceaccount:default:other", `the service account differs ("my-sa" in the token, "other" in the policy)`},
		{"system:serviceaccount:a:x", "system:serviceaccount:b:y", `the namespace differs ("a" in the token, "b" in the policy) and the service account differs ("x" in the token, "y" in the policy)`},
		{"system:serviceaccount:default:x", "system:serviceaccount:default:*", ""}, // a pattern that matches: no part differs
		{"system:serviceaccount:default:x", "default:x", "is not an EKS service-account subject"},
		{"not-an-eks-subject", "system:serviceaccount:default:x", ""},
	}
	for _, tc := range cases {
		got := eksDifference(tc.got, tc.want)
		if tc.say == "" && got != "" || tc.say != "" && !strings.Contains(got, tc.say) {
			t.Errorf("eksDifference(%q, %q) = %q, want it to say %q", tc.got, tc.want, got, tc.say)
		}
	}
}

// TestGitHubDifference names the part of a GitHub subject that differs
// (spec §8.1, [S27]).
func TestGitHubDifference(t *testing.T) {
	cases := []struct{ got, want, say string }{
		{"repo:o/r:environment:prod", "repo:o/r:ref:refs/heads/main", `the token is for environment "prod" but the policy expects branch "main"; GitHub puts the environment in sub instead of the branch`},
		{"repo:o/r:pull_request", "repo:o/r:ref:refs/heads/main", `the token is for a pull request but the policy expects branch "main"; workflows triggered by pull_request`},
		{"repo:o/r:ref:refs/tags/v1", "repo:o/r:ref:refs/heads/main", `the token is for tag "v1" but the policy expects branch "main"`},
		{"repo:o/other:ref:refs/heads/main", "repo:o/r:ref:refs/heads/main", `the repository differs ("o/other" in the token, "o/r" in the policy)`},
		{"repo:o@1/r@2:ref:refs/heads/main", "repo:o/r:ref:refs/heads/main", "immutable subject form"},
		{"repo:o/r:environment:Production%3AV1", "repo:o/r:environment:Production:V1", "GitHub writes a ':' inside a value as %3A"},
		{"repo:o/r:ref:refs/heads/main", "repo:o/*:*", ""},
		{"job_workflow_ref:o/r/.github/workflows/x.yml@refs/heads/main", "repo:o/r:ref:refs/heads/main", ""},
	}
	for _, tc := range cases {
		got := githubDifference(tc.got, tc.want)
		if tc.say == "" && got != "" || tc.say != "" && !strings.Contains(got, tc.say) {
			t.Errorf("githubDifference(%q, %q) = %q, want it to say %q", tc.got, tc.want, got, tc.say)
		}
	}
}

func TestDescribeDifference(t *testing.T) {
	gh := &identity.Resolved{Provider: identity.Provider{Kind: identity.KindGitHub}}
	eks := &identity.Resolved{Provider: identity.Provider{Kind: identity.KindEKS}}
	op := func(name string) condition.Operator {
		o, err := condition.ParseOperator(name)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	cases := []struct {
		op               string
		claim, got, want string
		req              *identity.Resolved
		say              string
	}{
		{"StringEquals", "sub", "repo:o/r:ref:refs/heads/main", "repo:o/r:*", gh, "contains a wildcard, but StringEquals compares it literally"},
		{"StringEquals", "sub", "repo:o/r:ref:refs/heads/main", "repo:O/r:ref:refs/heads/main", gh, "differ only in letter case"},
		{"StringEquals", "sub", "system:serviceaccount:payments:api", "system:serviceaccount:payment:api", eks, "the namespace differs"},
		{"StringEquals", "aud", "sts.amazonaws.com", "sts.amazonaws.co", gh, `almost matches the policy value "sts.amazonaws.co" (1 character differ`},
		{"StringEquals", "aud", "sts.amazonaws.com", "https://github.com/octo-org", gh, "matches none of the policy values"},
		{"StringLike", "sub", "repo:o/r:x", "other?", gh, "? stands for exactly one character"},
		{"IpAddress", "SourceIp", "203.0.113.7", "198.51.100.0/24", gh, "is in none of the policy's ranges"},
		{"StringEquals", "sub", "x", "", gh, "lists no values"},
	}
	for _, tc := range cases {
		if got := describeDifference(op(tc.op), tc.claim, tc.got, tc.want, tc.req); !strings.Contains(got, tc.say) {
			t.Errorf("describeDifference(%s, %q, %q) = %q, want it to say %q", tc.op, tc.got, tc.want, got, tc.say)
		}
	}
}
