package callers

import (
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// roleSpace is the whitespace around a role ARN value that the tools
// reading it may or may not trim.
const roleSpace = " \t\r\n"

// trimmedRole returns a known role value with leading and trailing
// whitespace (space, tab, CR, LF) removed, as
// aws-actions/configure-aws-credentials reads its role-to-assume input
// (@actions/core getInput trims), and a note for the caller side when
// there was any. Other values are returned as they are.
func trimmedRole(v tfplan.Value) (tfplan.Value, string) {
	if !v.Known {
		return v, ""
	}
	t := strings.Trim(v.S, roleSpace)
	if t == v.S {
		return v, ""
	}
	v.S = t
	return v, "the role ARN value has surrounding whitespace; configure-aws-credentials trims it"
}

// untrimmedRoleNote is the note for a role annotation with surrounding
// whitespace: the EKS Pod Identity webhook copies the annotation into
// AWS_ROLE_ARN as it is (amazon-eks-pod-identity-webhook pkg/cache, which
// only logs "arn is invalid"), and STS refuses such an ARN, so the value
// is not trimmed here either.
func untrimmedRoleNote(v tfplan.Value) string {
	if !v.Known || strings.Trim(v.S, roleSpace) == v.S {
		return ""
	}
	return "the role ARN annotation has surrounding whitespace, which the EKS Pod Identity webhook does not trim (it sets AWS_ROLE_ARN to the value as it is), so STS refuses the request: remove the whitespace"
}

// addNote appends a non-empty note to a caller side.
func addNote(cs *model.CallerSide, note string) *model.CallerSide {
	if cs != nil && note != "" {
		cs.Notes = append(cs.Notes, note)
	}
	return cs
}
