// Package doctortest provides local stand-ins for what doctor talks to,
// for tests only: an OIDC issuer (discovery document, JWKS, signed RS256
// and ES256 tokens), the STS Query API answering
// AssumeRoleWithWebIdentity as its API reference documents, and an HTTP
// client that routes an issuer's https URL to the local stand-in so no
// test reaches the internet.
//
// Files: issuer.go (the OIDC issuer and the routing client), sts.go (the
// STS stand-in), env.go (an isolated AWS environment and an IRSA pod's).
package doctortest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Issuer is a stand-in OIDC issuer. Its URL is an https URL (such as an
// EKS cluster's issuer) that Client routes to a local server.
type Issuer struct {
	// URL is the iss claim of its tokens.
	URL string
	// RSA signs RS256 tokens as kid "rsa-1"; EC signs ES256 tokens as kid
	// "ec-1".
	RSA *rsa.PrivateKey
	EC  *ecdsa.PrivateKey

	server *httptest.Server
	mu     sync.Mutex
	fail   bool
	hits   []string
}

// NewIssuer starts a stand-in issuer for issuerURL on 127.0.0.1.
func NewIssuer(t testing.TB, issuerURL string) *Issuer {
	t.Helper()
	iss := &Issuer{URL: strings.TrimSuffix(issuerURL, "/")}
	var err error
	if iss.RSA, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if iss.EC, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	iss.server = httptest.NewServer(http.HandlerFunc(iss.serve))
	t.Cleanup(iss.server.Close)
	return iss
}

// SetUnavailable makes discovery answer HTTP 503 (true) or work (false).
func (iss *Issuer) SetUnavailable(fail bool) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	iss.fail = fail
}

// Hits returns the paths requested so far.
func (iss *Issuer) Hits() []string {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	return append([]string(nil), iss.hits...)
}

func (iss *Issuer) path() string {
	u, _ := url.Parse(iss.URL)
	return u.Path
}

func (iss *Issuer) serve(w http.ResponseWriter, r *http.Request) {
	iss.mu.Lock()
	iss.hits = append(iss.hits, r.URL.Path)
	fail := iss.fail
	iss.mu.Unlock()
	if fail {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case iss.path() + "/.well-known/openid-configuration":
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer":                                iss.URL,
			"jwks_uri":                              iss.URL + "/keys",
			"response_types_supported":              []string{"id_token"},
			"subject_types_supported":               []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256", "ES256"},
		})
	case iss.path() + "/keys":
		_, _ = w.Write(iss.JWKS())
	default:
		http.NotFound(w, r)
	}
}

// JWKS returns the issuer's key set: "rsa-1" and "ec-1".
func (iss *Issuer) JWKS() []byte {
	point, err := iss.EC.PublicKey.Bytes()
	if err != nil {
		panic(err)
	}
	size := (len(point) - 1) / 2
	b64 := base64.RawURLEncoding.EncodeToString
	data, _ := json.Marshal(map[string]any{"keys": []map[string]any{
		{"kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256", "n": b64(iss.RSA.N.Bytes()), "e": b64(big.NewInt(int64(iss.RSA.E)).Bytes())},
		{"kty": "EC", "kid": "ec-1", "use": "sig", "alg": "ES256", "crv": "P-256", "x": b64(point[1 : 1+size]), "y": b64(point[1+size:])},
	}})
	return data
}

// Claims are the claims of a token the issuer signs. Iss defaults to the
// issuer's URL.
type Claims map[string]any

// EKSClaims are a service account token's claims for namespace/sa, issued
// at iat and valid for a day, as the EKS pod identity webhook projects it.
func (iss *Issuer) EKSClaims(namespace, sa string, iat time.Time) Claims {
	return Claims{
		"iss": iss.URL,
		"sub": "system:serviceaccount:" + namespace + ":" + sa,
		"aud": []any{"sts.amazonaws.com"},
		"iat": iat.Unix(),
		"nbf": iat.Unix(),
		"exp": iat.Add(24 * time.Hour).Unix(),
		"kubernetes.io": map[string]any{
			"namespace":      namespace,
			"serviceaccount": map[string]any{"name": sa, "uid": "4f0c7a5e-2b7d-4e55-9b1a-3c6f1d2e8a90"},
			"pod":            map[string]any{"name": sa + "-7d9f8b6c5-x2k4q", "uid": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"},
		},
	}
}

// Sign returns a token with claims signed by the RSA key (alg "RS256")
// or the EC key (alg "ES256").
func (iss *Issuer) Sign(t testing.TB, alg string, c Claims) string {
	t.Helper()
	mc := jwt.MapClaims{}
	for k, v := range c {
		mc[k] = v
	}
	if _, ok := mc["iss"]; !ok {
		mc["iss"] = iss.URL
	}
	var tok *jwt.Token
	var key any
	switch alg {
	case "RS256":
		tok, key = jwt.NewWithClaims(jwt.SigningMethodRS256, mc), iss.RSA
		tok.Header["kid"] = "rsa-1"
	case "ES256":
		tok, key = jwt.NewWithClaims(jwt.SigningMethodES256, mc), iss.EC
		tok.Header["kid"] = "ec-1"
	default:
		t.Fatalf("doctortest: unsupported alg %s", alg)
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Client returns an HTTP client that sends requests for the issuers'
// hosts (whatever the scheme) to their local stand-ins, passes requests
// for 127.0.0.1 through, and refuses every other host, so code under test
// cannot reach the internet.
func Client(issuers ...*Issuer) *http.Client {
	routes := map[string]*Issuer{}
	for _, iss := range issuers {
		u, _ := url.Parse(iss.URL)
		routes[u.Host] = iss
	}
	return &http.Client{Timeout: 5 * time.Second, Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		if strings.HasPrefix(r.URL.Host, "127.0.0.1:") {
			return http.DefaultTransport.RoundTrip(r)
		}
		iss, ok := routes[r.URL.Host]
		if !ok {
			return nil, fmt.Errorf("doctortest: no stand-in for host %s (tests never reach the internet)", r.URL.Host)
		}
		local, _ := url.Parse(iss.server.URL)
		out := r.Clone(r.Context())
		out.URL.Scheme, out.URL.Host, out.Host = "http", local.Host, local.Host
		return http.DefaultTransport.RoundTrip(out)
	})}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
