package evaluate

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// TestActionCovers covers Action patterns (spec §3, [S8]).
func TestActionCovers(t *testing.T) {
	cases := []struct {
		name, pattern, action string
		want                  bool
	}{
		{"§3 exact action [S8]", "sts:AssumeRole", "sts:AssumeRole", true},
		{"§3 prefix and name are case-insensitive [S8]", "STS:assumerole", "sts:AssumeRole", true},
		{"§3 sts:AssumeRole does not cover AssumeRoleWithWebIdentity [S8]", "sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", false},
		{"§3 sts:AssumeRole* covers AssumeRoleWithWebIdentity [S8]", "sts:AssumeRole*", "sts:AssumeRoleWithWebIdentity", true},
		{"§3 sts:* covers every STS action [S8]", "sts:*", "sts:TagSession", true},
		{"§3 wildcard match is case-insensitive too [S8]", "STS:assume*", "sts:AssumeRole", true},
		{"§3 ? is one character (UNCONFIRMED recommendation) [S8]", "sts:TagSessio?", "sts:TagSession", true},
		{"§3 another service is not covered [S8]", "iam:*", "sts:AssumeRole", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ActionCovers(tc.pattern, tc.action); got != tc.want {
				t.Errorf("ActionCovers(%q, %q) = %v, want %v", tc.pattern, tc.action, got, tc.want)
			}
		})
	}
}

// TestPrincipalValues covers reading one principal type; type names are
// case-sensitive (spec §2.1, [S6]).
func TestPrincipalValues(t *testing.T) {
	p := &policy.Principal{Values: map[string][]string{"Federated": {"accounts.google.com"}, "service": {"pods.eks.amazonaws.com"}}}
	cases := []struct {
		name, typ string
		p         *policy.Principal
		want      int
	}{
		{"§2.1 Federated values [S6]", "Federated", p, 1},
		{"§2.1 a type spelled in another case never matches [S6]", "Service", p, 0},
		{"§2.1 a type the element lacks has no values [S6]", "AWS", p, 0},
		{"§2.1 no Principal element has no values [S6]", "Federated", nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := PrincipalValues(tc.p, tc.typ); len(got) != tc.want {
				t.Errorf("PrincipalValues(%s) = %q, want %d values", tc.typ, got, tc.want)
			}
		})
	}
}

// TestIssuerMatches covers which registered provider URL serves an issuer
// (spec §1.2, [S13][S25]).
func TestIssuerMatches(t *testing.T) {
	cases := []struct {
		name, url, iss string
		want           bool
	}{
		{"§1.2 URL without scheme, as IAM stores it [S13]", "token.actions.githubusercontent.com", "https://token.actions.githubusercontent.com", true},
		{"§1.2 URL with https:// [S13]", "https://token.actions.githubusercontent.com", "https://token.actions.githubusercontent.com", true},
		{"§1.2 path is part of the URL [S29]", "oidc.eks.us-east-1.amazonaws.com/id/A", "https://oidc.eks.us-east-1.amazonaws.com/id/B", false},
		{"§1.2 trailing slash counts (UNCONFIRMED exact match) [S38g]", "auth.example.com/", "https://auth.example.com", false},
		{"§1.2 letter case counts (UNCONFIRMED exact match) [S13]", "Auth.example.com", "https://auth.example.com", false},
		{"§1.2 iss without scheme never matches an IAM provider [S13]", "auth.example.com", "auth.example.com", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := IssuerMatches(tc.url, tc.iss); got != tc.want {
				t.Errorf("IssuerMatches(%q, %q) = %v, want %v", tc.url, tc.iss, got, tc.want)
			}
		})
	}
}

// TestProviderInOtherAccount covers the same-account rule for IAM OIDC
// providers (spec §1.2, §6.7, [S25]).
func TestProviderInOtherAccount(t *testing.T) {
	cases := []struct {
		name, provider, role string
		want                 bool
	}{
		{"§1.2 same account [S25]", "111122223333", "111122223333", false},
		{"§1.2 another account is never used [S25]", "444455556666", "111122223333", true},
		{"§1.2 unknown provider account is not another [S25]", "", "111122223333", false},
		{"§1.2 unknown role account is not another [S25]", "444455556666", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ProviderInOtherAccount(tc.provider, tc.role); got != tc.want {
				t.Errorf("ProviderInOtherAccount(%q, %q) = %v, want %v", tc.provider, tc.role, got, tc.want)
			}
		})
	}
}
