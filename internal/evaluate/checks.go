package evaluate

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// AssumeCheckOrder records that the order of the token checks is
// UNCONFIRMED (aws-reference.md#token-check-order).
const AssumeCheckOrder = "token-check-order: token checks run in the order provider, audience, expiry, before the trust policy (docs/guides/aws-reference.md#token-check-order)"

// AssumeExactIssuer records the issuer comparison recommendation.
const AssumeExactIssuer = "exact-issuer-match: the token's iss must equal https:// plus the registered provider URL byte for byte (case and trailing slash count) (docs/guides/aws-reference.md#exact-issuer-match)"

// tokenCheck is one step of aws-reference.md#decision-order. The order is a single table
// so it can change after live testing (aws-reference.md#decision-order).
type tokenCheck struct {
	name   string
	source string
	run    func(in Input, r *Result) (ok bool, detail string, d Decision, stsError string, ran bool)
}

var tokenChecks = []tokenCheck{
	{"provider", "https://repost.aws/knowledge-center/iam-oidc-idp-federation ; docs/guides/aws-reference.md#issuer-and-provider-resolution", checkProvider},
	{"audience", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html ; docs/guides/aws-reference.md#audience", checkAudience},
	{"expiry", "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html", checkExpiry},
}

func runTokenChecks(in Input, r *Result) (Decision, string) {
	r.Issuer = issuerOf(in)
	for i, c := range tokenChecks {
		ok, detail, d, msg, ran := c.run(in, r)
		if !ran {
			continue
		}
		r.Checks = append(r.Checks, Check{Name: c.name, Passed: ok, Detail: detail, Source: c.source})
		if !ok {
			if laterCheckFails(in, tokenChecks[i+1:]) {
				// Another check would refuse the token too, so which
				// error STS reports depends on the unconfirmed order.
				r.Assumptions = append(r.Assumptions, AssumeCheckOrder)
			}
			return d, msg
		}
	}
	return "", ""
}

// laterCheckFails reports whether any of checks would also refuse the
// token. It runs them against a scratch result.
func laterCheckFails(in Input, checks []tokenCheck) bool {
	scratch := &Result{Request: in.Request}
	for _, c := range checks {
		if ok, _, _, _, ran := c.run(in, scratch); ran && !ok {
			return true
		}
	}
	return false
}

// findProvider returns the registered provider whose URL serves the
// issuer (IssuerMatches).
func findProvider(providers []identity.OIDCProvider, issuer string) (identity.OIDCProvider, bool) {
	for _, p := range providers {
		if IssuerMatches(p.URL, issuer) {
			return p, true
		}
	}
	return identity.OIDCProvider{}, false
}

// IssuerMatches reports whether an IAM OIDC provider registered with url
// (https:// optional, as aws_iam_openid_connect_provider stores it) is the
// provider for tokens whose iss is issuer: iss must equal https:// plus the
// URL byte for byte, letter case and a trailing slash included (aws-reference.md#issuer-comparison;
// the exact match is UNCONFIRMED, see AssumeExactIssuer).
func IssuerMatches(url, issuer string) bool {
	return identity.IssuerForHost(identity.StripScheme(url)) == issuer
}

// ProviderInOtherAccount reports whether an IAM OIDC provider in
// providerAccount is in another account than a role in roleAccount: STS
// only uses providers in the role's own account, so such a provider never
// lets a token in (aws-reference.md#issuer-and-provider-resolution, aws-reference.md#provider-account). An empty account is unknown
// and never counts as another.
func ProviderInOtherAccount(providerAccount, roleAccount string) bool {
	return providerAccount != "" && roleAccount != "" && providerAccount != roleAccount
}

// nearProvider reports whether a registered provider URL equals the issuer
// once letter case and a trailing slash are ignored: then the refusal rests
// on the UNCONFIRMED exact-match rule (aws-reference.md#issuer-and-provider-resolution).
func nearProvider(providers []identity.OIDCProvider, issuer string) bool {
	norm := func(u string) string {
		if !names.HasPrefix(u, "https://") {
			u = "https://" + u
		}
		return names.Fold(strings.TrimSuffix(u, "/"))
	}
	for _, p := range providers {
		if norm(p.URL) == norm(issuer) {
			return true
		}
	}
	return false
}

func issuerOf(in Input) string {
	if iss, ok := in.Claims["iss"].(string); ok && iss != "" {
		return iss
	}
	return in.Request.Provider.Issuer()
}

// checkProvider: the token's issuer must be an IAM OIDC provider in the
// role's account (built-in providers need none).
func checkProvider(in Input, r *Result) (bool, string, Decision, string, bool) {
	req := in.Request
	if req.PrincipalType != "Federated" {
		return true, "", "", "", false
	}
	if iss, ok := in.Claims["iss"].(string); ok && identity.StripScheme(iss) != req.Provider.KeyPrefix {
		// STS resolves the principal from iss; a principal given for
		// another provider is not what STS would evaluate (aws-reference.md#issuer-and-provider-resolution, aws-reference.md#federated-principal-forms).
		detail := fmt.Sprintf("the token's issuer %s does not belong to the principal %s (whose issuer is %s); STS resolves the principal from iss, so this token can never be evaluated as that principal", iss, req.Principal, req.Provider.Issuer())
		return false, detail, InvalidIdentityToken, "InvalidIdentityToken: No OpenIDConnect provider found in your account for " + iss, true
	}
	if req.Provider.BuiltIn {
		return true, "", "", "", false
	}
	if pp, ok := identity.ParseARN(req.Principal); ok && ProviderInOtherAccount(pp.Account, req.RoleAccount) {
		detail := fmt.Sprintf("the OIDC provider %s is in account %s but the role is in account %s; STS only uses providers in the role's own account", req.Principal, pp.Account, req.RoleAccount)
		return false, detail, InvalidIdentityToken, "InvalidIdentityToken: No OpenIDConnect provider found in your account for " + issuerOf(in), true
	}
	if in.OIDCProviders == nil {
		return true, "", "", "", false
	}
	iss := issuerOf(in)
	if _, ok := findProvider(in.OIDCProviders, iss); !ok {
		if nearProvider(in.OIDCProviders, iss) {
			r.Assumptions = append(r.Assumptions, AssumeExactIssuer)
		}
		return false, fmt.Sprintf("no registered OIDC provider has the URL %s (registered: %s)", iss, providerURLs(in.OIDCProviders)),
			InvalidIdentityToken, "InvalidIdentityToken: No OpenIDConnect provider found in your account for " + iss, true
	}
	return true, "issuer " + iss + " is registered", "", "", true
}

// AssumeAudRequired is recorded when a token is refused for lacking aud
// and the rule is not the observed one (an IAM OIDC provider's token with
// no aud claim at all): for built-in providers, or an aud that is null or
// an empty list.
const AssumeAudRequired = "aud-required: a token without an aud claim, or whose aud is null or an empty list, is refused with InvalidIdentityToken (Missing a required claim: aud) for every provider that issues ID tokens, built-in ones included (docs/guides/aws-reference.md#aud-required)"

// MissingAudError is what STS answers for a web identity token without an
// aud claim (GitLab's former CI_JOB_JWT, for example).
const MissingAudError = "InvalidIdentityToken: Missing a required claim: aud"

// checkAudience: the token must carry aud, whether or not the account's
// providers are known; its audience must then be in the provider's client
// ID list (aws-reference.md#audience). azp replaces aud when present (aws-reference.md#azp-as-audience).
func checkAudience(in Input, r *Result) (bool, string, Decision, string, bool) {
	req := in.Request
	if req.PrincipalType != "Federated" || req.Provider.Kind == identity.KindFacebook || req.Provider.Kind == identity.KindAmazon {
		// Facebook and Login with Amazon pass OAuth 2.0 access tokens,
		// which have no aud claim.
		return true, "", "", "", false
	}
	if raw, has := in.Claims["aud"]; !has || raw == nil || isEmptyList(raw) {
		if has || req.Provider.BuiltIn {
			r.Assumptions = append(r.Assumptions, AssumeAudRequired)
		}
		detail := "the token has no aud claim; STS requires one before it reads the trust policy"
		if has {
			detail = fmt.Sprintf("the token's aud claim is %s, which STS takes as no aud claim", describeEmptyAud(raw))
		}
		return false, detail, InvalidIdentityToken, MissingAudError, true
	}
	if in.OIDCProviders == nil || req.Provider.BuiltIn {
		return true, "", "", "", false
	}
	p, ok := findProvider(in.OIDCProviders, issuerOf(in))
	if !ok {
		return true, "", "", "", false
	}
	auds, field := audiences(in.Claims)
	if field == "azp" {
		r.Assumptions = append(r.Assumptions, identity.AssumeAzpAsAudience)
	}
	if len(auds) > 1 {
		r.Assumptions = append(r.Assumptions, identity.AssumeAudArray)
	}
	for _, a := range auds {
		for _, c := range p.ClientIDs {
			if a == c {
				return true, "audience " + quote(a) + " is in the provider's client ID list", "", "", true
			}
		}
	}
	detail := fmt.Sprintf("the token's %s %s is not in the client ID list %s of provider %s", field, quoteList(auds), quoteList(p.ClientIDs), p.URL)
	if len(auds) == 0 {
		detail = fmt.Sprintf("the token has no aud claim; provider %s accepts %s", p.URL, quoteList(p.ClientIDs))
	}
	return false, detail, InvalidIdentityToken, "InvalidIdentityToken: Incorrect token audience", true
}

// isEmptyList reports whether a claim value is an empty JSON array.
func isEmptyList(v any) bool {
	switch t := v.(type) {
	case []any:
		return len(t) == 0
	case []string:
		return len(t) == 0
	}
	return false
}

func describeEmptyAud(v any) string {
	if v == nil {
		return "null"
	}
	return "an empty list"
}

func audiences(claims map[string]any) ([]string, string) {
	if azp, ok := claims["azp"].(string); ok && azp != "" {
		return []string{azp}, "azp"
	}
	switch v := claims["aud"].(type) {
	case string:
		return []string{v}, "aud"
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out, "aud"
	case []string:
		return v, "aud"
	}
	return nil, "aud"
}

// checkExpiry: a token whose exp has passed is refused with
// ExpiredTokenException.
func checkExpiry(in Input, r *Result) (bool, string, Decision, string, bool) {
	raw, present := in.Claims["exp"]
	if !present {
		return true, "", "", "", false
	}
	exp, ok := NumericClaim(in.Claims, "exp")
	if !ok {
		// "Timestamps in the token must be formatted as either an integer
		// or a long integer" (aws-reference.md#token-format).
		return false, fmt.Sprintf("the token's exp claim %v is not an integer number of seconds; STS accepts only integer timestamps", raw),
			InvalidIdentityToken, "InvalidIdentityToken: the token's exp claim is not an integer timestamp", true
	}
	if nbf, ok := NumericClaim(in.Claims, "nbf"); ok && in.Request.Now.Before(time.Unix(nbf, 0)) {
		r.Assumptions = append(r.Assumptions, AssumeNotBefore)
	}
	t := time.Unix(exp, 0).UTC()
	if !in.Request.Now.Before(t) {
		return false, fmt.Sprintf("the token expired at %s (now %s)", t.Format(time.RFC3339), in.Request.Now.Format(time.RFC3339)),
			ExpiredToken, "ExpiredTokenException: Token expired: the web identity token that was passed is expired or is not valid", true
	}
	return true, "the token expires at " + t.Format(time.RFC3339), "", "", true
}

// TokenExpired reports whether a token's exp claim lies at or before now,
// as the expiry check judges it, whatever the other token checks say (a
// token without aud is refused before its expiry is looked at). A token
// without an integer exp is not expired.
func TokenExpired(claims map[string]any, now time.Time) bool {
	exp, ok := NumericClaim(claims, "exp")
	return ok && !now.Before(time.Unix(exp, 0))
}

// AssumeNotBefore is recorded when a token's nbf lies in the future: STS's
// handling of nbf is UNCONFIRMED and the evaluator does not refuse it.
const AssumeNotBefore = "not-before-unchecked: nbf is not checked; a token whose nbf lies in the future is treated as valid (docs/guides/aws-reference.md#not-before-unchecked)"

// NumericClaim reads an integer time claim such as exp or iat. ok is false
// when the claim is absent or not an integer.
func NumericClaim(claims map[string]any, name string) (int64, bool) {
	switch v := claims[name].(type) {
	case float64:
		if v != math.Trunc(v) || v < math.MinInt64 || v >= math.MaxInt64 {
			return 0, false
		}
		return int64(v), true
	case int64:
		return v, true
	case int:
		return int64(v), true
	case interface{ Int64() (int64, error) }:
		n, err := v.Int64()
		return n, err == nil
	}
	return 0, false
}

func providerURLs(ps []identity.OIDCProvider) string {
	urls := make([]string, len(ps))
	for i, p := range ps {
		urls[i] = p.URL
	}
	if len(urls) == 0 {
		return "none"
	}
	return strings.Join(urls, ", ")
}

// CheckToken runs only the token-level checks of aws-reference.md#token-checks (what STS answers
// before it reads any policy): provider registration and audience when
// providers is non-nil, and expiry against now. It returns "" and no error
// text when the token would reach policy evaluation.
func CheckToken(claims map[string]any, providers []identity.OIDCProvider, now time.Time) (Decision, string, []Check) {
	iss, _ := claims["iss"].(string)
	req := &identity.Resolved{PrincipalType: "Federated", Provider: identity.ProviderForIssuer(iss), Now: now}
	r := &Result{Request: req}
	d, msg := runTokenChecks(Input{Request: req, Claims: claims, OIDCProviders: providers}, r)
	return d, msg, r.Checks
}
