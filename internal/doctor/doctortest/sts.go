package doctortest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/token"
)

// Credentials the stand-in issues; a test asserts they never appear in
// any output.
const (
	AccessKeyID     = "ASIASTANDINEXAMPLE7Q"
	SecretAccessKey = "sTaNdInSeCrEtKeY/K7MDENG/bPxRfiCYEXAMPLEKEY"
	SessionToken    = "FwoGZXIvYXdzEStandInSessionTokenNeverPrintMe0123456789"
)

// Error answers as the AssumeRoleWithWebIdentity API reference lists them
// (code, HTTP status, message).
var (
	AccessDenied          = STSError{"AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity"}
	InvalidIdentityToken  = STSError{"InvalidIdentityToken", 400, "The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request."}
	ExpiredToken          = STSError{"ExpiredTokenException", 400, "The web identity token that was passed is expired or is not valid. Get a new identity token from the identity provider and then retry the request."}
	IDPCommunicationError = STSError{"IDPCommunicationError", 400, "The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions. Retry the request a limited number of times and wait between attempts to avoid throttling."}
	IDPRejectedClaim      = STSError{"IDPRejectedClaim", 403, "The identity provider (IdP) reported that authentication failed. This might be because the claim is invalid."}
	Throttling            = STSError{"Throttling", 400, "Rate exceeded"}
)

// STSError is one error answer.
type STSError struct {
	Code    string
	Status  int
	Message string
}

// Role is a role the stand-in account holds.
type Role struct {
	ARN   string
	Trust string // trust policy JSON
}

// STS is a stand-in for the STS Query API on 127.0.0.1. It decides like
// STS: the issuer must be a registered provider whose keys verify the
// signature, the audience must be registered, the token unexpired at Now,
// and the role's trust must allow the request (decided by the engine).
type STS struct {
	URL string
	// Now is the stand-in's clock.
	Now time.Time

	mu        sync.Mutex
	roles     map[string]string
	providers []identity.OIDCProvider
	keys      map[string][]byte
	force     *STSError
	calls     []url.Values
	requestN  int
	server    *httptest.Server
}

// NewSTS starts the stand-in with its clock at now.
func NewSTS(t testing.TB, now time.Time) *STS {
	t.Helper()
	s := &STS{Now: now, roles: map[string]string{}, keys: map[string][]byte{}}
	s.server = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.server.URL
	t.Cleanup(s.server.Close)
	return s
}

// AddRole adds a role with its trust policy.
func (s *STS) AddRole(r Role) { s.mu.Lock(); s.roles[r.ARN] = r.Trust; s.mu.Unlock() }

// AddProvider registers an IAM OIDC provider for iss with its audiences
// and keys.
func (s *STS) AddProvider(iss *Issuer, clientIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.providers = append(s.providers, identity.OIDCProvider{URL: iss.URL, ClientIDs: clientIDs})
	s.keys[iss.URL] = iss.JWKS()
}

// Force makes every call answer e (nil: decide normally).
func (s *STS) Force(e *STSError) { s.mu.Lock(); s.force = e; s.mu.Unlock() }

// Calls returns the form of each call received.
func (s *STS) Calls() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.calls...)
}

func (s *STS) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.calls = append(s.calls, r.PostForm)
	s.requestN++
	reqID := fmt.Sprintf("5tand1n0-0000-4000-8000-%012d", s.requestN)
	force := s.force
	s.mu.Unlock()
	w.Header().Set("x-amzn-RequestId", reqID)
	w.Header().Set("Content-Type", "text/xml")
	f := r.PostForm
	switch {
	case f.Get("Action") != "AssumeRoleWithWebIdentity" || f.Get("Version") != "2011-06-15":
		writeError(w, STSError{"InvalidAction", 400, "Could not find operation " + f.Get("Action") + " for version " + f.Get("Version")}, reqID)
		return
	case r.Header.Get("Authorization") != "":
		writeError(w, STSError{"InvalidParameterValue", 400, "stand-in: AssumeRoleWithWebIdentity is unsigned; the request carried an Authorization header"}, reqID)
		return
	case force != nil:
		writeError(w, *force, reqID)
		return
	}
	out, e := s.decide(f)
	if e != nil {
		writeError(w, *e, reqID)
		return
	}
	out.RequestID = reqID
	writeSuccess(w, out)
}

// decide applies STS's checks in the order of the API reference.
func (s *STS) decide(f url.Values) (success, *STSError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	raw, roleARN, session := f.Get("WebIdentityToken"), f.Get("RoleArn"), f.Get("RoleSessionName")
	if roleARN == "" || session == "" || raw == "" {
		return success{}, &STSError{"ValidationError", 400, "1 validation error detected: a required parameter is missing"}
	}
	tok, err := token.Decode(raw, token.Options{})
	if err != nil {
		e := InvalidIdentityToken
		return success{}, &e
	}
	keys, ok := s.keys[tok.Issuer]
	if !ok {
		return success{}, &STSError{"InvalidIdentityToken", 400, "No OpenIDConnect provider found in your account for " + tok.Issuer}
	}
	if _, err := token.Decode(raw, token.Options{JWKS: keys}); err != nil {
		e := InvalidIdentityToken
		return success{}, &e
	}
	d, _, _ := evaluate.CheckToken(tok.Claims, s.providers, s.Now)
	switch d {
	case "":
	case evaluate.ExpiredToken:
		e := ExpiredToken
		return success{}, &e
	default:
		return success{}, &STSError{"InvalidIdentityToken", 400, "Incorrect token audience"}
	}
	trust, ok := s.roles[roleARN]
	if !ok {
		e := AccessDenied
		return success{}, &e
	}
	doc, _, err := policy.Parse([]byte(trust))
	if err != nil {
		e := AccessDenied
		return success{}, &e
	}
	res, err := evaluate.Request(doc, &identity.Request{
		RoleARN: roleARN, Claims: tok.Claims, OIDCProviders: s.providers,
		Context: map[string]identity.StringList{"sts:RoleSessionName": {session}},
		Now:     s.Now.Format(time.RFC3339),
	})
	if err != nil || !res.Decision.Allowed() {
		e := AccessDenied
		return success{}, &e
	}
	a, _ := identity.ParseARN(roleARN)
	name := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
	aud := ""
	if len(tok.Audiences) > 0 {
		aud = tok.Audiences[0]
	}
	return success{
		Subject: tok.Subject, Audience: aud, Provider: tok.Issuer,
		ARN:        fmt.Sprintf("arn:%s:sts::%s:assumed-role/%s/%s", a.Partition, a.Account, name, session),
		RoleID:     "AROASTANDINROLEID0001:" + session,
		Expiration: s.Now.Add(900 * time.Second).UTC().Format(time.RFC3339),
	}, nil
}

type success struct {
	Subject, Audience, Provider, ARN, RoleID, Expiration, RequestID string
}

func writeSuccess(w http.ResponseWriter, s success) {
	esc := func(v string) string {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(v))
		return b.String()
	}
	fmt.Fprintf(w, `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>%s</SubjectFromWebIdentityToken>
    <Audience>%s</Audience>
    <AssumedRoleUser>
      <Arn>%s</Arn>
      <AssumedRoleId>%s</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>%s</SessionToken>
      <SecretAccessKey>%s</SecretAccessKey>
      <Expiration>%s</Expiration>
      <AccessKeyId>%s</AccessKeyId>
    </Credentials>
    <Provider>%s</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>%s</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
`, esc(s.Subject), esc(s.Audience), esc(s.ARN), esc(s.RoleID), SessionToken, esc(SecretAccessKey), s.Expiration, AccessKeyID, esc(s.Provider), s.RequestID)
}

func writeError(w http.ResponseWriter, e STSError, reqID string) {
	typ := "Sender"
	if e.Status >= 500 {
		typ = "Receiver"
	}
	w.WriteHeader(e.Status)
	var msg strings.Builder
	_ = xml.EscapeText(&msg, []byte(e.Message))
	fmt.Fprintf(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>%s</Type>
    <Code>%s</Code>
    <Message>%s</Message>
  </Error>
  <RequestId>%s</RequestId>
</ErrorResponse>
`, typ, e.Code, msg.String(), reqID)
}
