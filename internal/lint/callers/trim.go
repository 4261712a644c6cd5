package callers

import (
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// Tools that read a role ARN and trim the whitespace around it, for notes.
const (
	trimsGitHub = "aws-actions/configure-aws-credentials trims it"
	trimsEKS    = "the EKS Pod Identity webhook trims it"
)

// trimmedRole returns a known role value with leading and trailing
// whitespace (space, tab, CR, LF) removed, as the tool that reads it does
// (configure-aws-credentials reads its role-to-assume input trimmed; the
// EKS webhook trims the role-arn annotation), and a note for the caller
// side when there was any. Other values are returned as they are.
func trimmedRole(v tfplan.Value, tool string) (tfplan.Value, string) {
	if !v.Known {
		return v, ""
	}
	t := strings.Trim(v.S, " \t\r\n")
	if t == v.S {
		return v, ""
	}
	v.S = t
	return v, "the role ARN value has surrounding whitespace; " + tool
}

// addNote appends a non-empty note to a caller side.
func addNote(cs *model.CallerSide, note string) *model.CallerSide {
	if cs != nil && note != "" {
		cs.Notes = append(cs.Notes, note)
	}
	return cs
}
