package policy

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
)

// principalTypes are the principal kinds IAM knows.
var principalTypes = []string{"AWS", "Federated", "Service", "CanonicalUser"}

// str reads an element that must be a string.
func (p *parser) str(path, name string, n jsonNode, example string) (string, *SyntaxError) {
	if n.kind != jsonString {
		return "", p.typeError(path, name, n, "a string", example)
	}
	return n.text, nil
}

// strList reads an element that is a string or a list of strings; a single
// string becomes a one-element list. The result is never nil.
func (p *parser) strList(path, name string, n jsonNode, example string) ([]string, *SyntaxError) {
	switch n.kind {
	case jsonString:
		return []string{n.text}, nil
	case jsonArray:
		out := make([]string, 0, len(n.items))
		for i, item := range n.items {
			if item.kind != jsonString {
				return nil, p.typeError(childIndex(path, i), "each value of "+name, item, "a string", example)
			}
			out = append(out, item.text)
		}
		return out, nil
	}
	return nil, p.typeError(path, name, n, "a string or a list of strings", example)
}

// principal reads a Principal or NotPrincipal element. check enables the
// wildcard and Federated syntax checks (not repeated for NotPrincipal,
// which is refused as a whole).
func (p *parser) principal(path, name string, m jsonMember, check bool) (*Principal, *SyntaxError) {
	n := m.value
	pr := &Principal{Values: map[string][]string{}, Loc: p.pos.loc(path, m.keyOffset)}
	switch n.kind {
	case jsonString:
		if n.text == "*" {
			pr.Wildcard = true
			if check {
				p.problems.add(CodePrincipalWildcard, path, n.offset,
					"\"Principal\": \"*\" is not allowed in a role trust policy; IAM refuses it. Name the identity provider instead, e.g. {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"}")
			}
			return pr, nil
		}
		p.problems.add(CodeInvalidPrincipal, path, n.offset,
			"%s %q is a plain string; IAM accepts only \"*\" or an object that names the principal type, e.g. {\"Federated\": %q}. It never matches as written",
			name, n.text, n.text)
		return pr, nil
	case jsonObject:
	default:
		return nil, p.typeError(path, name, n, "\"*\" or an object", `{"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}`)
	}
	if len(n.members) == 0 {
		p.problems.add(CodeInvalidPrincipal, path, n.offset,
			"%s is an empty object; IAM expects at least one principal type (AWS, Federated, Service or CanonicalUser) with a value. It never matches as written", name)
	}
	for _, tm := range n.members {
		tp := childKey(path, tm.key)
		values, err := p.strList(tp, name+" "+tm.key, tm.value, `"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"`)
		if err != nil {
			return nil, err
		}
		pr.Values[tm.key] = values
		if !isPrincipalType(tm.key) {
			p.problems.add(CodeInvalidPrincipal, tp, tm.keyOffset,
				"%q is not a principal type; IAM expects one of %s (case-sensitive). stsguard never matches it",
				tm.key, strings.Join(principalTypes, ", "))
			continue
		}
		if !check {
			continue
		}
		if len(values) == 0 {
			p.problems.add(CodeInvalidPrincipal, tp, tm.value.offset,
				"%s %s is an empty list; IAM expects at least one principal. It never matches as written", name, tm.key)
		}
		for i, v := range values {
			vp, off := tp, tm.value.offset
			if tm.value.kind == jsonArray {
				vp, off = childIndex(tp, i), tm.value.items[i].offset
			}
			p.problems.checkPrincipalValue(tm.key, v, vp, off)
		}
	}
	return pr, nil
}

func isPrincipalType(s string) bool {
	for _, t := range principalTypes {
		if s == t {
			return true
		}
	}
	return false
}

const conditionExample = `{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}`

// conditions reads a Condition element into one entry per operator and key,
// in document order.
func (p *parser) conditions(path string, n jsonNode) ([]Condition, *SyntaxError) {
	if n.kind != jsonObject {
		return nil, p.typeError(path, "Condition", n, "an object of operators", conditionExample)
	}
	if len(n.members) == 0 {
		p.problems.add(CodeEmptyConditionBlock, path, n.offset,
			"Condition is an empty object; it restricts nothing. Remove it, or add the operators that limit who may assume the role, e.g. %s", conditionExample)
	}
	var out []Condition
	for _, om := range n.members {
		opPath := childKey(path, om.key)
		if om.value.kind != jsonObject {
			return nil, p.typeError(opPath, fmt.Sprintf("condition operator %q", om.key), om.value,
				"an object of condition keys", `{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}`)
		}
		op, opErr := condition.ParseOperator(om.key)
		if opErr != nil {
			msg := opErr.Error()
			if !strings.HasSuffix(msg, "?") {
				msg += "."
			}
			p.problems.add(CodeUnknownOperator, opPath, om.keyOffset,
				"%s stsguard treats its keys as never matching, so an Allow statement using it never applies and a Deny never denies", msg)
		}
		if len(om.value.members) == 0 {
			p.problems.add(CodeEmptyConditionBlock, opPath, om.value.offset,
				"operator %q has no condition keys, so it restricts nothing; add the keys to test, e.g. {\"token.actions.githubusercontent.com:sub\": \"repo:octo-org/octo-repo:ref:refs/heads/main\"}", om.key)
		}
		for _, km := range om.value.members {
			keyPath := childKey(opPath, km.key)
			values, err := p.conditionValues(keyPath, km.key, km.value)
			if err != nil {
				return nil, err
			}
			if why := conditionKeyProblem(km.key); why != "" {
				p.problems.add(CodeMalformedConditionKey, keyPath, km.keyOffset, "%s", why)
			}
			if like, ok := names.Lookalike(km.key); ok {
				p.problems.add(CodeLookalikeConditionKey, keyPath, km.keyOffset,
					"condition key %q resembles %q only through non-ASCII case folding; AWS folds key names in ASCII only, so this key names no request key and is absent from every request (an IfExists or Null condition on it holds for every caller). Spell the key %q in ASCII",
					km.key, like, like)
			}
			out = append(out, Condition{
				OperatorName:  om.key,
				Operator:      op,
				OperatorValid: opErr == nil,
				Key:           km.key,
				Values:        values,
				Loc:           p.pos.loc(keyPath, km.keyOffset),
			})
		}
	}
	return out, nil
}

// conditionValues reads a string, boolean, number or a list of those. An
// empty list is allowed (aws-reference.md#set-operators).
func (p *parser) conditionValues(path, key string, n jsonNode) ([]Value, *SyntaxError) {
	if n.kind != jsonArray {
		v, ok := conditionValue(n)
		if !ok {
			return nil, p.typeError(path, fmt.Sprintf("the value of condition key %q", key), n,
				"a string, boolean, number or a list of those", `"sts.amazonaws.com"`)
		}
		return []Value{v}, nil
	}
	out := make([]Value, 0, len(n.items))
	for i, item := range n.items {
		v, ok := conditionValue(item)
		if !ok {
			return nil, p.typeError(childIndex(path, i), fmt.Sprintf("each value of condition key %q", key), item,
				"a string, boolean or number", `"sts.amazonaws.com"`)
		}
		out = append(out, v)
	}
	return out, nil
}

func conditionValue(n jsonNode) (Value, bool) {
	switch n.kind {
	case jsonString:
		return Value{Raw: n.text, Kind: KindString}, true
	case jsonBool:
		return Value{Raw: n.text, Kind: KindBool}, true
	case jsonNumber:
		return Value{Raw: n.text, Kind: KindNumber}, true
	}
	return Value{}, false
}
