package explain

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// newConditionCause copies the condition's values and place into a Cause.
func newConditionCause(c evaluate.ConditionTrace) Cause {
	return Cause{Element: ElementCondition, Operator: c.Operator, Key: c.Key,
		PolicyValues: append([]string{}, c.PolicyValues...), RequestValues: append([]string{}, c.RequestValues...),
		KeyPresent: boolPtr(c.Present), Path: c.Loc.Path, Position: positionPtr(c.Loc.Pos), oneLine: c.Loc.OneLine}
}

// conditionCause explains one false condition of the closest Allow and
// names the smallest change that makes it true.
func conditionCause(c evaluate.ConditionTrace, req *identity.Resolved) Cause {
	cause := newConditionCause(c)
	op, err := condition.ParseOperator(c.Operator)
	switch {
	case err != nil:
		cause.Reason = c.Reason
		cause.Change = fmt.Sprintf("replace the operator %q with one IAM knows, such as StringEquals or StringLike", c.Operator)
	case op.Base == condition.Null:
		cause.Reason = c.Reason
		cause.Change = fmt.Sprintf(`set "Null": {%q: "%t"} (or drop that Null condition)`, c.Key, !c.Present)
	case !c.Present:
		cause.Reason, cause.Change = missingKeyGap(c, req)
	case op.Negated():
		hits := matchingValues(op, c.RequestValues, c.Expanded)
		cause.Reason = fmt.Sprintf("%s excludes %s, and the request's %s is %s", c.Operator, quoteAll(hits), claimName(c.Key), quoteAll(c.RequestValues))
		cause.Change = fmt.Sprintf("remove %s from the values of %s %s (or drop that condition)", quoteAll(hits), c.Operator, c.Key)
	default:
		positiveGap(&cause, op, c, req)
	}
	return cause
}

// positiveGap fills the reason and change of a false positive (non-negated)
// condition whose key the request carries.
func positiveGap(cause *Cause, op condition.Operator, c evaluate.ConditionTrace, req *identity.Resolved) {
	got, nearest := closestPair(op, c.RequestValues, c.Expanded)
	cause.Nearest = nearest
	claim := claimName(c.Key)
	if r, ch, ok := cognitoAmrGap(op, c, req); ok {
		cause.Reason, cause.Change, cause.outside = r, ch, true
		return
	}
	cause.Reason = describeDifference(op, claim, got, nearest, req)
	if op.Set == condition.ForAllValues {
		cause.Reason = fmt.Sprintf("ForAllValues needs every request value to match, and %q matches none; %s", got, cause.Reason)
	}
	switch {
	case op.Base.Family() == condition.FamilyString && isWildcardMiss(op, nearest, got):
		cause.Change = fmt.Sprintf("move %s from %s to StringLike, so that the wildcard in %q matches", c.Key, c.Operator, nearest)
	case op.Base.Family() == condition.FamilyIP:
		host := got + "/32"
		if strings.Contains(got, ":") {
			host = got + "/128"
		}
		cause.Change = fmt.Sprintf("add a range that contains %s to %s %s, for example %q", got, c.Operator, c.Key, host)
	case op.Base.Family() != condition.FamilyString && op.Base.Family() != condition.FamilyARN:
		cause.Change = fmt.Sprintf("change the values of %s %s so that they admit the request's value %q", c.Operator, c.Key, got)
	case nearest != "" && almostEqual(got, nearest):
		cause.Change = fmt.Sprintf("change %q to %q in %s %s", nearest, got, c.Operator, c.Key)
		if len(c.PolicyValues) > 1 {
			cause.Change += fmt.Sprintf(" (or add %q as another value)", got)
		}
	default:
		cause.Change = fmt.Sprintf("add %q to the values of %s %s", got, c.Operator, c.Key)
	}
}

// isWildcardMiss: the nearest value holds a wildcard that would match
// under StringLike but is compared literally (aws-reference.md#missing-keys).
func isWildcardMiss(op condition.Operator, nearest, got string) bool {
	return strings.ContainsAny(nearest, "*?") &&
		(op.Base == condition.StringEquals || op.Base == condition.StringEqualsIgnoreCase) &&
		condition.MatchGlob(nearest, got)
}

// cognitoAmrGap: an (un)authenticated Cognito identity on the role for the
// other kind (aws-reference.md#cognito-identities). Adding the value would change who may
// assume the role, so the change says so.
func cognitoAmrGap(op condition.Operator, c evaluate.ConditionTrace, req *identity.Resolved) (string, string, bool) {
	if req.Provider.Kind != identity.KindCognito || !names.Equal(claimName(c.Key), "amr") {
		return "", "", false
	}
	guest := contains(c.RequestValues, "unauthenticated")
	switch {
	case guest && contains(c.Expanded, "authenticated"):
		return "the identity is unauthenticated (a guest identity of the pool), but this statement admits only authenticated identities (amr \"authenticated\")",
			fmt.Sprintf("sign the user in so the identity is authenticated, or give guest identities the pool's unauthenticated role. Add \"unauthenticated\" to %s %s only if every guest of the pool may assume this role", c.Operator, c.Key), true
	case !guest && contains(c.RequestValues, "authenticated") && contains(c.Expanded, "unauthenticated"):
		return "the identity is authenticated, but this statement admits only unauthenticated (guest) identities (amr \"unauthenticated\")",
			"use the pool's authenticated role for signed-in identities", true
	}
	return "", "", false
}

// denyConditionCause explains one true condition of the deciding Deny and
// the change that makes it false.
func denyConditionCause(c evaluate.ConditionTrace) Cause {
	cause := newConditionCause(c)
	cause.Reason = c.Reason
	op, err := condition.ParseOperator(c.Operator)
	if err != nil {
		cause.Change = "drop the condition " + c.Operator
		return cause
	}
	switch {
	case op.Base == condition.Null:
		cause.Change = fmt.Sprintf(`set "Null": {%q: "%t"} in the Deny`, c.Key, c.Present)
	case !c.Present && op.Set == condition.ForAllValues:
		cause.Reason = fmt.Sprintf("the request has no %s, and ForAllValues is true for a missing key", c.Key)
		cause.Change = fmt.Sprintf(`send %s, or add "Null": {%q: "false"} to the Deny so it applies only when the key is present`, c.Key, c.Key)
	case !c.Present:
		cause.Reason = fmt.Sprintf("the request has no %s, and %s is true for a missing key", c.Key, c.Operator)
		values := "one of the values " + quoteAll(c.PolicyValues)
		if len(c.PolicyValues) == 1 {
			values = "the value " + quoteAll(c.PolicyValues)
		}
		cause.Change = fmt.Sprintf(`send %s with %s, or add "Null": {%q: "false"} to the Deny so it applies only when the key is present`, c.Key, values, c.Key)
	case op.Negated():
		got, _ := closestPair(op, c.RequestValues, c.Expanded)
		cause.Reason = fmt.Sprintf("the request's %s is %q, which %s does not list, so the Deny applies", claimName(c.Key), got, c.Operator)
		cause.Change = fmt.Sprintf("add %q to the values of %s %s", got, c.Operator, c.Key)
	default:
		hits := matchingValues(op, c.RequestValues, c.Expanded)
		cause.Reason = fmt.Sprintf("the request's %s %s matches %s %s", claimName(c.Key), quoteAll(c.RequestValues), c.Operator, quoteAll(hits))
		cause.Change = fmt.Sprintf("remove %s from the values of %s %s", quoteAll(hits), c.Operator, c.Key)
	}
	return cause
}

// missingKeyGap explains a condition on a key the request does not carry:
// a key with https://, a claim AWS never maps, a wrong prefix, or a claim
// the token lacks.
func missingKeyGap(c evaluate.ConditionTrace, req *identity.Resolved) (reason, change string) {
	prefix, claim := "", c.Key
	if i := strings.LastIndexByte(c.Key, ':'); i >= 0 {
		prefix, claim = c.Key[:i], c.Key[i+1:]
	}
	p := req.Provider
	lower := names.Fold(prefix)
	scheme, fixed := policy.SplitKeyScheme(c.Key)
	switch {
	case scheme != "":
		return "the key includes the URL scheme, so it never names a request key; condition keys use the provider URL without https:// (IAM refuses this key: \"Condition can contain only one colon\")",
			fmt.Sprintf("rename the key %s to %s", c.Key, fixed)
	case lookalike(c.Key) != "":
		like := lookalike(c.Key)
		return fmt.Sprintf("the key %q resembles %q only through non-ASCII case folding; AWS folds key names in ASCII only, so it names no request key", c.Key, like),
			fmt.Sprintf("spell the key %q in ASCII", like)
	case strings.HasPrefix(names.Fold(c.Key), "aws:requesttag/"):
		tag := c.Key[len("aws:RequestTag/"):]
		return fmt.Sprintf("the token carries no session tag %q (claim %s, principal_tags)", tag, identity.TagsClaim),
			fmt.Sprintf("issue the token with the session tag %q, or drop the condition on %s", tag, c.Key)
	case lower == "aws" || lower == "sts":
		return fmt.Sprintf("the request does not carry %s", c.Key),
			fmt.Sprintf("drop the condition on %s, or supply the key in the request's context if the real call carries it", c.Key)
	case req.PrincipalType == "Federated" && !names.Equal(prefix, p.KeyPrefix):
		return fmt.Sprintf("the key prefix %q does not match this provider; its keys start with %q", prefix, p.KeyPrefix+":"),
			fmt.Sprintf("rename the key %s to %s:%s", c.Key, p.KeyPrefix, claim)
	case req.PrincipalType == "Federated" && !identity.IsMappedClaim(p.Kind, claim):
		return fmt.Sprintf("AWS never fills %s: it ignores the %s claim for this provider, so the condition can never be true", c.Key, claim),
			fmt.Sprintf("drop the condition on %s (AWS never fills it) and, if you need the restriction, express it with a key AWS fills for this provider: %s:{%s}",
				c.Key, p.KeyPrefix, strings.Join(identity.MappedClaims(p.Kind), ", "))
	}
	return fmt.Sprintf("the token has no %s claim, so %s is missing and the condition is false", claim, c.Key),
		fmt.Sprintf("issue the token with a %s claim, or drop the condition on %s", claim, c.Key)
}

// lookalike returns the ASCII key that key resembles only through
// non-ASCII case folding (names.Lookalike), or "".
func lookalike(key string) string {
	if like, ok := names.Lookalike(key); ok {
		return like
	}
	return ""
}

// positiveBase maps a negated operator to the one it negates.
var positiveBase = map[condition.Base]condition.Base{
	condition.StringNotEquals:           condition.StringEquals,
	condition.StringNotEqualsIgnoreCase: condition.StringEqualsIgnoreCase,
	condition.StringNotLike:             condition.StringLike,
	condition.NumericNotEquals:          condition.NumericEquals,
	condition.DateNotEquals:             condition.DateEquals,
	condition.NotIPAddress:              condition.IPAddress,
	condition.ArnNotEquals:              condition.ArnEquals,
	condition.ArnNotLike:                condition.ArnLike,
}

// valueMatches reports whether the request value v matches the policy value
// p under the operator's (positive) base, with the engine's own rules.
func valueMatches(base condition.Base, v, p string) bool {
	if pos, ok := positiveBase[base]; ok {
		base = pos
	}
	return condition.HoldsForValue(condition.Operator{Base: base}, []string{p}, v)
}

// matchingValues returns the policy values that some request value matches.
func matchingValues(op condition.Operator, requestValues, policyValues []string) []string {
	var out []string
	for _, p := range policyValues {
		for _, v := range requestValues {
			if valueMatches(op.Base, v, p) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// closestPair picks the request value that matches no policy value and is
// closest to one, with that policy value; ForAllValues fails on such a
// value, the others on the best near miss.
func closestPair(op condition.Operator, requestValues, policyValues []string) (got, nearest string) {
	bestD := -1
	for _, v := range requestValues {
		if len(matchingValues(op, []string{v}, policyValues)) > 0 && !op.Negated() {
			continue
		}
		n := Nearest(v, policyValues)
		if d := distance(v, n); bestD < 0 || d < bestD {
			got, nearest, bestD = v, n, d
		}
	}
	if bestD < 0 && len(requestValues) > 0 {
		got = requestValues[0]
		nearest = Nearest(got, policyValues)
	}
	return got, nearest
}

func claimName(key string) string {
	if i := strings.LastIndexByte(key, ':'); i >= 0 {
		return key[i+1:]
	}
	return key
}

func contains(vs []string, want string) bool {
	for _, v := range vs {
		if v == want {
			return true
		}
	}
	return false
}
