package identity

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// Assumptions recorded when a decision depends on an UNCONFIRMED mapping.
const (
	AssumeAzpAsAudience = "azp-as-audience: when a generic OIDC token carries azp, azp is used as the audience for the client ID check and for the :aud key (docs/guides/aws-reference.md#azp-as-audience)"
	AssumeAudArray      = "aud-array: an aud array passes the client ID check when any element is registered, and gives the :aud key one value per element (docs/guides/aws-reference.md#aud-array)"
	AssumeEmailKey      = "email-claim-key: the :email claim is taken to be mapped to a condition key for generic OIDC providers (reported by third parties only) (docs/guides/aws-reference.md#email-claim-key)"
	AssumeAmrMulti      = "generic-amr-multivalued: a generic provider's :amr key is multivalued, one value per array element (docs/guides/aws-reference.md#generic-amr-multivalued)"
)

// claimKeys lists, per provider kind, the claims AWS maps to condition keys
// as "<prefix>:<claim>" (aws-reference.md#claim-keys-per-provider). Claims not listed
// never become keys, exactly as STS ignores them.
var claimKeys = map[Kind][]string{
	KindGenericOIDC: {"aud", "sub", "azp", "amr", "email"},
	KindEKS:         {"aud", "sub", "azp", "amr", "email"},
	KindGitHub: {"aud", "sub", "azp", "amr", "email",
		"actor", "actor_id", "enterprise_id", "environment", "job_workflow_ref",
		"ref", "repository", "repository_id", "repository_owner_id", "workflow"},
	KindGitLab: {"aud", "sub", "azp", "amr", "email",
		"namespace_id", "pipeline_source", "project_id", "ref_protected",
		"runner_environment", "user_access_level", "user_email", "user_id", "user_login"},
	KindBuildkite: {"aud", "sub", "azp", "amr", "email",
		"build_branch", "cluster_id", "cluster_name", "organization_id",
		"organization_slug", "pipeline_id", "pipeline_slug"},
	KindCircleCI: {"aud", "sub", "azp", "amr", "email", "oidc.circleci.com/project-id"},
	KindOCI:      {"aud", "sub", "azp", "amr", "email", "rpst_id"},
	KindCognito:  {"aud", "sub", "amr"},
	KindGoogle:   {"aud", "oaud", "sub", "google/organization_number"},
	KindFacebook: {"app_id", "id"},
	KindAmazon:   {"app_id", "user_id"},
}

// AssumeKeyPresence is recorded when a decision depends on a key being
// absent from an AssumeRoleWithWebIdentity request although AWS does not
// document whether STS sets it (aws-reference.md#keys-of-uncertain-presence).
const AssumeKeyPresence = "key-presence-web-identity: keys such as aws:PrincipalTag/*, aws:username, aws:FederatedProvider, aws:ResourceTag/*, aws:SecureTransport and aws:CurrentTime are taken to be absent from an AssumeRoleWithWebIdentity request unless the request gives them (docs/guides/aws-reference.md#key-presence-web-identity)"

// presenceUnconfirmed lists key names, or prefixes ending in "/", whose
// presence in an AssumeRoleWithWebIdentity request is UNCONFIRMED
// (aws-reference.md#keys-of-uncertain-presence). Lower case.
var presenceUnconfirmed = []string{
	"aws:principaltag/", "aws:principalarn", "aws:principalaccount", "aws:principalorgid",
	"aws:principalorgpaths", "aws:principaltype", "aws:principalisawsservice",
	"aws:principalservicename", "aws:principalservicenameslist", "aws:username", "aws:userid",
	"aws:federatedprovider", "aws:resourcetag/", "iam:resourcetag/", "aws:resourceaccount",
	"aws:resourceorgid", "aws:resourceorgpaths", "aws:securetransport", "aws:currenttime", "aws:epochtime",
}

// PresenceAssumption returns AssumeKeyPresence when key (any case) is one
// whose presence in an AssumeRoleWithWebIdentity request AWS leaves
// unconfirmed, and "" otherwise.
func PresenceAssumption(key string) string {
	if !names.HasPrefix(key, "aws:") && !names.HasPrefix(key, "iam:") {
		return ""
	}
	k := names.Fold(key)
	for _, u := range presenceUnconfirmed {
		if k == u || (strings.HasSuffix(u, "/") && strings.HasPrefix(k, u)) {
			return AssumeKeyPresence
		}
	}
	return ""
}

// multivaluedKeys are the multivalued keys AWS documents that an
// AssumeRoleWithWebIdentity request can carry, or a policy can name, in
// lower case; every provider's :amr key is multivalued
// too (generic providers: AssumeAmrMulti).
var multivaluedKeys = []string{
	"aws:tagkeys", "sts:transitivetagkeys",
	"aws:principalservicenameslist", "aws:principalorgpaths",
	"aws:resourceorgpaths", "aws:calledvia",
}

// MultivaluedKey reports whether a condition key (any case) is multivalued
// by type: AWS classifies keys by type, not by how many values a request
// gives them, so aws:TagKeys with one tag is still multivalued. It does
// not allocate (it runs for every condition evaluated).
func MultivaluedKey(key string) bool {
	if len(key) >= 4 && names.Equal(key[len(key)-4:], ":amr") {
		return true
	}
	for _, k := range multivaluedKeys {
		if len(k) == len(key) && names.Equal(k, key) {
			return true
		}
	}
	return false
}

// MappedClaims returns the claims that become condition keys for a
// provider kind, for explanations and the linter's STSG106 rule.
func MappedClaims(k Kind) []string { return append([]string(nil), claimKeys[k]...) }

// IsMappedClaim reports whether claim becomes a condition key for kind.
func IsMappedClaim(k Kind, claim string) bool {
	for _, c := range claimKeys[k] {
		if names.Equal(c, claim) {
			return true
		}
	}
	return false
}

// Key is one condition key of the request with its values.
type Key struct {
	// Name as AWS spells it, e.g. "token.actions.githubusercontent.com:sub".
	Name   string
	Values []string
	// Source says where the value came from, e.g. "claim sub".
	Source string
	// Assumption is set when the key's presence or value relies on an
	// UNCONFIRMED rule.
	Assumption string
}

// claimSources are the Key.Source texts of the mapped claims, made once
// (a request has a key for most of its claims).
var claimSources = func() map[string]string {
	m := map[string]string{}
	for _, claims := range claimKeys {
		for _, c := range claims {
			m[c] = "claim " + c
		}
	}
	return m
}()

// providerKeys maps token claims to condition keys for provider p.
func providerKeys(p Provider, claims map[string]any) []Key {
	var keys []Key
	add := func(claim string, values []string, assumption string) {
		if keys == nil {
			keys = make([]Key, 0, len(claims)+1) // about one key per claim (Google maps aud twice)
		}
		src, ok := claimSources[claim]
		if !ok {
			src = "claim " + claim
		}
		keys = append(keys, Key{Name: p.KeyPrefix + ":" + claim, Values: values, Source: src, Assumption: assumption})
	}
	for _, claim := range claimKeys[p.Kind] {
		switch {
		case claim == "aud" && p.Kind == KindGoogle:
			// Google: :aud is azp when present, else aud; :oaud is aud.
			if azp, ok := claimStrings(claims, "azp"); ok {
				add("aud", azp, "")
			} else if aud, ok := claimStrings(claims, "aud"); ok {
				add("aud", aud, "")
			}
		case claim == "oaud":
			if aud, ok := claimStrings(claims, "aud"); ok {
				add("oaud", aud, "")
			}
		case claim == "aud" && p.Kind != KindCognito:
			if azp, ok := claimStrings(claims, "azp"); ok && p.Kind != KindFacebook && p.Kind != KindAmazon {
				add("aud", azp, AssumeAzpAsAudience)
			} else if aud, ok := claimStrings(claims, "aud"); ok {
				assumption := ""
				if len(aud) > 1 {
					assumption = AssumeAudArray
				}
				add("aud", aud, assumption)
			}
		case claim == "google/organization_number":
			if v, ok := claimStrings(claims, claim); ok {
				add(claim, v, "")
			} else if g, ok := claims["google"].(map[string]any); ok {
				if v, ok := claimStrings(g, "organization_number"); ok {
					add(claim, v, "")
				}
			}
		default:
			if v, ok := claimStrings(claims, claim); ok {
				assumption := ""
				switch {
				case claim == "email" && p.Kind != KindCognito:
					assumption = AssumeEmailKey
				case claim == "amr" && p.Kind != KindCognito:
					assumption = AssumeAmrMulti
				}
				add(claim, v, assumption)
			}
		}
	}
	return keys
}

// claimStrings returns a claim's values as strings: a string as itself,
// numbers and booleans in their JSON form, arrays one value per element.
// Objects and null are not usable as condition values (ok false).
func claimStrings(claims map[string]any, name string) ([]string, bool) {
	v, ok := claims[name]
	if !ok {
		return nil, false
	}
	switch t := v.(type) {
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := scalarString(e); ok {
				out = append(out, s)
			}
		}
		return out, true
	case []string:
		return t, true
	default:
		s, ok := scalarString(v)
		if !ok {
			return nil, false
		}
		return []string{s}, true
	}
}

func scalarString(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case bool:
		return strconv.FormatBool(t), true
	case json.Number:
		return t.String(), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case int:
		return strconv.Itoa(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	}
	return "", false
}

// AssumeSessionTagFirstValue is recorded when a session tag in the token
// lists several values and a condition reads that tag: AWS documents one
// value per tag; the first is used.
const AssumeSessionTagFirstValue = "session-tag-first-value: a session tag whose principal_tags entry lists several values takes the first one as aws:RequestTag/<key> (docs/guides/aws-reference.md#session-tag-first-value)"

// Claim names AWS reads for session tags and source identity.
const (
	TagsClaim           = "https://aws.amazon.com/tags"
	SourceIdentityClaim = "https://aws.amazon.com/source_identity"
)

// sessionKeys maps the session-tag and source-identity claims to keys
// (aws:RequestTag/<k>, aws:TagKeys, sts:TransitiveTagKeys,
// sts:SourceIdentity) and reports the extra actions they require.
func sessionKeys(claims map[string]any) (keys []Key, actions []string, err error) {
	if raw, ok := claims[TagsClaim]; ok {
		tags, ok := raw.(map[string]any)
		if !ok {
			return nil, nil, fmt.Errorf("claim %q must be an object with principal_tags", TagsClaim)
		}
		pt, _ := tags["principal_tags"].(map[string]any)
		names := make([]string, 0, len(pt))
		for k := range pt {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			vals, ok := claimStrings(pt, k)
			if !ok || len(vals) == 0 {
				return nil, nil, fmt.Errorf("session tag %q in claim %q must have one string value", k, TagsClaim)
			}
			assumption := ""
			if len(vals) > 1 {
				assumption = AssumeSessionTagFirstValue
			}
			keys = append(keys, Key{Name: "aws:RequestTag/" + k, Values: vals[:1], Source: "session tag " + k, Assumption: assumption})
		}
		keys = append(keys, Key{Name: "aws:TagKeys", Values: names, Source: "session tag keys"})
		if tk, ok := claimStrings(tags, "transitive_tag_keys"); ok {
			keys = append(keys, Key{Name: "sts:TransitiveTagKeys", Values: tk, Source: "transitive_tag_keys"})
		}
		actions = append(actions, ActionTagSession)
	}
	if raw, ok := claims[SourceIdentityClaim]; ok {
		s, ok := raw.(string)
		if !ok {
			return nil, nil, fmt.Errorf("claim %q must be a string", SourceIdentityClaim)
		}
		keys = append(keys, Key{Name: "sts:SourceIdentity", Values: []string{s}, Source: "source identity"})
		actions = append(actions, ActionSetSourceIdentity)
	}
	return keys, actions, nil
}

// Actions STS authorises against the trust policy (aws-reference.md#actions).
const (
	ActionAssumeRoleWithWebIdentity = "sts:AssumeRoleWithWebIdentity"
	ActionAssumeRole                = "sts:AssumeRole"
	ActionTagSession                = "sts:TagSession"
	ActionSetSourceIdentity         = "sts:SetSourceIdentity"
)
