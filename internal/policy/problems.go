package policy

import (
	"fmt"
	"strings"
)

// Problem codes. They are stable: callers (lint rules, tests, docs) match on
// them; the messages may be reworded.
const (
	CodePrincipalWildcard      = "principal-wildcard"
	CodePrincipalWildcardValue = "principal-wildcard-value"
	CodeNotPrincipal           = "not-principal"
	CodeInvalidFederated       = "invalid-federated"
	CodeInvalidPrincipal       = "invalid-principal"
	CodeResourceInTrustPolicy  = "resource-in-trust-policy"
	CodeUnknownOperator        = "unknown-operator"
	CodeMalformedConditionKey  = "malformed-condition-key"
	CodeDuplicateKey           = "duplicate-key"
	CodePolicyTooLarge         = "policy-too-large"
	CodeInvalidEffect          = "invalid-effect"
	CodeMissingEffect          = "missing-effect"
	CodeMissingPrincipal       = "missing-principal"
	CodeMissingAction          = "missing-action"
	CodeConflictingElements    = "conflicting-elements"
	CodeInvalidVersion         = "invalid-version"
	CodeUnknownElement         = "unknown-element"
	CodeNoStatements           = "no-statements"
	CodeEmptyConditionBlock    = "empty-condition-block"
	// CodeLookalikeConditionKey: a condition key with a non-ASCII letter
	// that folds onto an ASCII one (U+017F for s, U+212A for K), so it
	// looks like a real key without being it (names.Lookalike).
	CodeLookalikeConditionKey = "lookalike-condition-key"
)

// problemSources maps each code to where the rule comes from: the AWS
// documentation URL, and/or the section of docs/guides/aws-reference.md
// for what AWS does not document (" ; " separates several).
var problemSources = map[string]string{
	CodePrincipalWildcard:      "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
	CodePrincipalWildcardValue: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
	CodeNotPrincipal:           "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
	CodeInvalidFederated:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
	CodeInvalidPrincipal:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
	CodeResourceInTrustPolicy:  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
	CodeUnknownOperator:        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html ; docs/guides/aws-reference.md#operator-names",
	CodeMalformedConditionKey:  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif ; docs/guides/aws-reference.md#condition-key-with-a-scheme",
	CodeDuplicateKey:           "docs/guides/aws-reference.md#duplicate-keys",
	CodePolicyTooLarge:         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html ; docs/guides/aws-reference.md#trust-policy-size",
	CodeInvalidEffect:          "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
	CodeMissingEffect:          "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
	CodeMissingPrincipal:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
	CodeMissingAction:          "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
	CodeConflictingElements:    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html ; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
	CodeInvalidVersion:         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html",
	CodeUnknownElement:         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
	CodeNoStatements:           "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
	CodeEmptyConditionBlock:    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html",
	CodeLookalikeConditionKey:  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html (key names are case-insensitive; stsguard folds ASCII only)",
}

// MaxTrustPolicySize is IAM's limit on the length of a role trust policy,
// counted without whitespace outside strings.
const MaxTrustPolicySize = 2048

// MaxTrustPolicySizeQuota is the largest role trust policy IAM accepts
// with a quota increase (2,048 by default; 4,096 or 8,192 on request),
// counted as MaxTrustPolicySize is. No role can hold a longer trust, so
// analyses whose cost grows with the document stop there.
const MaxTrustPolicySizeQuota = 8192

// problemList collects problems with positions.
type problemList struct {
	pos  *positioner
	list []Problem
}

func (pl *problemList) add(code, path string, offset int, format string, args ...any) {
	pl.list = append(pl.list, Problem{
		Code:     code,
		Message:  fmt.Sprintf(format, args...),
		Path:     path,
		Position: pl.pos.at(offset),
		Source:   problemSources[code],
		OneLine:  pl.pos.oneLine,
	})
}

// checkPrincipalValue reports wildcards and malformed Federated values in
// one value of a Principal element.
func (pl *problemList) checkPrincipalValue(kind, value, path string, offset int) {
	if strings.ContainsAny(value, "*?") {
		if kind == "AWS" && value == "*" {
			return // {"AWS": "*"} is legal in a trust policy (aws-reference.md#aws-wildcard-and-web-identities)
		}
		pl.add(CodePrincipalWildcardValue, path, offset,
			"principal %s value %q contains a wildcard; IAM does not accept * or ? inside a principal, so name the exact %s",
			kind, value, principalNoun(kind))
		return
	}
	if kind != "Federated" {
		return
	}
	if why := federatedSyntax(value); why != "" {
		pl.add(CodeInvalidFederated, path, offset,
			"Federated principal %q %s; IAM expects a domain name such as \"cognito-identity.amazonaws.com\" or a provider ARN such as \"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"",
			value, why)
	}
}

func principalNoun(kind string) string {
	switch kind {
	case "Federated":
		return "identity provider ARN or domain name"
	case "Service":
		return "service principal"
	case "CanonicalUser":
		return "canonical user ID"
	}
	return "account, role or user ARN"
}

// federatedSyntax explains why value is neither a domain name nor an IAM
// OIDC/SAML provider ARN, or returns "" when it is one of those.
func federatedSyntax(value string) string {
	if !strings.HasPrefix(value, "arn:") {
		if isDomainName(value) {
			return ""
		}
		return "is not a domain name"
	}
	parts := strings.SplitN(value, ":", 6)
	if len(parts) != 6 {
		return "is not a complete ARN (arn:PARTITION:iam::ACCOUNT:oidc-provider/URL)"
	}
	partition, service, region, account, resource := parts[1], parts[2], parts[3], parts[4], parts[5]
	switch {
	case partition != "aws" && !strings.HasPrefix(partition, "aws-"):
		return fmt.Sprintf("has an unknown partition %q", partition)
	case service != "iam" || region != "":
		return "is not an IAM ARN (arn:PARTITION:iam::ACCOUNT:...)"
	case !isAccountID(account):
		return fmt.Sprintf("has account %q, which is not a 12-digit account ID", account)
	}
	kind, name, found := strings.Cut(resource, "/")
	switch {
	case !found || (kind != "oidc-provider" && kind != "saml-provider"):
		return "does not name an oidc-provider/ or saml-provider/ resource"
	case name == "":
		return "names no provider after " + kind + "/"
	case strings.Contains(name, "://"):
		return "includes a URL scheme; the provider ARN names the URL without https://"
	case strings.ContainsAny(name, " \t\r\n"):
		return "contains whitespace"
	}
	return ""
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isDomainName reports whether s is a dotted host name of letters, digits
// and hyphens (labels of 1 to 63 characters, not starting or ending with a
// hyphen).
func isDomainName(s string) bool {
	if len(s) > 253 || !strings.Contains(s, ".") {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
				return false
			}
		}
	}
	return true
}

// SplitKeyScheme finds a URL scheme in a condition key. Keys name a
// provider by its URL without https://, so a key with a scheme is never in
// a request, and IAM refuses it: "Condition can contain only one colon"
// (aws-reference.md#condition-key-with-a-scheme). scheme is "https://" or "http://" (found in any
// letter case), "" when the key has none; fixed is the key without its
// first scheme.
func SplitKeyScheme(key string) (scheme, fixed string) {
	if !strings.Contains(key, "://") {
		return "", key // every scheme ends so: most keys need no lower-casing
	}
	lower := asciiLower(key) // same length as key, so indexes carry over
	for _, scheme := range []string{"https://", "http://"} {
		if i := strings.Index(lower, scheme); i >= 0 {
			return scheme, key[:i] + key[i+len(scheme):]
		}
	}
	return "", key
}

// conditionKeyProblem explains what is wrong with a condition key name, or
// returns "" when it is acceptable.
func conditionKeyProblem(key string) string {
	if scheme, fixed := SplitKeyScheme(key); scheme != "" {
		return fmt.Sprintf("condition key %q includes %q; write the provider URL without the scheme, e.g. %q (IAM refuses it with \"Condition can contain only one colon\")",
			key, scheme, fixed)
	}
	if n := strings.Count(key, ":"); n > 1 {
		return fmt.Sprintf("condition key %q contains %d colons; IAM expects exactly one, between the provider or service prefix and the key name (it refuses the document with \"Condition can contain only one colon\")", key, n)
	}
	return ""
}

// asciiLower lower-cases ASCII letters only, keeping byte offsets intact.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
