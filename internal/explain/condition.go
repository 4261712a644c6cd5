package explain

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// conditionGap explains one false condition of the closest Allow and names
// the smallest change that makes it true.
func conditionGap(c evaluate.ConditionTrace, req *identity.Resolved) (change, why string) {
	op, err := condition.ParseOperator(c.Operator)
	if err != nil {
		return fmt.Sprintf("replace the operator %q with a valid one", c.Operator), c.Reason
	}
	if !c.Present && op.Base != condition.Null {
		return missingKeyGap(c, req)
	}
	if op.Base == condition.Null {
		return fmt.Sprintf("drop the Null condition on %s or change it to %q", c.Key, fmt.Sprint(!c.Present)), c.Reason
	}
	if op.Negated() {
		return fmt.Sprintf("remove the request's value %s from the %s list of %s, or drop that condition", quoteAll(c.RequestValues), c.Operator, c.Key),
			fmt.Sprintf("%s %s excludes the request's value %s", c.Operator, c.Key, quoteAll(c.RequestValues))
	}
	got := ""
	if len(c.RequestValues) > 0 {
		got = c.RequestValues[0]
	}
	nearest := Nearest(got, c.Expanded)
	claim := claimName(c.Key)
	why = fmt.Sprintf("the request's %s is %q; %s %s expects %s", claim, got, c.Operator, c.Key, quoteAll(c.Expanded))
	if detail := describeDifference(op, claim, got, nearest, req); detail != "" {
		why += ": " + detail
	}
	change = fmt.Sprintf("change %s %s to %q (or add it to the list)", c.Operator, c.Key, got)
	if op.Set == condition.ForAllValues || op.Set == condition.ForAnyValue {
		change = fmt.Sprintf("add %q to the values of %s %s", got, c.Operator, c.Key)
	}
	if strings.ContainsAny(nearest, "*?") && (op.Base == condition.StringEquals || op.Base == condition.StringEqualsIgnoreCase) && condition.MatchGlob(nearest, got) {
		change = fmt.Sprintf("use StringLike instead of %s for %s: %q contains a wildcard, which %s compares literally", c.Operator, c.Key, nearest, c.Operator)
	}
	return change, why
}

func claimName(key string) string {
	if i := strings.LastIndexByte(key, ':'); i >= 0 {
		return key[i+1:]
	}
	return key
}

// missingKeyGap explains a condition on a key the request does not carry:
// a claim AWS never maps, a wrong prefix, or a claim the token lacks.
func missingKeyGap(c evaluate.ConditionTrace, req *identity.Resolved) (string, string) {
	prefix, claim := "", c.Key
	if i := strings.LastIndexByte(c.Key, ':'); i >= 0 {
		prefix, claim = c.Key[:i], c.Key[i+1:]
	}
	p := req.Provider
	switch {
	case strings.HasPrefix(strings.ToLower(prefix), "https://") || strings.HasPrefix(strings.ToLower(prefix), "http://"):
		fixed := identity.StripScheme(strings.TrimPrefix(prefix, "http://")) + ":" + claim
		return fmt.Sprintf("rename the key %s to %s", c.Key, fixed),
			fmt.Sprintf("the key %s includes the URL scheme; condition keys use the provider URL without https:// (IAM refuses the key: \"Condition can contain only one colon\")", c.Key)
	case strings.EqualFold(prefix, "aws") || strings.EqualFold(prefix, "sts"):
		return fmt.Sprintf("drop the condition on %s, or supply the key in the request", c.Key),
			fmt.Sprintf("the request does not carry %s", c.Key)
	case req.PrincipalType == "Federated" && !strings.EqualFold(prefix, p.KeyPrefix):
		return fmt.Sprintf("rename the key %s to %s:%s", c.Key, p.KeyPrefix, claim),
			fmt.Sprintf("the key prefix %q does not match this provider; its keys start with %q", prefix, p.KeyPrefix+":")
	case req.PrincipalType == "Federated" && !identity.IsMappedClaim(p.Kind, claim):
		return fmt.Sprintf("drop the condition on %s and express it with a key AWS fills (%s)", c.Key, strings.Join(prefixed(p.KeyPrefix, identity.MappedClaims(p.Kind)), ", ")),
			fmt.Sprintf("AWS never puts %s in the request: for this provider it maps only the claims %s; other claims are ignored, so the condition can never be true", c.Key, strings.Join(identity.MappedClaims(p.Kind), ", "))
	}
	return fmt.Sprintf("issue the token with a %s claim, or drop the condition on %s", claim, c.Key),
		fmt.Sprintf("the token has no %s claim, so %s is missing and the condition is false", claim, c.Key)
}

func prefixed(prefix string, claims []string) []string {
	out := make([]string, len(claims))
	for i, c := range claims {
		out[i] = prefix + ":" + c
	}
	return out
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
