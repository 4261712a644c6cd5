package explain

import (
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
)

// ChainFix explains a refused role-chaining request (an IAM role calling
// sts:AssumeRole): the reasons, then the smallest fix. caller names the
// calling role for people (its ARN or a resource address).
func ChainFix(res *evaluate.ChainResult, targetRoleARN, caller string) (fix string, reasons []string) {
	reasons = []string{res.Reason, res.Identity.Reason}
	switch {
	case res.Decision.Allowed():
		return "", reasons
	case res.Trust.Decision != evaluate.Allow:
		fix, trustReasons := Fix(res.Trust)
		return fix, append(reasons, trustReasons...)
	case res.Identity.Decision == evaluate.ExplicitDeny:
		return "remove or narrow the Deny in the caller's identity policy: " + res.Identity.Reason, reasons
	}
	return fmt.Sprintf("allow sts:AssumeRole on %s in an identity policy of %s, or name the caller role's ARN in the trust (same account only)", targetRoleARN, caller), reasons
}

// StatementName names a statement for people: `Statement[1] "Sid"` or
// `Statement[1]`.
func StatementName(index int, sid string) string { return statementName(index, sid) }
