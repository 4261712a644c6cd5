package check

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// RCP is a resource control policy that applies to the role's account:
// its Deny statements can refuse a caller the trust allows
// (docs/guides/aws-reference.md#resource-control-policies).
type RCP struct {
	// Name names the policy in messages: a file, an attribute path, an
	// aws_organizations_policy address.
	Name string
	Doc  *policy.Document
}

// RCPType is the Organizations policy type of a resource control policy.
const RCPType = "RESOURCE_CONTROL_POLICY"

// ParseRCP reads a resource control policy: a bare policy document, or
// the JSON `aws organizations describe-policy` prints ({"Policy":
// {"PolicySummary": {...}, "Content": "<policy JSON>"}}). A policy of
// another type (a service control policy) is refused: it does not
// restrict web identities. Errors are *policy.SyntaxError with a position
// in data; for a describe-policy document the position is that of the
// Content string and the message says where in it.
func ParseRCP(data []byte) (*policy.Document, error) {
	var wrapper struct {
		Policy *struct {
			PolicySummary struct{ Type, Name, Id string }
			Content       *string
		}
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(data, &wrapper) != nil || wrapper.Policy == nil {
		doc, _, err := policy.Parse(data)
		return doc, err
	}
	p := wrapper.Policy
	at := contentPosition(data)
	if t := p.PolicySummary.Type; t != "" && t != RCPType {
		return nil, &policy.SyntaxError{Path: "$.Policy.PolicySummary.Type", Position: at, Message: fmt.Sprintf(
			"the policy %s is a %s, not a %s; only resource control policies restrict who may assume a role (service control policies affect only IAM users and roles of the organisation's accounts, not web identities: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html)",
			p.PolicySummary.Id, t, RCPType)}
	}
	if p.Content == nil {
		return nil, &policy.SyntaxError{Path: "$.Policy", Position: at, Message: "describe-policy output without Policy.Content; pass the output of `aws organizations describe-policy --policy-id ID` or the policy document itself"}
	}
	doc, _, err := policy.Parse([]byte(*p.Content))
	if se, ok := err.(*policy.SyntaxError); ok {
		return nil, &policy.SyntaxError{Path: "$.Policy.Content", Position: at,
			Message: fmt.Sprintf("the policy text, at its line %d column %d (%s): %s", se.Position.Line, se.Position.Column, se.Path, se.Message)}
	}
	return doc, err
}

// contentPosition finds the Content value of a describe-policy document
// (line 1 column 1 when it cannot be found).
func contentPosition(data []byte) policy.Position {
	dec := json.NewDecoder(bytes.NewReader(data))
	off := 0
	depth, wantValue := 0, false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
			} else {
				depth--
			}
		case string:
			if wantValue {
				return policy.PositionAt(data, off)
			}
			if depth == 2 && v == "Content" {
				wantValue = true
			}
		}
		off = int(dec.InputOffset())
		for off < len(data) && (data[off] == ' ' || data[off] == '\t' || data[off] == '\n' || data[off] == '\r' || data[off] == ':' || data[off] == ',') {
			off++
		}
	}
	return policy.Position{Line: 1, Column: 1}
}

// RCPRefusal returns the statement of the input's RCPs that refuses a web
// identity request, e.g. `Statement[0] "OnlyOurOrg" of resource control
// policy perimeter.json` ("" when no RCP refuses it). The over-breadth
// analyses use it to tell an identity the trust admits but an RCP keeps
// out.
func RCPRefusal(in Input, req *identity.Request) string {
	if len(in.RCPs) == 0 || req == nil {
		return ""
	}
	docs := make([]*policy.Document, len(in.RCPs))
	for i, r := range in.RCPs {
		docs[i] = r.Doc
	}
	prior := *req
	if in.RoleARN != "" {
		prior.RoleARN = in.RoleARN
	}
	res, err := evaluate.Request(in.Policy, &prior, docs...)
	if err != nil || res.DecidedByRCP == nil || res.DecidedBy == nil {
		return ""
	}
	return statementName(res.DecidedBy) + " of resource control policy " + in.RCPs[*res.DecidedByRCP].Name
}
