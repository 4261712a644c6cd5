package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
)

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteText renders the report for a person: a disagreement first, then
// the summary (role, token, what IAM promises, verdict), then the detail
// of each step.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	v := r.Verdict
	if v.Disagreement != "" {
		fmt.Fprintf(&b, "DISAGREEMENT: %s\n", v.Disagreement)
		b.WriteString("What the engine cannot see, and which may explain it:\n")
		for _, s := range v.EngineCannotSee {
			fmt.Fprintf(&b, "  - %s\n", s)
		}
		b.WriteString("\n")
	}
	writeSummary(&b, r)
	writeInputs(&b, r)
	writeToken(&b, r.Token)
	writeSTS(&b, r.STS)
	if r.Trust != nil {
		fmt.Fprintf(&b, "\nTrust policy (%s), decided by the engine from the token's claims:\n", r.Trust.Source)
		var ex strings.Builder
		if err := explain.WriteText(&ex, r.Trust.Explain); err != nil {
			return err
		}
		b.WriteString(indent(ex.String(), "  "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeSummary(b *strings.Builder, r *Report) {
	t := r.Token
	fmt.Fprintf(b, "Role:    %s\n", r.Inputs.RoleARN)
	exp := "no exp claim"
	if t.ExpiresAt != nil {
		verb := "expires"
		if !t.Now.Before(*t.ExpiresAt) {
			verb = "expired"
		}
		exp = fmt.Sprintf("%s %s (%s)", verb, t.ExpiresAt.Format(time.RFC3339), Relative(*t.ExpiresAt, t.Now))
	}
	fmt.Fprintf(b, "Token:   iss %s\n         sub %s\n         aud %s\n         %s\n",
		orNone(t.Issuer), orNone(t.Subject), orNone(strings.Join(t.Audiences, ", ")), exp)
	iam := r.Verdict.IAM
	if iam == "" {
		iam = "unknown: no --policy or --plan, so doctor cannot say what the trust policy promises"
	}
	fmt.Fprintf(b, "IAM:     %s\n", iam)
	fmt.Fprintf(b, "Verdict: %s\n", r.Verdict.Headline)
	for _, w := range r.Verdict.Warnings {
		fmt.Fprintf(b, "Warning: %s\n", w)
	}
}

func writeInputs(b *strings.Builder, r *Report) {
	in := r.Inputs
	b.WriteString("\nInputs:\n")
	fmt.Fprintf(b, "  role          %s (from %s)\n", in.RoleARN, in.RoleFrom)
	fmt.Fprintf(b, "  token         %s (from %s)\n", r.Token.Fingerprint, in.TokenFrom)
	fmt.Fprintf(b, "  session name  %s (from %s)\n", in.SessionName, in.SessionFrom)
	if in.PodIdentity != "" {
		fmt.Fprintf(b, "  pod identity  %s\n", in.PodIdentity)
	}
}

func writeToken(b *strings.Builder, t *TokenReport) {
	b.WriteString("\nToken (" + t.Fingerprint + "):\n")
	fmt.Fprintf(b, "  header  %s\n", compactJSON(t.Header))
	b.WriteString("  claims\n")
	keys := make([]string, 0, len(t.Claims))
	for k := range t.Claims {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(b, "    %-22s %s\n", k, compactJSON(t.Claims[k]))
	}
	if t.IssuedAt != nil {
		fmt.Fprintf(b, "  issued  %s (%s)\n", t.IssuedAt.Format(time.RFC3339), Relative(*t.IssuedAt, t.Now))
	}
	if t.ExpiresAt != nil {
		fmt.Fprintf(b, "  expires %s (%s)\n", t.ExpiresAt.Format(time.RFC3339), Relative(*t.ExpiresAt, t.Now))
	}
	fmt.Fprintf(b, "  now     %s\n", t.Now.Format(time.RFC3339))
	b.WriteString("  checks\n")
	for _, c := range t.Checks {
		fmt.Fprintf(b, "    %s %-9s %s\n", mark(c.Passed), c.Name, c.Detail)
	}
	s := t.Signature
	switch {
	case s.Verified:
		fmt.Fprintf(b, "  signature verified with %s from %s\n", s.Key, s.KeysFrom)
	default:
		fmt.Fprintf(b, "  signature %s\n", s.Reason)
	}
}

func writeSTS(b *strings.Builder, a STSAnswer) {
	b.WriteString("\nSTS AssumeRoleWithWebIdentity:\n")
	if a.Outcome == OutcomeSkipped {
		fmt.Fprintf(b, "  not called (%s)\n", a.Detail)
		return
	}
	fmt.Fprintf(b, "  endpoint      %s (%s)\n", orNone(a.Endpoint), a.EndpointBy)
	fmt.Fprintf(b, "  region        %s (from %s)\n", a.Region, a.RegionBy)
	fmt.Fprintf(b, "  request       RoleSessionName %s, DurationSeconds %d, anonymous (the call needs no AWS credentials)\n", a.SessionName, a.DurationSeconds)
	switch a.Outcome {
	case OutcomeSuccess:
		fmt.Fprintf(b, "  answer        success: assumed role %s, credentials expire %s (not shown)\n", a.AssumedRoleARN, formatTime(a.Expiration))
		if a.Provider != "" || a.Audience != "" {
			fmt.Fprintf(b, "  provider      %s, audience %s, subject %s\n", orNone(a.Provider), orNone(a.Audience), orNone(a.SubjectFromSTS))
		}
	case OutcomeRefused:
		fmt.Fprintf(b, "  answer        %s (HTTP %d): %s\n", a.ErrorCode, a.HTTPStatus, a.Message)
	default:
		if a.ErrorCode != "" {
			fmt.Fprintf(b, "  answer        %s (HTTP %d): %s\n", a.ErrorCode, a.HTTPStatus, a.Message)
		}
		fmt.Fprintf(b, "  no decision   %s\n", a.Detail)
	}
	fmt.Fprintf(b, "  request ID    %s\n", orNone(a.RequestID))
}

func mark(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}

func compactJSON(v any) string {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			continue
		}
		if l == "\n" {
			b.WriteString(l)
			continue
		}
		b.WriteString(prefix + l)
	}
	return b.String()
}
