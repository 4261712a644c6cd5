package identity

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// eksIssuer is the shape isEKSIssuer reads.
var eksIssuer = regexp.MustCompile(`^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/id/[A-Za-z0-9]+$`)

// referenceKind is ProviderForHost's classification with every regular
// expression tried on every host (no prefix tests), to hold the fast
// path to it.
func referenceKind(h string) Kind {
	switch {
	case builtIns[h] != "":
		return builtIns[h]
	case h == GitHubHost, gheComIssuer.MatchString(h), githubEnterpris.MatchString(h):
		return KindGitHub
	case h == "gitlab.com":
		return KindGitLab
	case buildkiteIssuer.MatchString(h):
		return KindBuildkite
	case circleciIssuer.MatchString(h):
		return KindCircleCI
	case ociIssuer.MatchString(h):
		return KindOCI
	case eksIssuer.MatchString(h):
		return KindEKS
	}
	return KindGenericOIDC
}

// referenceSplit is splitARN as strings.SplitN writes it.
func referenceSplit(s string) ([6]string, bool) {
	var out [6]string
	p := strings.SplitN(s, ":", 6)
	if len(p) != 6 {
		return out, false
	}
	copy(out[:], p)
	return out, true
}

// hostFragments build hosts near every pattern's edges.
var hostFragments = []string{"token.actions.", "githubusercontent.com", "/", "github.com/enterprises/", "ghe.com", ".", "agent", "buildkite.", "com", "dev",
	"site", "oidc.", "circleci.com/org/", "idcs-", "identity.oraclecloud.com", "eks.", "us-east-1", ".amazonaws.com", ".cn", "/id/", "ABC123", "aBc", "é", "x", "amazonaws.com", ".cn/id/", "oidc.eks.us-east-1", "D79586434ACFF7E7C5EFE5AE3985F57C", "-", ":",
	"arn", "aws", "iam", "oidc-provider/", "111122223333", "", "gitlab.com", "accounts.google.com", "\n", "Token.Actions."}

func TestProviderForHostPrefixGates(t *testing.T) {
	hosts := []string{GitHubHost, "token.actions.octo.ghe.com", "token.actions.githubusercontent.com/octo-ent", "github.com/enterprises/octo",
		"gitlab.com", "agent.buildkite.com", "agent.eu.buildkite.dev", "oidc.circleci.com/org/abc", "idcs-abc123.identity.oraclecloud.com",
		"oidc.eks.us-east-1.amazonaws.com/id/ABC", "oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC", "accounts.google.com", "example.com",
		"token.actions.githubusercontent.com", "xoidc.eks.us-east-1.amazonaws.com/id/ABC", "xagent.buildkite.com", ""}
	kinds := map[Kind]bool{}
	for _, h := range hosts {
		if got, want := ProviderForHost(h).Kind, referenceKind(h); got != want {
			t.Errorf("ProviderForHost(%q).Kind = %s, want %s", h, got, want)
		}
		kinds[referenceKind(h)] = true
	}
	if len(kinds) < 8 { // the six patterns, GitLab and a built-in
		t.Fatalf("the table reaches %d kinds, want every pattern's", len(kinds))
	}
	rng := rand.New(rand.NewSource(15))
	hits := map[Kind]int{}
	for range 200000 {
		h := randomHost(rng)
		got, want := ProviderForHost(h).Kind, referenceKind(h)
		if got != want {
			t.Fatalf("ProviderForHost(%q).Kind = %s, want %s", h, got, want)
		}
		hits[want]++
		checkSplit(t, h)
	}
	if hits[KindEKS] < 20 || hits[KindGitHub] < 20 {
		t.Fatalf("random hosts reach EKS %d and GitHub %d times: too few to hold the fast paths", hits[KindEKS], hits[KindGitHub])
	}
}

func TestSplitARN(t *testing.T) {
	for _, s := range []string{"", "arn", "arn:aws:iam::1:role/x", "arn:aws:iam::1:role/x:y:z", "a:b:c:d:e", "a:b:c:d:e:", ":::::", "arn:aws:sts::1:assumed-role/r/s"} {
		checkSplit(t, s)
	}
}

// checkSplit holds splitARN to strings.SplitN: the same answer, and the
// same parts when there are six.
func checkSplit(t *testing.T, s string) {
	t.Helper()
	got, ok := splitARN(s)
	want, wok := referenceSplit(s)
	if ok != wok || ok && got != want {
		t.Fatalf("splitARN(%q) = %q %v, want %q %v", s, got, ok, want, wok)
	}
}

// randomHost joins fragments at random, or, one time in two, fills the
// parts of an issuer shape (EKS, GitHub Enterprise) with them.
func randomHost(rng *rand.Rand) string {
	frag := func() string {
		var b strings.Builder
		for range rng.Intn(3) {
			b.WriteString(hostFragments[rng.Intn(len(hostFragments))])
		}
		return b.String()
	}
	switch rng.Intn(4) {
	case 0:
		return "oidc.eks." + frag() + ".amazonaws.com" + []string{"", ".cn", ".cn.cn", "."}[rng.Intn(4)] + "/id/" + frag()
	case 1:
		return []string{"token.actions.githubusercontent.com/", "github.com/enterprises/", "token.actions."}[rng.Intn(3)] + frag() + []string{"", ".ghe.com"}[rng.Intn(2)]
	}
	var b strings.Builder
	for range 1 + rng.Intn(7) {
		b.WriteString(hostFragments[rng.Intn(len(hostFragments))])
	}
	return b.String()
}
