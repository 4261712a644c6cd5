package identity

import "testing"

// TestProviderForHost covers provider classification by URL (spec §1.2,
// §2.1, §5).
func TestProviderForHost(t *testing.T) {
	cases := []struct {
		name, host string
		kind       Kind
		builtIn    bool
	}{
		{"§2.1 Cognito is built in [S6][S13]", "cognito-identity.amazonaws.com", KindCognito, true},
		{"§2.1 Google is built in [S6][S13]", "accounts.google.com", KindGoogle, true},
		{"§2.1 Facebook is built in [S6][S13]", "graph.facebook.com", KindFacebook, true},
		{"§2.1 Login with Amazon is built in [S6][S13]", "www.amazon.com", KindAmazon, true},
		{"§5 GitHub Actions [S24][S36]", "token.actions.githubusercontent.com", KindGitHub, false},
		{"§5 GitHub enterprise issuer with slug [S24][S27]", "token.actions.githubusercontent.com/octo-enterprise", KindGitHub, false},
		{"§5 GitHub enterprise github.com/enterprises prefix [S24]", "github.com/enterprises/octo", KindGitHub, false},
		{"§5 GHE.com issuer [S24][S27]", "token.actions.octo.ghe.com", KindGitHub, false},
		{"§5 GitLab.com [S24]", "gitlab.com", KindGitLab, false},
		{"§5 Buildkite [S24]", "agent.buildkite.com", KindBuildkite, false},
		{"§5 Buildkite regional .dev [S24]", "agent.eu.buildkite.dev", KindBuildkite, false},
		{"§5 CircleCI org issuer [S24][S36]", "oidc.circleci.com/org/2a3b4c5d-0000-1111-2222-333344445555", KindCircleCI, false},
		{"§5 OCI identity domain [S24]", "idcs-0123456789abcdef.identity.oraclecloud.com", KindOCI, false},
		{"§5 EKS cluster issuer [S29]", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE", KindEKS, false},
		{"§5 EKS China partition issuer [S29]", "oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC123", KindEKS, false},
		{"§5 any other issuer is generic OIDC [S11]", "auth.example.com", KindGenericOIDC, false},
		{"§1.2 trailing slash is part of the URL (generic) [S38g]", "auth.example.com/", KindGenericOIDC, false},
		{"§5 a GitHub look-alike host is generic [S24]", "token.actions.githubusercontent.com.evil.example", KindGenericOIDC, false},
		{"§5 a GitHub host with a deeper path is generic [S24]", "token.actions.githubusercontent.com/a/b", KindGenericOIDC, false},
		{"§5 self-managed GitLab is generic [S24]", "gitlab.example.com", KindGenericOIDC, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := ProviderForHost(tc.host)
			if p.Kind != tc.kind || p.BuiltIn != tc.builtIn || p.KeyPrefix != tc.host {
				t.Errorf("ProviderForHost(%q) = %+v, want kind %s builtIn %v prefix %q", tc.host, p, tc.kind, tc.builtIn, tc.host)
			}
		})
	}
}

// TestProviderPrincipal covers the Federated principal STS resolves (spec
// §1.2, §2.2).
func TestProviderPrincipal(t *testing.T) {
	cases := []struct {
		name, iss, partition, account, principal, issuer string
	}{
		{"§1.2 IAM OIDC provider ARN in the role's account [S15][S29]", "https://token.actions.githubusercontent.com", "aws", "111122223333",
			"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", "https://token.actions.githubusercontent.com"},
		{"§1.2 provider ARN keeps the path [S29]", "https://oidc.eks.us-east-1.amazonaws.com/id/EX", "aws", "111122223333",
			"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EX", "https://oidc.eks.us-east-1.amazonaws.com/id/EX"},
		{"§1.2 provider ARN keeps a trailing slash [S25][S38g]", "https://auth.example.com/", "aws", "111122223333",
			"arn:aws:iam::111122223333:oidc-provider/auth.example.com/", "https://auth.example.com/"},
		{"§1.2 partition comes from the role [S15]", "https://token.actions.githubusercontent.com", "aws-us-gov", "111122223333",
			"arn:aws-us-gov:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", "https://token.actions.githubusercontent.com"},
		{"§2.1 built-in provider principal is its host [S6]", "https://cognito-identity.amazonaws.com", "aws", "111122223333",
			"cognito-identity.amazonaws.com", "https://cognito-identity.amazonaws.com"},
		{"§2.1 Google issuer without scheme [S6][S11]", "accounts.google.com", "aws", "111122223333",
			"accounts.google.com", "https://accounts.google.com"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := ProviderForIssuer(tc.iss)
			if got := p.Principal(tc.partition, tc.account); got != tc.principal {
				t.Errorf("Principal = %q, want %q", got, tc.principal)
			}
			if got := p.Issuer(); got != tc.issuer {
				t.Errorf("Issuer = %q, want %q", got, tc.issuer)
			}
		})
	}
}

// TestParseFederatedPrincipal covers reading Federated values (spec §2.1,
// §2.6).
func TestParseFederatedPrincipal(t *testing.T) {
	cases := []struct {
		name, in  string
		ok        bool
		account   string
		keyPrefix string
		kind      Kind
	}{
		{"§2.1 OIDC provider ARN [S6][S15]", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", true, "111122223333", "token.actions.githubusercontent.com", KindGitHub},
		{"§2.1 OIDC provider ARN with path [S29]", "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC", true, "111122223333", "oidc.eks.eu-west-1.amazonaws.com/id/ABC", KindEKS},
		{"§2.1 built-in host [S6]", "cognito-identity.amazonaws.com", true, "", "cognito-identity.amazonaws.com", KindCognito},
		{"§2.6 SAML provider ARN is not web identity [S19]", "arn:aws:iam::111122223333:saml-provider/corp", false, "", "", ""},
		{"§2.6 arbitrary domain is not a provider [S19]", "example.com", false, "", "", ""},
		{"§2.6 ARN of another service [S19]", "arn:aws:sts::111122223333:oidc-provider/x", false, "", "", ""},
		{"§2.6 empty provider name [S19]", "arn:aws:iam::111122223333:oidc-provider/", false, "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pp, ok := ParseFederatedPrincipal(tc.in)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if ok && (pp.Account != tc.account || pp.Provider.KeyPrefix != tc.keyPrefix || pp.Provider.Kind != tc.kind) {
				t.Errorf("got %+v, want account %q prefix %q kind %s", pp, tc.account, tc.keyPrefix, tc.kind)
			}
		})
	}
}

// TestOIDCProviderARN covers the ARN of an IAM OIDC provider and the iss
// its tokens carry (spec §1.2, §5).
func TestOIDCProviderARN(t *testing.T) {
	cases := []struct {
		name, partition, account, host, arn, issuer string
	}{
		{"§1.2 provider ARN is oidc-provider/ plus the URL without https:// [S15]", "aws", "111122223333", "token.actions.githubusercontent.com",
			"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", "https://token.actions.githubusercontent.com"},
		{"§5 EKS provider ARN keeps the issuer path [S29]", "aws", "111122223333", "oidc.eks.eu-west-1.amazonaws.com/id/ABC",
			"arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"},
		{"§1.2 trailing slash is part of the URL [S38g]", "aws", "111122223333", "auth.example.com/",
			"arn:aws:iam::111122223333:oidc-provider/auth.example.com/", "https://auth.example.com/"},
		{"§1.2 partition as given [S15]", "aws-cn", "111122223333", "auth.example.com",
			"arn:aws-cn:iam::111122223333:oidc-provider/auth.example.com", "https://auth.example.com"},
		{"§1.2 empty partition means aws [S15]", "", "111122223333", "auth.example.com",
			"arn:aws:iam::111122223333:oidc-provider/auth.example.com", "https://auth.example.com"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := OIDCProviderARN(tc.partition, tc.account, tc.host); got != tc.arn {
				t.Errorf("OIDCProviderARN = %q, want %q", got, tc.arn)
			}
			if got := IssuerForHost(tc.host); got != tc.issuer {
				t.Errorf("IssuerForHost = %q, want %q", got, tc.issuer)
			}
			pp, ok := ParseFederatedPrincipal(tc.arn)
			if !ok || pp.Account != tc.account || pp.Provider.KeyPrefix != tc.host {
				t.Errorf("ParseFederatedPrincipal(%q) = %+v, %v: does not read back", tc.arn, pp, ok)
			}
		})
	}
}

// TestIsRoleARN covers what counts as an IAM role ARN (spec §1.1, [S22]).
func TestIsRoleARN(t *testing.T) {
	cases := []struct {
		name, in string
		want     bool
	}{
		{"§1.1 role ARN [S22]", "arn:aws:iam::111122223333:role/app", true},
		{"§1.1 role ARN with a path [S22]", "arn:aws:iam::111122223333:role/ci/deploy", true},
		{"§1.1 other partition [S22]", "arn:aws-us-gov:iam::111122223333:role/app", true},
		{"§1.1 a user is not a role [S22]", "arn:aws:iam::111122223333:user/alice", false},
		{"§1.1 an OIDC provider is not a role [S22]", "arn:aws:iam::111122223333:oidc-provider/auth.example.com", false},
		{"§1.1 an STS assumed-role session is not a role [S22]", "arn:aws:sts::111122223333:assumed-role/app/s", false},
		{"§1.1 not an ARN [S22]", "app", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsRoleARN(tc.in); got != tc.want {
				t.Errorf("IsRoleARN(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}
