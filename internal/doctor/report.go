package doctor

import (
	"context"
	"net/http"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// Options are doctor's inputs.
type Options struct {
	Flags InputFlags
	// JWKS is the --jwks file's content (nil when not given) and JWKSFile
	// its name.
	JWKS     []byte
	JWKSFile string
	// Region overrides the SDK's region (--region).
	Region string
	// Now is the clock for expiry; zero means the current time.
	Now time.Time
	// Offline skips discovery and the STS call; NoDiscovery skips only
	// discovery (the signature is then left to STS).
	Offline, NoDiscovery bool
	// Env reads the environment (os.Getenv).
	Env func(string) string
	// HTTPClient fetches discovery documents and the GitHub Actions token;
	// nil means a default client. STSClient is the client for STS; nil for
	// the SDK default.
	HTTPClient, STSClient *http.Client
	// Engine decides a request against the trust policy; nil when no
	// policy was given. TrustSource names the policy in the output.
	Engine      func(*identity.Request) (*explain.Report, error)
	TrustSource string
}

// Report is doctor's result, also its JSON output. It never holds the
// token or credentials.
type Report struct {
	// Verdict comes first: the summary a person reads.
	Verdict Verdict      `json:"verdict"`
	Inputs  Sources      `json:"inputs"`
	Token   *TokenReport `json:"token"`
	STS     STSAnswer    `json:"sts"`
	// Trust is the engine's decision; null without --policy or --plan.
	Trust *TrustReport `json:"trust"`
}

// TrustReport is the engine's explanation of the same request.
type TrustReport struct {
	Source  string          `json:"source"`
	Explain *explain.Report `json:"explain"`
}

// Run checks the role and token end to end. Errors are *InputError (exit
// 2) or *UnreachableError (exit 3); everything else is in the Report.
func Run(ctx context.Context, o Options) (*Report, error) {
	client := o.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now().UTC().Truncate(time.Second)
	}
	src, raw, err := resolveInputs(ctx, o.Flags, o.Env, client)
	if err != nil {
		return nil, err
	}
	rep := &Report{Inputs: src}
	tr, decoded, err := decodeToken(raw, src.TokenFrom, now)
	if err != nil {
		return nil, err
	}
	rep.Token = tr
	if o.NoDiscovery && o.JWKS == nil {
		tr.Signature = Signature{Reason: "not checked here; STS verifies it with the issuer's keys"}
	} else {
		tr.Signature = verifySignature(ctx, raw, decoded, o.JWKS, o.JWKSFile, o.Offline, client)
	}

	if o.Engine != nil {
		req := &identity.Request{
			RoleARN: src.RoleARN,
			Claims:  decoded.Claims,
			Context: map[string]identity.StringList{"sts:RoleSessionName": {src.SessionName}},
			Now:     now.Format(time.RFC3339),
		}
		ex, err := o.Engine(req)
		if err != nil {
			return nil, err
		}
		rep.Trust = &TrustReport{Source: o.TrustSource, Explain: ex}
	}

	if o.Offline {
		rep.STS = STSAnswer{Outcome: OutcomeSkipped, Detail: "--offline: STS was not called"}
	} else {
		rep.STS, err = CallSTS(ctx, STSCall{
			RoleARN: src.RoleARN, SessionName: src.SessionName, Region: o.Region,
			Env: o.Env, HTTPClient: o.STSClient,
		}, raw)
		if err != nil {
			return nil, err
		}
	}
	decide(rep, o.Offline)
	return rep, nil
}
