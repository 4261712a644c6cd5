package identity

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/strictjson"
)

// Request is the STS request in the JSON form of
// docs/guides/explain-request.md.
type Request struct {
	RoleARN   string `json:"role_arn,omitempty"`
	Principal string `json:"principal,omitempty"`
	// PrincipalType is "Federated" (default, web identity), "AWS" (an IAM
	// role or user calling sts:AssumeRole) or "Service".
	PrincipalType string `json:"principal_type,omitempty"`
	// Action overrides the action STS authorises; default
	// sts:AssumeRoleWithWebIdentity for Federated principals and
	// sts:AssumeRole otherwise.
	Action        string                `json:"action,omitempty"`
	Claims        map[string]any        `json:"claims,omitempty"`
	Context       map[string]StringList `json:"context,omitempty"`
	OIDCProviders []OIDCProvider        `json:"oidc_providers,omitempty"`
	Now           string                `json:"now,omitempty"`
}

// OIDCProvider is an IAM OIDC identity provider registered in the role's
// account.
type OIDCProvider struct {
	URL       string   `json:"url"`
	ClientIDs []string `json:"client_ids"`
}

// StringList is a JSON string or list of strings.
type StringList []string

// UnmarshalJSON accepts a string or an array of strings. JSON null is
// refused: it would otherwise read as a present key with an empty value,
// which is not the same as a missing key (aws-reference.md#missing-keys).
func (s *StringList) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return fmt.Errorf("must be a string or a list of strings, not null; leave the key out to make it absent")
	}
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = StringList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("must be a string or a list of strings")
	}
	*s = many
	return nil
}

// ParseRequest decodes a request JSON document. Unknown fields are refused
// so that typos do not silently change a decision.
func ParseRequest(data []byte) (*Request, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("request is empty; expected a JSON object with claims, principal or role_arn")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var r Request
	if err := dec.Decode(&r); err != nil {
		return nil, describeJSONError(data, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("request has data after the JSON object")
	}
	var ne *strictjson.NameError
	if err := strictjson.CheckNames(data, &r); errors.As(err, &ne) {
		return nil, fmt.Errorf("%s: field %q must be spelt %q: field names are case-sensitive (a JSON reader that folds case would read it, stsguard does not guess)", policy.PositionAt(data, ne.Offset), ne.Got, ne.Want)
	}
	return &r, nil
}

func describeJSONError(data []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
		return fmt.Errorf("%s: field %q has the wrong type: got JSON %s, expected %s", policy.PositionAt(data, int(off)), e.Field, e.Value, e.Type)
	}
	if off >= 0 {
		return fmt.Errorf("%s: invalid request JSON: %v", policy.PositionAt(data, int(off)), err)
	}
	return fmt.Errorf("invalid request JSON: %v", err)
}

// FieldError is an invalid request field whose message quotes the value
// given. Text holds "{value}" where the value goes. Redacted is the same
// message without the value, for a door that cannot tell whether the value
// is sensitive (a Terraform function: Terraform strips the marks before the
// call and prints the error as it is).
type FieldError struct {
	Field, Value, Text string
}

// Error implements error: "FIELD: message with the quoted value".
func (e *FieldError) Error() string {
	return e.Field + ": " + strings.Replace(e.Text, "{value}", strconv.Quote(e.Value), 1)
}

// Redacted is the message with "(value not shown)" for the value.
func (e *FieldError) Redacted() string {
	return e.Field + ": " + strings.Replace(e.Text, "{value}", "(value not shown)", 1)
}

// Resolved is a request ready for evaluation.
type Resolved struct {
	// Principal and PrincipalType as STS presents them to the trust policy.
	Principal     string
	PrincipalType string
	// Provider is the identity provider (Federated requests only).
	Provider Provider
	// RoleAccount is the role's account ("" when role_arn is not given).
	RoleAccount string
	// Actions to authorise, the primary action first.
	Actions []string
	// Keys are the request's condition keys, sorted by name.
	Keys []Key
	// Now is the clock for time checks.
	Now time.Time
	// Assumptions collected while resolving.
	Assumptions []string
	// index maps ASCII-folded key names (names.Fold) to Keys, for a
	// request with more than scanKeys keys; fewer are scanned.
	index map[string]int
}

// scanKeys is the number of keys up to which find scans them rather than
// index them: a request has a few keys, each looked up a few times.
const scanKeys = 16

// find returns the index in Keys of the last key named key, ignoring
// ASCII case only (names.Fold): "...:\u017fub" is not "...:sub".
func (r *Resolved) find(key string) (int, bool) {
	if r.index == nil {
		for i := len(r.Keys) - 1; i >= 0; i-- {
			if names.Equal(r.Keys[i].Name, key) {
				return i, true
			}
		}
		return 0, false
	}
	if len(key) <= 256 {
		// ASCII-fold into a stack buffer (names.Fold, byte by byte): a map
		// index with string(bytes) does not allocate.
		var buf [256]byte
		b := buf[:len(key)]
		for j := 0; j < len(key); j++ {
			c := key[j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[j] = c
		}
		i, ok := r.index[string(b)]
		return i, ok
	}
	i, ok := r.index[names.Fold(key)]
	return i, ok
}

// Lookup implements condition.Context; key names are case-insensitive.
func (r *Resolved) Lookup(key string) ([]string, bool) {
	i, ok := r.find(key)
	if !ok {
		return nil, false
	}
	return r.Keys[i].Values, true
}

// Multivalued implements condition.MultivaluedContext: whether key is
// multivalued by type (MultivaluedKey).
func (r *Resolved) Multivalued(key string) bool { return MultivaluedKey(key) }

// KeyInfo returns the request key with that name (case-insensitive).
func (r *Resolved) KeyInfo(key string) (Key, bool) {
	i, ok := r.find(key)
	if !ok {
		return Key{}, false
	}
	return r.Keys[i], true
}

// Resolve builds the request context: principal, actions and keys.
func (req *Request) Resolve() (*Resolved, error) {
	res := &Resolved{PrincipalType: req.PrincipalType, Now: time.Now().UTC()}
	if req.Now != "" {
		t, err := time.Parse(time.RFC3339, req.Now)
		if err != nil {
			return nil, &FieldError{Field: "now", Value: req.Now, Text: "{value} is not an RFC 3339 time such as 2026-11-28T12:00:00Z"}
		}
		res.Now = t
	}
	partition := "aws"
	if req.RoleARN != "" {
		if !IsRoleARN(req.RoleARN) {
			return nil, &FieldError{Field: "role_arn", Value: req.RoleARN, Text: "{value} is not an IAM role ARN such as arn:aws:iam::111122223333:role/app"}
		}
		a, _ := ParseARN(req.RoleARN)
		res.RoleAccount, partition = a.Account, a.Partition
	}
	if res.PrincipalType == "" {
		res.PrincipalType = "Federated"
	}
	switch res.PrincipalType {
	case "Federated":
		if err := res.resolveFederated(req, partition); err != nil {
			return nil, err
		}
	case "AWS", "Service":
		if req.Principal == "" {
			return nil, fmt.Errorf("principal: required when principal_type is %q", res.PrincipalType)
		}
		res.Principal = req.Principal
	default:
		return nil, &FieldError{Field: "principal_type", Value: res.PrincipalType, Text: "{value} is not one of Federated, AWS, Service"}
	}
	res.Actions = []string{req.Action}
	if req.Action == "" {
		res.Actions[0] = ActionAssumeRole
		if res.PrincipalType == "Federated" {
			res.Actions[0] = ActionAssumeRoleWithWebIdentity
		}
	}
	if res.PrincipalType == "Federated" {
		if _, err := Audiences(req.Claims); err != nil {
			return nil, fmt.Errorf("claims: %v", err)
		}
		res.Keys = providerKeys(res.Provider, req.Claims)
	}
	sk, extra, err := sessionKeys(req.Claims)
	if err != nil {
		return nil, fmt.Errorf("claims: %v", err)
	}
	res.Keys = append(res.Keys, sk...)
	res.Actions = append(res.Actions, extra...)
	ctxKeys := make([]string, 0, len(req.Context))
	for k := range req.Context {
		ctxKeys = append(ctxKeys, k)
	}
	sort.Strings(ctxKeys)
	for _, k := range ctxKeys {
		res.Keys = append(res.Keys, Key{Name: k, Values: req.Context[k], Source: "request context"})
	}
	res.indexKeys()
	return res, nil
}

// indexKeys builds index when there are more than scanKeys keys: a
// folded name maps to the last key of that name, as find's scan finds it.
func (res *Resolved) indexKeys() {
	if len(res.Keys) <= scanKeys {
		return
	}
	res.index = make(map[string]int, len(res.Keys))
	for i, k := range res.Keys {
		res.index[names.Fold(k.Name)] = i
	}
}

func (res *Resolved) resolveFederated(req *Request, partition string) error {
	iss, _ := req.Claims["iss"].(string)
	switch {
	case req.Principal != "":
		pp, ok := ParseFederatedPrincipal(req.Principal)
		if !ok {
			return &FieldError{Field: "principal", Value: req.Principal, Text: fmt.Sprintf("{value} is neither an IAM OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/HOST) nor a built-in provider (%s, %s, %s, %s)", CognitoHost, GoogleHost, FacebookHost, AmazonHost)}
		}
		res.Principal, res.Provider = req.Principal, pp.Provider
	case iss != "":
		p := ProviderForIssuer(iss)
		if !p.BuiltIn && res.RoleAccount == "" {
			return &FieldError{Field: "principal", Value: iss, Text: "cannot derive the OIDC provider ARN from iss {value} without role_arn; give principal or role_arn"}
		}
		res.Provider = p
		res.Principal = p.Principal(partition, res.RoleAccount)
	default:
		return fmt.Errorf("principal: give principal, or claims.iss together with role_arn")
	}
	return nil
}
