package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/redact"
	"github.com/stsguard/terraform-provider-stsguard/internal/token"
)

// This file turns engine errors into Terraform diagnostics and function
// error text. It is shared by every data source and function: keep it to
// formatting, never deciding.

// policyErrorText describes an error from policy.Parse for people. A
// *policy.SyntaxError names the line:column and JSON path of the problem.
func policyErrorText(err error) string {
	var se *policy.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("the trust policy is not a valid policy document at line %d:%d (%s): %s; "+
			"write it with jsonencode({...}) or fix the JSON at that place",
			se.Position.Line, se.Position.Column, se.Path, se.Message)
	}
	return fmt.Sprintf("the trust policy cannot be read: %v", err)
}

// rcpDiagnostic is an error diagnostic on the element at p of
// resource_control_policies for an error returned by check.ParseRCP.
func rcpDiagnostic(p path.Path, err error) diag.Diagnostic {
	text := strings.Replace(policyErrorText(err), "the trust policy", "the resource control policy", 1)
	return diag.NewAttributeErrorDiagnostic(p, "Invalid resource control policy", text)
}

// policyDiagnostic is an error diagnostic on the attribute at p for an
// error returned by policy.Parse.
func policyDiagnostic(p path.Path, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid trust policy", policyErrorText(err))
}

// requestErrorText describes an error from reading the request argument
// (internal/requestdoc) or from resolving it; the engine's messages start
// with the field at fault (for example "request.role_arn: ..."), and never
// quote a value (requestFieldText).
func requestErrorText(err error) string {
	return fmt.Sprintf("the request is not valid: %s; see the request format in the provider documentation", requestFieldText(err))
}

// tokenDiagnostic is an error diagnostic for an error returned by
// token.Decode or token.ParseJWKS. It is put on jwksPath when the JWKS is at
// fault and on tokenPath otherwise. The text names the token only by its
// fingerprint: any occurrence of the raw token or of one of its segments is
// replaced as a second line of defence behind token's own messages.
func tokenDiagnostic(tokenPath, jwksPath path.Path, raw string, err error) diag.Diagnostic {
	fingerprint := token.Fingerprint(raw)
	message := err.Error()
	var te *token.Error
	if errors.As(err, &te) {
		message = te.Message // without the "web identity token: " prefix
	}
	message = sentence(redactToken(message, raw, fingerprint))
	if token.KindOf(err) == token.KindBadJWKS {
		return diag.NewAttributeErrorDiagnostic(jwksPath, "Invalid JWKS", "The JWKS cannot be used: "+message)
	}
	return diag.NewAttributeErrorDiagnostic(tokenPath, "Invalid web identity token",
		fmt.Sprintf("Token %s was rejected: %s STS refuses such a token before reading any trust policy.", fingerprint, message))
}

// sentence ends s with a full stop.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// minRedactedSegment is the shortest token segment redactToken replaces;
// shorter strings would match ordinary words.
const minRedactedSegment = 16

// redactToken replaces raw and each of its dot-separated segments in text
// with the fingerprint.
func redactToken(text, raw, fingerprint string) string {
	if raw == "" {
		return text
	}
	text = strings.ReplaceAll(text, raw, fingerprint)
	for _, segment := range strings.Split(raw, ".") {
		if len(segment) >= minRedactedSegment {
			text = strings.ReplaceAll(text, segment, fingerprint)
		}
	}
	return text
}

// safeDiagnostics returns diags with every JSON Web Token removed from
// summaries and details (redact.JWTs). Terraform does not tell a provider
// which of its values are sensitive, so no value can be told apart by its
// mark: every data source, ephemeral resource and function passes its
// diagnostics through this filter, and quotes a user's value only where
// the user needs it to act.
func safeDiagnostics(diags diag.Diagnostics) diag.Diagnostics {
	if len(diags) == 0 {
		return diags
	}
	out := make(diag.Diagnostics, 0, len(diags))
	for _, d := range diags {
		summary, detail := redact.JWTs(d.Summary()), redact.JWTs(d.Detail())
		if summary == d.Summary() && detail == d.Detail() {
			out = append(out, d)
			continue
		}
		var p path.Path
		withPath, hasPath := d.(diag.DiagnosticWithPath)
		if hasPath {
			p = withPath.Path()
		}
		switch {
		case hasPath && d.Severity() == diag.SeverityWarning:
			out = append(out, diag.NewAttributeWarningDiagnostic(p, summary, detail))
		case hasPath:
			out = append(out, diag.NewAttributeErrorDiagnostic(p, summary, detail))
		case d.Severity() == diag.SeverityWarning:
			out = append(out, diag.NewWarningDiagnostic(summary, detail))
		default:
			out = append(out, diag.NewErrorDiagnostic(summary, detail))
		}
	}
	return out
}

// safeFuncError is safeDiagnostics for a function's error.
func safeFuncError(err *function.FuncError) *function.FuncError {
	if err == nil {
		return nil
	}
	text := redact.JWTs(err.Text)
	if text == err.Text {
		return err
	}
	if err.FunctionArgument != nil {
		return function.NewArgumentFuncError(*err.FunctionArgument, text)
	}
	return function.NewFuncError(text)
}
