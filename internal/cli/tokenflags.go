package cli

import (
	"flag"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/token"
)

// tokenFlags are explain's "decode a real token" inputs: --token FILE
// instead of --request, with the account's OIDC providers and a JWKS.
type tokenFlags struct {
	file      string
	jwksFile  string
	roleARN   string
	sessionNm string
	now       string
	providers listFlag
}

func addTokenFlags(fs *flag.FlagSet) *tokenFlags {
	t := &tokenFlags{}
	fs.StringVar(&t.file, "token", "", "file holding a web-identity token (JWT) captured from a failing run; it is never printed")
	fs.StringVar(&t.jwksFile, "jwks", "", "JWKS JSON file; when given, the token's signature must verify")
	fs.StringVar(&t.roleARN, "role-arn", "", "ARN of the role being assumed (with --token); its account resolves the issuer to the provider ARN")
	fs.StringVar(&t.sessionNm, "role-session-name", "", "RoleSessionName of the call (with --token), the sts:RoleSessionName key")
	fs.StringVar(&t.now, "now", "", "the time to judge the token's expiry at (with --token), RFC 3339 such as 2026-11-28T12:00:00Z; default: the current time")
	fs.Var(&t.providers, "oidc-provider", "IAM OIDC provider of the role's account as URL=client1,client2 (repeatable); enables STS's issuer and audience checks")
	return t
}

// request decodes the token file and builds the request from its claims,
// with the report of what was checked of the token.
func (t *tokenFlags) request() (*identity.Request, *explain.TokenReport, error) {
	if err := checkNowFlag(t.now); err != nil {
		return nil, nil, err
	}
	data, err := readFile("--token", t.file)
	if err != nil {
		return nil, nil, err
	}
	opts := token.Options{}
	if t.jwksFile != "" {
		if opts.JWKS, err = readFile("--jwks", t.jwksFile); err != nil {
			return nil, nil, err
		}
	}
	raw := strings.TrimSpace(string(data))
	tok, err := token.Decode(raw, opts)
	if err != nil {
		return nil, nil, badInput("%s: %v", t.file, err)
	}
	verification := tok.Verification()
	if !tok.SignatureVerified {
		verification = "not verified: no --jwks given, so the signature was not checked"
	}
	rep := &explain.TokenReport{
		Fingerprint: token.Fingerprint(raw), Algorithm: tok.Algorithm, SignatureVerified: tok.SignatureVerified,
		VerifiedKeyID: tok.VerifiedKeyID, VerifiedKeyThumbprint: tok.VerifiedKeyThumbprint, Verification: verification,
	}
	req := &identity.Request{RoleARN: t.roleARN, Claims: tok.Claims, Now: t.now}
	if t.sessionNm != "" {
		req.Context = map[string]identity.StringList{"sts:RoleSessionName": {t.sessionNm}}
	}
	for _, p := range t.providers {
		url, ids, ok := strings.Cut(p, "=")
		if !ok || url == "" {
			return nil, nil, badInput("--oidc-provider %q: expected URL=client1,client2", p)
		}
		prov := identity.OIDCProvider{URL: url}
		for _, id := range strings.Split(ids, ",") {
			if id = strings.TrimSpace(id); id != "" {
				prov.ClientIDs = append(prov.ClientIDs, id)
			}
		}
		req.OIDCProviders = append(req.OIDCProviders, prov)
	}
	return req, rep, nil
}

// checkNowFlag checks a --now value: "" (the current time) or RFC 3339.
func checkNowFlag(v string) error {
	if v == "" {
		return nil
	}
	if _, err := time.Parse(time.RFC3339, v); err != nil {
		return badInput("--now %q: expected an RFC 3339 time such as 2026-11-28T12:00:00Z", v)
	}
	return nil
}
