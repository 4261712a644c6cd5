package doctor

import (
	"fmt"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
)

// Exit codes of doctor.
const (
	ExitAllowed     = 0 // STS issued credentials (--offline: the engine allows)
	ExitRefused     = 1 // STS refused, or the engine denies
	ExitBadInput    = 2 // bad input or usage
	ExitUnreachable = 3 // STS (or the token service) unreachable, or an unexpected answer
)

// Verdict is what a person reads first.
type Verdict struct {
	// Exit is the process exit code.
	Exit int `json:"exit_code"`
	// Headline is one sentence: what happened.
	Headline string `json:"headline"`
	// IAM is what the trust policy promises about this role and token;
	// "" without --policy or --plan.
	IAM string `json:"iam"`
	// Disagreement is set when STS and the engine disagree.
	Disagreement string `json:"disagreement,omitempty"`
	// EngineCannotSee lists what could explain a disagreement.
	EngineCannotSee []string `json:"engine_cannot_see,omitempty"`
	// Warnings are problems that did not stop the check.
	Warnings []string `json:"warnings"`
}

// trustDrift is the blind spot that explains a disagreement either way.
const trustDrift = "the role's current trust policy: one edited outside Terraform (console, CLI, another stack), or a plan not yet applied, differs from the policy given here"

// refusedBlindSpots are what the engine cannot see that makes STS refuse
// a request the trust policy allows.
var refusedBlindSpots = []string{
	trustDrift,
	"resource control policies (RCPs) of the role's organization: a Deny there refuses the call although the trust allows it",
	"the IAM OIDC providers of the role's account: an issuer that is not registered, or an audience missing from the provider's client ID list, is InvalidIdentityToken before the trust is read",
	"whether STS can fetch the issuer's keys (a private or slow jwks_uri, a TLS certificate AWS does not trust)",
	"SCPs: they do not gate this call (they limit what the session does next), so they do not explain a refusal",
}

// allowedBlindSpots are what can make STS allow a request the engine
// denies with the policy given.
var allowedBlindSpots = []string{
	trustDrift,
	"an engine bug: if the policy given is exactly the role's trust (aws iam get-role), please report the case with doctor's JSON output",
}

// decide sets the verdict from the token checks, STS's answer and the
// engine's decision.
func decide(r *Report, offline bool) {
	v := &r.Verdict
	v.Warnings = []string{}
	var engineAllowed, haveEngine bool
	if r.Trust != nil && r.Trust.Explain != nil {
		haveEngine, engineAllowed = true, r.Trust.Explain.Allowed
		if engineAllowed {
			v.IAM = fmt.Sprintf("the trust policy (%s) allows this token: %s", r.Trust.Source, r.Trust.Explain.Summary)
		} else {
			v.IAM = fmt.Sprintf("the trust policy (%s) denies this token (%s): %s", r.Trust.Source, r.Trust.Explain.Decision, Explanation(r.Trust.Explain))
		}
	}
	sig := r.Token.Signature
	if !sig.Verified && !sig.Checked && strings.Contains(sig.Reason, "(warning)") {
		v.Warnings = append(v.Warnings, "signature "+sig.Reason)
	}
	if offline {
		decideOffline(r, haveEngine, engineAllowed)
		return
	}
	a := r.STS
	switch a.Outcome {
	case OutcomeSuccess:
		v.Exit = ExitAllowed
		v.Headline = fmt.Sprintf("STS issued credentials: assumed %s, expiring %s (request ID %s). The credentials were discarded.", a.AssumedRoleARN, formatTime(a.Expiration), orNone(a.RequestID))
		if haveEngine && !engineAllowed {
			v.Disagreement = "STS issued credentials, but the engine denies this request with the trust policy given: that policy is not the one STS evaluated."
			v.EngineCannotSee = append([]string(nil), allowedBlindSpots...)
		}
	case OutcomeRefused:
		v.Exit = ExitRefused
		v.Headline = fmt.Sprintf("STS refused: %s: %s (HTTP %d, request ID %s).", a.ErrorCode, a.Message, a.HTTPStatus, orNone(a.RequestID))
		if haveEngine && engineAllowed {
			v.Disagreement = fmt.Sprintf("STS refused with %s, but the engine allows this request with the trust policy given.", a.ErrorCode)
			v.EngineCannotSee = append([]string(nil), refusedBlindSpots...)
		}
	default:
		v.Exit = ExitUnreachable
		if a.ErrorCode != "" {
			v.Headline = fmt.Sprintf("STS gave no decision: %s: %s (HTTP %d, request ID %s). %s", a.ErrorCode, a.Message, a.HTTPStatus, orNone(a.RequestID), a.Detail)
		} else {
			v.Headline = "STS gave no decision: " + a.Detail
		}
	}
}

// decideOffline decides from the token checks and the engine alone.
func decideOffline(r *Report, haveEngine, engineAllowed bool) {
	v := &r.Verdict
	if c := r.Token.Failed(); c != nil {
		v.Exit = ExitRefused
		v.Headline = fmt.Sprintf("offline: STS would refuse this token (%s check): %s", c.Name, c.Detail)
		return
	}
	if r.Token.Signature.Checked && !r.Token.Signature.Verified {
		v.Exit = ExitRefused
		v.Headline = "offline: STS would refuse this token: its signature " + r.Token.Signature.Reason
		return
	}
	switch {
	case !haveEngine:
		v.Exit = ExitAllowed
		v.Headline = "offline: the token passes STS's token-level checks; without --policy or --plan doctor cannot say whether the trust admits it, and STS was not called."
	case engineAllowed:
		v.Exit = ExitAllowed
		v.Headline = "offline: the engine allows this request; STS was not called, so the account's OIDC providers and RCPs were not consulted."
	default:
		v.Exit = ExitRefused
		v.Headline = fmt.Sprintf("offline: the engine denies this request (STS would answer %s); STS was not called.", r.Trust.Explain.Error)
	}
}

func formatTime(t *time.Time) string {
	if t == nil {
		return "(no expiration in the answer)"
	}
	return t.UTC().Format(time.RFC3339)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// Explanation is the engine's decision in a few sentences: the summary,
// each cause with both values, and the fix.
func Explanation(ex *explain.Report) string {
	parts := []string{ex.Summary}
	if len(ex.Reasons) > 1 {
		parts = append(parts, sentence(strings.Join(ex.Reasons[1:], "; ")))
	}
	if ex.Fix != "" {
		parts = append(parts, "Fix: "+ex.Fix)
	}
	return strings.Join(parts, " ")
}

func sentence(s string) string {
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}
