// Package check evaluates a trust policy against declared callers (identity
// bindings) and says, per binding, whether the decision matches what was
// expected. It is the engine behind the stsguard_role_trust data source and
// the linter's declared bindings.
//
// Files: check.go (Run, Admits), blocks.go (the binding blocks of
// stsguard_role_trust), rcp.go (resource control policies: RCP, ParseRCP).
package check

import (
	"fmt"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/admits"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/token"
)

// Expectations.
const (
	ExpectAllow = "allow"
	ExpectDeny  = "deny"
)

// Caller is who presents itself to STS: an identity.Binding (web identity
// described by its parts), a *TokenCaller or a *RoleCaller.
type Caller interface{ Kind() string }

// TokenCaller is a real token captured from a run.
type TokenCaller struct {
	Token string
	JWKS  string
}

// Kind implements Caller.
func (*TokenCaller) Kind() string { return "web_identity_token" }

// RoleCaller is an IAM role calling sts:AssumeRole (role chaining).
type RoleCaller struct {
	RoleARN          string
	IdentityPolicies []string
}

// Kind implements Caller.
func (*RoleCaller) Kind() string { return "aws_role" }

// Binding is a caller with what is expected of it.
type Binding struct {
	// Label names the binding in messages.
	Label string
	// Expect is ExpectAllow or ExpectDeny.
	Expect string
	Caller Caller
}

// Input is a trust policy with its role and callers.
type Input struct {
	Policy        *policy.Document
	RoleARN       string
	OIDCProviders []identity.OIDCProvider
	Bindings      []Binding
	// RCPs are the resource control policies that apply to the role's
	// account; a Deny in one refuses a web identity the trust allows.
	RCPs []RCP
	// Now is the clock for token expiry; zero means the current time.
	Now time.Time
}

// Result is the outcome for one binding.
type Result struct {
	Label, Kind, Principal, Subject string
	Expected                        string
	// Decision is one of the evaluate decisions.
	Decision evaluate.Decision
	Passed   bool
	// STSError is what STS answers ("" when allowed).
	STSError  string
	DecidedBy string
	Reasons   []string
	Fix       string
	// Err is set when the binding itself is invalid (bad input); Field
	// names the binding attribute at fault when known.
	Err   error
	Field string
	// Request is the web-identity request the binding makes (nil for role
	// chaining and invalid bindings).
	Request *identity.Request
	// Token is the decoded token of a TokenCaller (nil otherwise), so that
	// callers can say whether its signature was verified and with which
	// key (Token.Verification).
	Token *token.Token
	// TokenFingerprint is token.Fingerprint of a TokenCaller's token.
	TokenFingerprint string
}

// Run evaluates every binding. Bindings with invalid input get Err set and
// do not count as passed.
func Run(in Input) []Result {
	out := make([]Result, len(in.Bindings))
	for i, b := range in.Bindings {
		out[i] = runOne(in, b)
	}
	return out
}

func runOne(in Input, b Binding) Result {
	r := Result{Label: b.Label, Kind: b.Caller.Kind(), Expected: b.Expect}
	if r.Expected == "" {
		r.Expected = ExpectAllow
	}
	switch c := b.Caller.(type) {
	case *RoleCaller:
		return runChain(in, c, r)
	case *TokenCaller:
		opts := token.Options{}
		if strings.TrimSpace(c.JWKS) != "" {
			opts.JWKS = []byte(c.JWKS)
		}
		tok, err := token.Decode(strings.TrimSpace(c.Token), opts)
		if err != nil {
			r.Err, r.Field = err, "token"
			if token.KindOf(err) == token.KindBadJWKS {
				r.Field = "jwks"
			}
			return r
		}
		r.Token, r.TokenFingerprint = tok, token.Fingerprint(strings.TrimSpace(c.Token))
		return runWeb(in, &identity.Request{RoleARN: in.RoleARN, Claims: tok.Claims}, r)
	case identity.Binding:
		req, err := c.Request(in.RoleARN)
		if err != nil {
			r.Err = err
			return r
		}
		return runWeb(in, req, r)
	}
	r.Err = fmt.Errorf("unsupported caller kind %q", b.Caller.Kind())
	return r
}

func runWeb(in Input, req *identity.Request, r Result) Result {
	req.OIDCProviders = in.OIDCProviders
	if !in.Now.IsZero() {
		req.Now = in.Now.UTC().Format(time.RFC3339)
	}
	if sub, ok := req.Claims["sub"].(string); ok {
		r.Subject = sub
	}
	docs, names := make([]*policy.Document, len(in.RCPs)), make([]string, len(in.RCPs))
	for i, rcp := range in.RCPs {
		docs[i], names[i] = rcp.Doc, rcp.Name
	}
	res, err := evaluate.Request(in.Policy, req, docs...)
	if err != nil {
		r.Err = err
		return r
	}
	r.Request = req
	r.Principal = res.Request.Principal
	r.Decision, r.STSError = res.Decision, res.Error
	if res.DecidedBy != nil {
		r.DecidedBy = statementName(res.DecidedBy)
		if i := res.DecidedByRCP; i != nil {
			r.DecidedBy += " of resource control policy " + names[*i]
		}
	}
	r.Fix, r.Reasons = explain.FixNamed(res, names)
	r.Passed = res.Decision.Allowed() == (r.Expected == ExpectAllow)
	if !r.Passed && r.Expected == ExpectDeny {
		r.Fix = fmt.Sprintf("%s lets this identity in although expect = \"deny\": add a condition to it that excludes %q (for example a StringNotEquals or a narrower StringEquals on the subject), or add a Deny statement for it", r.DecidedBy, r.Subject)
	}
	return r
}

func runChain(in Input, c *RoleCaller, r Result) Result {
	r.Principal, r.Subject = c.RoleARN, c.RoleARN
	var docs []*policy.Document
	for i, text := range c.IdentityPolicies {
		d, _, err := policy.Parse([]byte(text))
		if err != nil {
			r.Err, r.Field = fmt.Errorf("identity_policies[%d]: %v", i, err), "identity_policies"
			return r
		}
		docs = append(docs, d)
	}
	res, err := evaluate.Chain(evaluate.ChainInput{Trust: in.Policy, TargetRoleARN: in.RoleARN, CallerRoleARN: c.RoleARN, IdentityPolicies: docs})
	if err != nil {
		r.Err = err
		return r
	}
	r.Decision, r.STSError = res.Decision, res.Error
	if res.Trust.DecidedBy != nil {
		r.DecidedBy = statementName(res.Trust.DecidedBy)
	}
	r.Passed = res.Decision.Allowed() == (r.Expected == ExpectAllow)
	r.Fix, r.Reasons = explain.ChainFix(res, in.RoleARN, c.RoleARN)
	switch {
	case r.Passed:
		r.Fix = ""
	case r.Expected == ExpectDeny:
		r.Fix = fmt.Sprintf("the caller role %s can assume the role; remove it from the trust or deny sts:AssumeRole in its identity policy", c.RoleARN)
	}
	return r
}

func statementName(ref *evaluate.StatementRef) string {
	return explain.StatementName(ref.Index, ref.Sid)
}

// Admits analyses who else the trust admits beyond the web-identity
// bindings expected to be allowed (issue "who else can assume this role").
func Admits(in Input, results []Result) (*admits.Analysis, error) {
	var callers []*identity.Request
	for _, r := range results {
		if r.Request != nil && r.Expected == ExpectAllow {
			callers = append(callers, r.Request)
		}
	}
	return admits.Analyze(in.Policy, in.RoleARN, callers)
}
