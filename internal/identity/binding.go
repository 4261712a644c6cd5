package identity

import (
	"encoding/json"
	"fmt"
	"strings"
)

// DefaultAudience is the audience AWS SDKs and EKS request for STS.
const DefaultAudience = "sts.amazonaws.com"

// GitHubIssuer is GitHub.com's Actions token issuer.
const GitHubIssuer = "https://" + GitHubHost

// CognitoIssuer is the issuer of Cognito identity-pool tokens.
const CognitoIssuer = "https://" + CognitoHost

// Binding is a declared caller of a role: something that will present a
// token (or an IAM identity) to STS. Request builds the STS request it
// makes; Subject describes it for people.
type Binding interface {
	// Kind names the binding type, e.g. "eks_service_account".
	Kind() string
	// Request builds the STS request for a role in roleARN's account.
	Request(roleARN string) (*Request, error)
}

// EKSServiceAccount is a Kubernetes service account using IRSA.
type EKSServiceAccount struct {
	Namespace, ServiceAccount string
	// Exactly one of OIDCIssuer (https://oidc.eks.REGION.amazonaws.com/id/ID)
	// and OIDCProviderARN.
	OIDCIssuer, OIDCProviderARN string
	// Audience defaults to sts.amazonaws.com.
	Audience string
}

// Kind implements Binding.
func (EKSServiceAccount) Kind() string { return "eks_service_account" }

// Request implements Binding.
func (b EKSServiceAccount) Request(roleARN string) (*Request, error) {
	sub, err := EKSSubject(b.Namespace, b.ServiceAccount)
	if err != nil {
		return nil, err
	}
	req := &Request{RoleARN: roleARN, Claims: map[string]any{"sub": sub, "aud": orDefault(b.Audience, DefaultAudience)}}
	if err := setIssuer(req, b.OIDCIssuer, b.OIDCProviderARN); err != nil {
		return nil, err
	}
	return req, nil
}

// GitHubActions is a GitHub Actions workflow.
type GitHubActions struct {
	Repository string
	// Exactly one of Ref, Environment, PullRequest, Subject.
	Ref, Environment string
	PullRequest      bool
	Subject          string
	// Claims are extra claims (job_workflow_ref, repository_id, ...).
	Claims   map[string]string
	Audience string
	// Issuer defaults to https://token.actions.githubusercontent.com.
	Issuer string
}

// Kind implements Binding.
func (GitHubActions) Kind() string { return "github_actions" }

// Request implements Binding. The sub is built as GitHub does: environment
// takes precedence over pull_request over ref (aws-reference.md#github-actions-subjects).
func (b GitHubActions) Request(roleARN string) (*Request, error) {
	sub, err := b.subject()
	if err != nil {
		return nil, err
	}
	claims := map[string]any{"repository": b.Repository, "aud": orDefault(b.Audience, DefaultAudience), "sub": sub}
	switch {
	case b.Subject != "":
	case b.Environment != "":
		claims["environment"] = b.Environment
	case b.PullRequest:
	default:
		claims["ref"] = FullRef(b.Ref)
	}
	for k, v := range b.Claims {
		claims[k] = v
	}
	claims["iss"] = orDefault(b.Issuer, GitHubIssuer)
	return &Request{RoleARN: roleARN, Claims: claims}, nil
}

// SubjectClaim is the sub claim of the binding's requests, and the error
// Request gives, without building a request.
func (b GitHubActions) SubjectClaim() (string, error) {
	sub, err := b.subject()
	if v, ok := b.Claims["sub"]; ok && err == nil {
		return v, nil // an extra claim replaces it, as in Request
	}
	return sub, err
}

// subject is the sub GitHub builds for the binding (Request's).
func (b GitHubActions) subject() (string, error) {
	set := 0
	for _, v := range []bool{b.Ref != "", b.Environment != "", b.PullRequest, b.Subject != ""} {
		if v {
			set++
		}
	}
	if set != 1 {
		return "", fmt.Errorf("give exactly one of ref, environment, pull_request = true or subject")
	}
	switch {
	case b.Subject != "":
		if err := checkRepository(b.Repository); err != nil {
			return "", err
		}
		return b.Subject, nil
	case b.Environment != "":
		return GitHubSubject(b.Repository, GitHubEnvironment, b.Environment)
	case b.PullRequest:
		return GitHubSubject(b.Repository, GitHubPullRequest, "")
	}
	return GitHubSubject(b.Repository, GitHubRef, b.Ref)
}

// CognitoIdentityPool is an identity of a Cognito identity pool.
type CognitoIdentityPool struct {
	IdentityPoolID string
	Authenticated  bool
	LoginProviders []string
}

// Kind implements Binding.
func (CognitoIdentityPool) Kind() string { return "cognito_identity_pool" }

// Request implements Binding: aud is the pool id and amr is
// ["unauthenticated"] or ["authenticated", <login providers>...]
// (aws-reference.md#claim-keys-per-provider, aws-reference.md#cognito-identities).
func (b CognitoIdentityPool) Request(roleARN string) (*Request, error) {
	region, _, ok := strings.Cut(b.IdentityPoolID, ":")
	if !ok || region == "" {
		return nil, fmt.Errorf("identity_pool_id %q must have the form REGION:GUID, for example \"us-east-1:1a2b3c4d-...\"", b.IdentityPoolID)
	}
	amr := []any{"unauthenticated"}
	if b.Authenticated {
		amr = []any{"authenticated"}
		for _, p := range b.LoginProviders {
			amr = append(amr, p)
		}
	}
	claims := map[string]any{
		"iss": CognitoIssuer,
		"aud": b.IdentityPoolID,
		"sub": region + ":00000000-0000-0000-0000-000000000000",
		"amr": amr,
	}
	return &Request{RoleARN: roleARN, Principal: CognitoHost, Claims: claims}, nil
}

// OIDC is any other issuer, described by its claims.
type OIDC struct {
	// Exactly one of Issuer, OIDCProviderARN, Principal (built-in host).
	Issuer, OIDCProviderARN, Principal string
	// ClaimsJSON is a JSON object of token claims.
	ClaimsJSON string
}

// Kind implements Binding.
func (OIDC) Kind() string { return "oidc" }

// Request implements Binding.
func (b OIDC) Request(roleARN string) (*Request, error) {
	claims := map[string]any{}
	if strings.TrimSpace(b.ClaimsJSON) != "" {
		dec := json.NewDecoder(strings.NewReader(b.ClaimsJSON))
		dec.UseNumber()
		if err := dec.Decode(&claims); err != nil {
			return nil, fmt.Errorf("claims_json must be a JSON object of token claims: %v", err)
		}
	}
	req := &Request{RoleARN: roleARN, Claims: claims}
	if b.Principal != "" {
		if _, ok := builtIns[b.Principal]; !ok {
			return nil, fmt.Errorf("principal %q is not a built-in provider (%s, %s, %s, %s); use issuer or oidc_provider_arn for other providers", b.Principal, CognitoHost, GoogleHost, FacebookHost, AmazonHost)
		}
		req.Principal = b.Principal
		if _, ok := claims["iss"]; !ok && b.Principal != FacebookHost && b.Principal != AmazonHost {
			claims["iss"] = "https://" + b.Principal
		}
		return req, nil
	}
	if err := setIssuer(req, b.Issuer, b.OIDCProviderARN); err != nil {
		return nil, err
	}
	return req, nil
}

// setIssuer fills iss (and the principal, for a provider ARN) from exactly
// one of an issuer URL or an IAM OIDC provider ARN.
func setIssuer(req *Request, issuer, providerARN string) error {
	switch {
	case issuer != "" && providerARN != "":
		return fmt.Errorf("give oidc_issuer or oidc_provider_arn, not both")
	case providerARN != "":
		pp, ok := ParseFederatedPrincipal(providerARN)
		if !ok || pp.Provider.BuiltIn {
			return fmt.Errorf("oidc_provider_arn %q is not an IAM OIDC provider ARN such as arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE", providerARN)
		}
		req.Principal = providerARN
		if _, ok := req.Claims["iss"]; !ok {
			req.Claims["iss"] = pp.Provider.Issuer()
		}
	case issuer != "":
		if !strings.HasPrefix(issuer, "https://") {
			return fmt.Errorf("issuer %q must start with https:// (the token's iss claim)", issuer)
		}
		req.Claims["iss"] = issuer
		if req.RoleARN == "" {
			return fmt.Errorf("role_arn is needed to resolve issuer %s to the OIDC provider ARN in the role's account", issuer)
		}
	default:
		return fmt.Errorf("give oidc_issuer or oidc_provider_arn")
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
