package callers

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
)

// Value limits of the issuers, in characters. A caller value beyond its
// issuer's limit can never reach STS: GitHub refuses such a repository or
// environment, Kubernetes such a namespace or service account, so no
// token carries it. Bounding callers here, where every source's callers
// pass (Collect), keeps the cost of evaluation, over-breadth analysis
// and messages proportional to what the issuers accept.
const (
	// MaxGitHubOwner: GitHub user and organization names have at most 39
	// characters.
	MaxGitHubOwner = 39
	// MaxGitHubRepository: repository names have at most 100 characters.
	MaxGitHubRepository = 100
	// MaxGitHubEnvironment: environment names have at most 255
	// characters (docs.github.com, "Managing environments for
	// deployment").
	MaxGitHubEnvironment = 255
	// MaxKubernetesNamespace: a namespace is a DNS label (RFC 1123), at
	// most 63 characters.
	MaxKubernetesNamespace = 63
	// MaxKubernetesName: a service account name is a DNS subdomain, at
	// most 253 characters.
	MaxKubernetesName = 253
	// MaxTokenLength: STS refuses a WebIdentityToken longer than 20,000
	// characters (AssumeRoleWithWebIdentity API reference), so no claim
	// of a token STS reads is longer.
	MaxTokenLength = 20000
)

// AssumeOverLongValue is the choice made where AWS documents nothing.
const AssumeOverLongValue = "over-long-caller-value: a caller value longer than its issuer allows (GitHub owner 39, repository 100, environment 255 characters; Kubernetes namespace 63, service account name 253; any claim or ref longer than the 20,000 characters of a web identity token STS accepts) is never presented to STS: the pair is not evaluated and is reported as STSG900 (info), never as an error"

// boundCallers checks every side of every caller: a side whose identity
// carries a value longer than its issuer allows loses its identities and
// says why in Missing (an STSG900 info finding naming the value's length,
// not the value).
func boundCallers(cs []*model.Caller) {
	for _, c := range cs {
		for _, side := range c.Side {
			if side == nil {
				continue
			}
			var why []string
			for _, id := range side.Identities {
				why = append(why, overLong(id)...)
			}
			if len(why) == 0 {
				continue
			}
			side.Identities, side.OverLong = nil, true
			side.Missing = append(side.Missing, fmt.Sprintf("%s, so no token its issuer signs carries it and the pair is not evaluated", strings.Join(model.Dedupe(why), "; ")))
			side.Notes = append(side.Notes, AssumeOverLongValue)
		}
	}
}

// overLong lists the values of id longer than their issuer allows.
func overLong(id *model.Identity) []string {
	var out []string
	check := func(what string, v string, limit int, issuer string) {
		if n := utf8.RuneCountInString(v); n > limit {
			out = append(out, fmt.Sprintf("the %s is %d characters long, over %s limit of %d", what, n, issuer, limit))
		}
	}
	if id.EKS != nil {
		check("namespace", id.EKS.Namespace, MaxKubernetesNamespace, "Kubernetes'")
		check("service account name", id.EKS.Name, MaxKubernetesName, "Kubernetes'")
	}
	switch b := id.Binding.(type) {
	case identity.GitHubActions:
		owner, repo, _ := strings.Cut(b.Repository, "/")
		if owner != unknownOwner {
			check("repository owner", owner, MaxGitHubOwner, "GitHub's")
		}
		check("repository name", repo, MaxGitHubRepository, "GitHub's")
		check("environment", b.Environment, MaxGitHubEnvironment, "GitHub's")
		check("ref", b.Ref, MaxTokenLength, "a web identity token's")
		claims(b.Claims, check)
	case identity.EKSServiceAccount:
		check("namespace", b.Namespace, MaxKubernetesNamespace, "Kubernetes'")
		check("service account name", b.ServiceAccount, MaxKubernetesName, "Kubernetes'")
	}
	if len(out) == 0 { // the sub is built from the values above
		check("sub claim", id.Subject, MaxTokenLength, "a web identity token's")
	}
	return out
}

// claims checks further claims against the token length, in name order.
func claims(m map[string]string, check func(what, v string, limit int, issuer string)) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		check(fmt.Sprintf("%s claim", k), m[k], MaxTokenLength, "a web identity token's")
	}
}
