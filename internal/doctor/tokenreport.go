package doctor

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/token"
)

// TokenReport is the decoded token: never the token itself.
type TokenReport struct {
	// Fingerprint names the token (token.Fingerprint).
	Fingerprint string `json:"fingerprint"`
	// Header is the decoded JOSE header.
	Header map[string]any `json:"header"`
	// Claims are every payload claim.
	Claims    map[string]any `json:"claims"`
	Issuer    string         `json:"issuer"`
	Subject   string         `json:"subject"`
	Audiences []string       `json:"audiences"`
	IssuedAt  *time.Time     `json:"issued_at"`
	ExpiresAt *time.Time     `json:"expires_at"`
	NotBefore *time.Time     `json:"not_before,omitempty"`
	// Now is the clock the times are judged against.
	Now time.Time `json:"now"`
	// Checks are STS's token-level rules, in order.
	Checks []Check `json:"checks"`
	// Signature says whether and how the signature was verified.
	Signature Signature `json:"signature"`
}

// Check is one token-level rule.
type Check struct {
	Name   string `json:"name"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail"`
}

// Failed returns the first failed check; nil when all passed.
func (t *TokenReport) Failed() *Check {
	for i := range t.Checks {
		if !t.Checks[i].Passed {
			return &t.Checks[i]
		}
	}
	return nil
}

// decodeToken decodes raw without verifying it and runs the token-level
// checks. A token STS could never parse is bad input.
// from names where the token came from, for the error.
func decodeToken(raw, from string, now time.Time) (*TokenReport, *token.Token, error) {
	tok, err := token.Decode(raw, token.Options{})
	if err != nil {
		return nil, nil, inputError("the token from %s (%s) is not one STS accepts: %v", from, token.Fingerprint(raw), err)
	}
	rep := &TokenReport{
		Fingerprint: token.Fingerprint(raw),
		Header:      decodeHeader(raw),
		Claims:      tok.Claims,
		Issuer:      tok.Issuer,
		Subject:     tok.Subject,
		Audiences:   append([]string{}, tok.Audiences...),
		IssuedAt:    tok.IssuedAt,
		ExpiresAt:   tok.ExpiresAt,
		NotBefore:   tok.NotBefore,
		Now:         now,
	}
	rep.Checks = append(rep.Checks,
		Check{"algorithm", true, fmt.Sprintf("%s is one of the algorithms STS accepts (%s)", tok.Algorithm, strings.Join(token.AcceptedAlgorithms(), ", "))},
		issuerCheck(tok.Issuer),
		audienceCheck(tok.Audiences))
	if _, _, checks := evaluate.CheckToken(tok.Claims, nil, now); len(checks) > 0 {
		for _, c := range checks {
			rep.Checks = append(rep.Checks, Check{c.Name, c.Passed, c.Detail})
		}
	} else {
		rep.Checks = append(rep.Checks, Check{"expiry", true, "the token has no exp claim; doctor cannot say when STS stops accepting it"})
	}
	return rep, tok, nil
}

// issuerCheck: STS finds the IAM OIDC provider by the iss URL, which IAM
// requires to begin with https://.
func issuerCheck(iss string) Check {
	switch {
	case iss == "":
		return Check{"issuer", false, "the token has no iss claim; STS finds the IAM OIDC provider by it and answers InvalidIdentityToken without one"}
	case !strings.HasPrefix(iss, "https://"):
		return Check{"issuer", false, fmt.Sprintf("iss %q does not begin with https://; IAM OIDC provider URLs must, so no provider can match (InvalidIdentityToken)", iss)}
	}
	return Check{"issuer", true, fmt.Sprintf("iss %s; STS looks up the IAM OIDC provider %s in the role's account", iss, strings.TrimPrefix(iss, "https://"))}
}

// audienceCheck: STS compares the audience with the provider's client ID
// list, so a token without aud cannot pass.
func audienceCheck(aud []string) Check {
	if len(aud) == 0 {
		return Check{"audience", false, "the token has no aud claim; STS compares it with the provider's client ID list and answers InvalidIdentityToken without one"}
	}
	return Check{"audience", true, fmt.Sprintf("aud %s; it must be in the IAM OIDC provider's client ID list", quoteList(aud))}
}

// decodeHeader returns the JOSE header; Decode has already checked it.
func decodeHeader(raw string) map[string]any {
	seg, _, _ := strings.Cut(raw, ".")
	data, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return nil
	}
	var h map[string]any
	if json.Unmarshal(data, &h) != nil {
		return nil
	}
	return h
}

// Relative describes t against now: "in 55m", "3h10m ago".
func Relative(t, now time.Time) string {
	d := t.Sub(now)
	if d == 0 {
		return "now"
	}
	s := shortDuration(d)
	if d > 0 {
		return "in " + s
	}
	return s + " ago"
}

func shortDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		h := int(d / time.Hour)
		if m := int((d % time.Hour) / time.Minute); m != 0 {
			return fmt.Sprintf("%dh%dm", h, m)
		}
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
