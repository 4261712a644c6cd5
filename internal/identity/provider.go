// Package identity turns who is calling (a token's claims, an identity
// binding, an IAM role) into the STS request AWS would evaluate: the
// principal, the actions to authorise and the condition keys, following the
// per-provider mapping of aws-reference.md#claim-keys-per-provider.
package identity

import (
	"regexp"
	"strings"
)

// Kind identifies an identity provider family whose claims map to
// condition keys in their own way (aws-reference.md#claim-keys-per-provider).
type Kind string

// Provider kinds.
const (
	KindGenericOIDC Kind = "oidc"
	KindEKS         Kind = "eks"
	KindGitHub      Kind = "github"
	KindGitLab      Kind = "gitlab"
	KindBuildkite   Kind = "buildkite"
	KindCircleCI    Kind = "circleci"
	KindOCI         Kind = "oci"
	KindCognito     Kind = "cognito"
	KindGoogle      Kind = "google"
	KindFacebook    Kind = "facebook"
	KindAmazon      Kind = "amazon"
)

// Built-in provider hosts: they need no IAM OIDC provider and appear in
// trust policies by host name (aws-reference.md#federated-principal-forms).
const (
	CognitoHost  = "cognito-identity.amazonaws.com"
	GoogleHost   = "accounts.google.com"
	FacebookHost = "graph.facebook.com"
	AmazonHost   = "www.amazon.com"
	GitHubHost   = "token.actions.githubusercontent.com"
)

// Provider describes the identity provider behind a request.
type Provider struct {
	Kind Kind
	// KeyPrefix is the condition key prefix: the provider URL without
	// https:// (host and path), or the built-in host.
	KeyPrefix string
	// BuiltIn is true for Cognito, Google, Facebook and Login with Amazon.
	BuiltIn bool
}

// Issuer returns the iss value a token from this provider carries.
func (p Provider) Issuer() string { return IssuerForHost(p.KeyPrefix) }

// IssuerForHost returns the iss a token must carry for an IAM OIDC
// provider registered with the URL hostPath (host and path, without
// scheme): https:// plus the URL (aws-reference.md#issuer-and-provider-resolution).
func IssuerForHost(hostPath string) string { return "https://" + hostPath }

// Principal returns the Federated principal STS resolves for a role in
// account: the IAM OIDC provider ARN in the role's account, or the
// built-in host.
func (p Provider) Principal(partition, account string) string {
	if p.BuiltIn {
		return p.KeyPrefix
	}
	return OIDCProviderARN(partition, account, p.KeyPrefix)
}

// OIDCProviderARN returns the ARN of the IAM OIDC provider registered in
// account with the URL hostPath (without https://):
// arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST[/PATH] (aws-reference.md#federated-principal-forms). An empty partition means "aws".
func OIDCProviderARN(partition, account, hostPath string) string {
	if partition == "" {
		partition = "aws"
	}
	return "arn:" + partition + ":iam::" + account + ":oidc-provider/" + hostPath
}

var builtIns = map[string]Kind{
	CognitoHost:  KindCognito,
	GoogleHost:   KindGoogle,
	FacebookHost: KindFacebook,
	AmazonHost:   KindAmazon,
}

var (
	gheComIssuer    = regexp.MustCompile(`^token\.actions\.[a-z0-9-]+\.ghe\.com$`)
	githubEnterpris = regexp.MustCompile(`^(token\.actions\.githubusercontent\.com/[^/]+|github\.com/enterprises/[^/]+)$`)
	buildkiteIssuer = regexp.MustCompile(`^agent(\.[a-z0-9-]+)?\.buildkite\.(com|dev|site)$`)
	circleciIssuer  = regexp.MustCompile(`^oidc\.circleci\.com/org/[^/]+$`)
	ociIssuer       = regexp.MustCompile(`^idcs-[A-Za-z0-9]+\.identity\.oraclecloud\.com$`)
)

// ProviderForHost classifies a provider by its URL without scheme (the
// key prefix), e.g. "token.actions.githubusercontent.com".
func ProviderForHost(hostPath string) Provider {
	if k, ok := builtIns[hostPath]; ok {
		return Provider{Kind: k, KeyPrefix: hostPath, BuiltIn: true}
	}
	p := Provider{Kind: KindGenericOIDC, KeyPrefix: hostPath}
	// Each pattern is tried only when the host starts with a literal that
	// every match of it starts with: a prefix test costs far less than a
	// regular expression, and most hosts fail all but one.
	switch {
	case hostPath == GitHubHost, matchesAfter("token.actions.", gheComIssuer, hostPath),
		(strings.HasPrefix(hostPath, "token.actions.githubusercontent.com/") || strings.HasPrefix(hostPath, "github.com/enterprises/")) && githubEnterpris.MatchString(hostPath):
		p.Kind = KindGitHub
	case hostPath == "gitlab.com":
		p.Kind = KindGitLab
	case matchesAfter("agent", buildkiteIssuer, hostPath):
		p.Kind = KindBuildkite
	case matchesAfter("oidc.circleci.com/org/", circleciIssuer, hostPath):
		p.Kind = KindCircleCI
	case matchesAfter("idcs-", ociIssuer, hostPath):
		p.Kind = KindOCI
	case isEKSIssuer(hostPath):
		p.Kind = KindEKS
	}
	return p
}

// isEKSIssuer reports whether a host is an EKS cluster's issuer,
// oidc.eks.REGION.amazonaws.com[.cn]/id/ID, as the regular expression
// ^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/id/[A-Za-z0-9]+$ reads it
// (written out: every role and pair classifies its cluster's issuer).
func isEKSIssuer(h string) bool {
	rest, ok := strings.CutPrefix(h, "oidc.eks.")
	if !ok {
		return false
	}
	region, rest, _ := strings.Cut(rest, ".")
	if region == "" || strings.ContainsFunc(region, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') }) {
		return false
	}
	rest, ok = strings.CutPrefix(rest, "amazonaws.com")
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(rest, ".cn")
	id, ok := strings.CutPrefix(rest, "/id/")
	return ok && id != "" && !strings.ContainsFunc(id, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') })
}

// matchesAfter reports whether s matches re, which only matches texts
// starting with prefix: the prefix is tested first.
func matchesAfter(prefix string, re *regexp.Regexp, s string) bool {
	return strings.HasPrefix(s, prefix) && re.MatchString(s)
}

// ProviderForIssuer classifies a provider by a token's iss claim. Google
// tokens may carry iss "accounts.google.com" without a scheme.
func ProviderForIssuer(iss string) Provider {
	return ProviderForHost(StripScheme(iss))
}

// StripScheme removes a leading https:// (the form IAM stores provider
// URLs in and uses for ARNs and key prefixes).
func StripScheme(url string) string {
	return strings.TrimPrefix(url, "https://")
}

// ParsedPrincipal is a Federated principal value split into its parts.
type ParsedPrincipal struct {
	Partition, Account string
	Provider           Provider
}

// ParseFederatedPrincipal reads an OIDC provider ARN or a built-in host.
// ok is false for anything else (e.g. a SAML provider ARN).
func ParseFederatedPrincipal(v string) (ParsedPrincipal, bool) {
	if k, found := builtIns[v]; found {
		return ParsedPrincipal{Provider: Provider{Kind: k, KeyPrefix: v, BuiltIn: true}}, true
	}
	parts, ok := splitARN(v)
	if !ok || parts[0] != "arn" || parts[2] != "iam" {
		return ParsedPrincipal{}, false
	}
	rest, ok := strings.CutPrefix(parts[5], "oidc-provider/")
	if !ok || rest == "" {
		return ParsedPrincipal{}, false
	}
	return ParsedPrincipal{Partition: parts[1], Account: parts[4], Provider: ProviderForHost(rest)}, true
}

// ARN is an ARN split into its six parts.
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// ParseARN splits an ARN; ok is false when it is not one.
func ParseARN(s string) (ARN, bool) {
	p, ok := splitARN(s)
	if !ok || p[0] != "arn" || p[1] == "" {
		return ARN{}, false
	}
	return ARN{Partition: p[1], Service: p[2], Region: p[3], Account: p[4], Resource: p[5]}, true
}

// splitARN is strings.SplitN(s, ":", 6) when that has six parts (ok false
// otherwise), without allocating: ARNs are split for every pair and rule.
func splitARN(s string) (p [6]string, ok bool) {
	for i := range 5 {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return p, false
		}
		p[i], s = s[:j], s[j+1:]
	}
	p[5] = s
	return p, true
}

// IsRoleARN reports whether s is an IAM role ARN:
// arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME (aws-reference.md#token-format).
func IsRoleARN(s string) bool {
	a, ok := ParseARN(s)
	return ok && a.Service == "iam" && strings.HasPrefix(a.Resource, "role/")
}
