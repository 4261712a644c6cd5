package explain

import (
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// Report is the stable JSON shape of `explain --format json` (documented in
// docs/explain-json.md). Field names never change; new fields may be added.
type Report struct {
	// Decision is allow, implicit_deny, explicit_deny,
	// invalid_identity_token or expired_token.
	Decision string `json:"decision"`
	// Allowed is true exactly when Decision is allow.
	Allowed bool `json:"allowed"`
	// Error is what STS would answer; "" when allowed.
	Error string `json:"error"`
	// DecidedBy is the matching Deny or the granting Allow; null for
	// implicit denies and token errors.
	DecidedBy *evaluate.StatementRef `json:"decided_by"`
	// DecidedByRCP is the index of the resource control policy (--rcp
	// order) holding the deciding Deny; omitted otherwise.
	DecidedByRCP *int `json:"decided_by_rcp,omitempty"`
	// ClosestAllow is the Allow statement the fix targets for an implicit
	// deny; null otherwise.
	ClosestAllow *evaluate.StatementRef `json:"closest_allow"`
	// FailedAction is the refused action (sts:TagSession when only the
	// session tags fail); omitted when allowed or for token errors.
	FailedAction string `json:"failed_action,omitempty"`
	// Summary is one sentence saying why.
	Summary string `json:"summary"`
	// Causes are the elements behind the decision with both values and
	// the change that flips each.
	Causes []Cause `json:"causes"`
	// Request is the request as STS evaluates it.
	Request RequestReport `json:"request"`
	// Checks are the token-level checks that ran, in order.
	Checks []evaluate.Check `json:"checks"`
	// Trace has one entry per trust policy statement, in document order.
	Trace []StatementReport `json:"trace"`
	// Fix is the smallest change that would make the request allowed, or
	// the deny go away; "" when allowed.
	Fix string `json:"fix"`
	// Reasons are Summary followed by one line per cause with both values.
	Reasons []string `json:"reasons"`
	// Assumptions are the UNCONFIRMED rules the decision relied on.
	Assumptions []string `json:"assumptions"`
	// PolicyProblems are what IAM would refuse in the trust policy, and
	// condition keys that can never match (lookalike-condition-key).
	PolicyProblems []policy.Problem `json:"policy_problems"`
	// Admits says who else the trust admits besides this request (null
	// when the analysis was not run).
	Admits *AdmitsReport `json:"admits"`
	// Token says what was checked of a decoded token (explain --token);
	// omitted for a request JSON.
	Token *TokenReport `json:"token,omitempty"`
}

// TokenReport says which token was decoded and whether its signature was
// verified, against which key or why not. It never holds the token, its
// signature or key material.
type TokenReport struct {
	// Fingerprint is token.Fingerprint of the token, to refer to it.
	Fingerprint string `json:"fingerprint"`
	// Algorithm is the header alg.
	Algorithm string `json:"algorithm"`
	// SignatureVerified is true when the signature verified with a key of
	// the given JWKS.
	SignatureVerified bool `json:"signature_verified"`
	// VerifiedKeyID and VerifiedKeyThumbprint name the key that verified
	// it (kid, RFC 7638 thumbprint); "" when not verified.
	VerifiedKeyID         string `json:"verified_key_id"`
	VerifiedKeyThumbprint string `json:"verified_key_thumbprint"`
	// Verification says it in one sentence, e.g. "not verified: no JWKS
	// given, so the signature was not checked".
	Verification string `json:"verification"`
}

// RequestReport is the request as STS evaluates it.
type RequestReport struct {
	Principal     string              `json:"principal"`
	PrincipalType string              `json:"principal_type"`
	Provider      string              `json:"provider,omitempty"`
	Actions       []string            `json:"actions"`
	Keys          map[string][]string `json:"keys"`
}

// StatementReport is the trace of one statement.
type StatementReport struct {
	Index      int               `json:"index"`
	Sid        string            `json:"sid,omitempty"`
	Effect     string            `json:"effect"`
	Position   policy.Position   `json:"position"`
	Applies    bool              `json:"applies"`
	Skipped    string            `json:"skipped,omitempty"`
	Principal  PrincipalReport   `json:"principal"`
	Actions    []ActionReport    `json:"actions"`
	Conditions []ConditionReport `json:"conditions"`
	// oneLine is set for a one-line policy: the text trace leaves out the
	// line, which says nothing there.
	oneLine bool
}

// PrincipalReport is the principal comparison.
type PrincipalReport struct {
	Matched      bool     `json:"matched"`
	Type         string   `json:"type"`
	PolicyValues []string `json:"policy_values"`
	Request      string   `json:"request"`
	Reason       string   `json:"reason"`
}

// ActionReport is one action comparison.
type ActionReport struct {
	Action  string `json:"action"`
	Matched bool   `json:"matched"`
	Reason  string `json:"reason"`
}

// ConditionReport is one condition entry.
type ConditionReport struct {
	Operator      string          `json:"operator"`
	Key           string          `json:"key"`
	PolicyValues  []string        `json:"policy_values"`
	RequestValues []string        `json:"request_values"`
	KeyPresent    bool            `json:"key_present"`
	Result        bool            `json:"result"`
	Reason        string          `json:"reason"`
	Path          string          `json:"path"`
	Position      policy.Position `json:"position"`
}

// Build assembles the report for a result and the policy's problems.
func Build(r *evaluate.Result, problems []policy.Problem) *Report {
	a := Analyze(r)
	reasons := a.Reasons()
	rep := &Report{
		Decision:       string(r.Decision),
		Allowed:        r.Decision.Allowed(),
		Error:          r.Error,
		DecidedBy:      r.DecidedBy,
		DecidedByRCP:   r.DecidedByRCP,
		FailedAction:   r.FailedAction,
		Checks:         nonNil(r.Checks),
		Summary:        a.Summary,
		Causes:         nonNil(a.Causes),
		Fix:            a.Fix,
		Reasons:        nonNil(reasons),
		Assumptions:    nonNil(r.Assumptions),
		PolicyProblems: nonNil(problems),
		Trace:          []StatementReport{},
	}
	if a.Closest && a.Statement != nil {
		rep.ClosestAllow = &evaluate.StatementRef{Index: a.Statement.Index, Sid: a.Statement.Sid}
	}
	req := r.Request
	rep.Request = RequestReport{Principal: req.Principal, PrincipalType: req.PrincipalType, Actions: req.Actions, Keys: map[string][]string{}}
	if req.PrincipalType == "Federated" {
		rep.Request.Provider = string(req.Provider.Kind)
	}
	for _, k := range req.Keys {
		rep.Request.Keys[k.Name] = k.Values
	}
	for i := range r.Statements {
		rep.Trace = append(rep.Trace, statementReport(&r.Statements[i]))
	}
	return rep
}

func statementReport(s *evaluate.StatementTrace) StatementReport {
	sr := StatementReport{
		Index: s.Index, Sid: s.Sid, Effect: string(s.Effect), Position: s.Loc.Pos, Applies: s.Applies, Skipped: s.Skipped, oneLine: s.Loc.OneLine,
		Principal: PrincipalReport{Matched: s.Principal.Matched, Type: s.Principal.Type, PolicyValues: nonNil(s.Principal.PolicyValues),
			Request: s.Principal.Request, Reason: s.Principal.Reason},
		Actions:    []ActionReport{},
		Conditions: []ConditionReport{},
	}
	for _, a := range s.Actions {
		sr.Actions = append(sr.Actions, ActionReport{Action: a.Action, Matched: a.Matched, Reason: a.Reason})
	}
	for _, c := range s.Conditions {
		sr.Conditions = append(sr.Conditions, ConditionReport{
			Operator: c.Operator, Key: c.Key, PolicyValues: nonNil(c.PolicyValues), RequestValues: nonNil(c.RequestValues),
			KeyPresent: c.Present, Result: c.Matched, Reason: c.Reason, Path: c.Loc.Path, Position: c.Loc.Pos,
		})
	}
	return sr
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
