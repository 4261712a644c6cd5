package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/strictjson"
	"github.com/stsguard/terraform-provider-stsguard/internal/token"
)

// discoveryTimeout bounds each discovery request. STS itself gives up on
// identity providers slower than about 5 seconds.
const discoveryTimeout = 5 * time.Second

// maxDiscoveryBytes bounds a discovery document or JWKS.
const maxDiscoveryBytes = 1 << 20

// Signature is the outcome of signature verification.
type Signature struct {
	// Verified is true when the signature verified.
	Verified bool `json:"verified"`
	// Checked is true when keys were available and the signature was
	// compared with them (verified or not).
	Checked bool `json:"checked"`
	// Key names the key that verified it, e.g. kid "abc".
	Key string `json:"key,omitempty"`
	// KeysFrom is where the keys came from: the --jwks file or the
	// issuer's jwks_uri.
	KeysFrom string `json:"keys_from,omitempty"`
	// Reason says why it was not verified; "" when verified.
	Reason string `json:"reason,omitempty"`
}

// verifySignature checks raw against the JWKS file, or against the keys
// found by OIDC discovery unless offline. A discovery failure is reported
// in Reason (a warning), never as an error.
func verifySignature(ctx context.Context, raw string, tok *token.Token, jwks []byte, jwksFile string, offline bool, client *http.Client) Signature {
	var sig Signature
	switch {
	case jwks != nil:
		sig.KeysFrom = "--jwks " + jwksFile
	case offline:
		sig.Reason = "not verified: --offline and no --jwks FILE"
		return sig
	default:
		var where string
		var err error
		jwks, where, err = discoverJWKS(ctx, client, tok.Issuer)
		if err != nil {
			sig.Reason = "not verified (warning): " + err.Error() + "; pass the issuer's keys with --jwks FILE to verify offline"
			return sig
		}
		sig.KeysFrom = where
	}
	keys, err := token.ParseJWKS(jwks)
	if err != nil {
		sig.Reason = fmt.Sprintf("not verified: the keys from %s are unusable: %v", sig.KeysFrom, err)
		if jwksFile != "" {
			sig.Checked = true
		}
		return sig
	}
	sig.Checked = true
	if _, err := token.Decode(raw, token.Options{KeySet: keys}); err != nil {
		sig.Reason = "does not verify: " + err.Error() + "; STS answers InvalidIdentityToken for such a token"
		return sig
	}
	sig.Verified = true
	if tok.KeyID != "" {
		sig.Key = fmt.Sprintf("kid %q (%s)", tok.KeyID, tok.Algorithm)
	} else {
		sig.Key = fmt.Sprintf("the only %s key (the token has no kid)", tok.Algorithm)
	}
	return sig
}

// discoverJWKS fetches the issuer's openid-configuration, then its
// jwks_uri, each with a short timeout, and returns the JWKS and its URL.
func discoverJWKS(ctx context.Context, client *http.Client, issuer string) ([]byte, string, error) {
	if !strings.HasPrefix(issuer, "https://") {
		return nil, "", fmt.Errorf("the issuer %q is not an https URL, so it has no discovery document STS could read", issuer)
	}
	configURL := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
	body, err := getJSON(ctx, client, configURL)
	if err != nil {
		return nil, "", fmt.Errorf("OIDC discovery failed: %v", err)
	}
	var doc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, "", fmt.Errorf("OIDC discovery failed: %s is not JSON: %v", configURL, err)
	}
	if err := strictjson.CheckNames(body, &doc); err != nil {
		return nil, "", fmt.Errorf("OIDC discovery failed: %s: %v", configURL, err)
	}
	if doc.JWKSURI == "" {
		return nil, "", fmt.Errorf("OIDC discovery failed: %s has no jwks_uri", configURL)
	}
	if u, err := url.Parse(doc.JWKSURI); err != nil || u.Scheme != "https" {
		return nil, "", fmt.Errorf("OIDC discovery failed: the jwks_uri %q in %s is not an https URL", doc.JWKSURI, configURL)
	}
	jwks, err := getJSON(ctx, client, doc.JWKSURI)
	if err != nil {
		return nil, "", fmt.Errorf("fetching the JWKS failed: %v", err)
	}
	return jwks, doc.JWKSURI + " (from " + configURL + ")", nil
}

// getJSON fetches a small JSON document.
func getJSON(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, discoveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %v", u, unwrapURLErr(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: HTTP %d", u, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDiscoveryBytes+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %v", u, err)
	}
	if len(body) > maxDiscoveryBytes {
		return nil, fmt.Errorf("GET %s: the document is larger than 1 MiB", u)
	}
	return body, nil
}

func unwrapURLErr(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
