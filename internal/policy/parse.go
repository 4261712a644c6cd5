package policy

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// VersionLegacy is the older policy language version; in it ${...} is
// literal text.
const VersionLegacy = "2008-10-17"

// Element names IAM knows, for unknown-element suggestions.
var (
	documentElements  = []string{"Version", "Id", "Statement"}
	statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)

// Parse reads a policy document. It returns an error (a *SyntaxError) only
// when the input cannot be read as a policy at all: invalid UTF-8 or JSON,
// an empty document, a top-level value that is not an object, a known
// element of the wrong JSON type, or nesting deeper than MaxDepth.
// Everything IAM would refuse at write time is reported as a Problem, in
// document order, and the rest of the document is still returned.
// Parse runs in time linear in the input and never panics.
func Parse(data []byte) (*Document, []Problem, error) {
	pos := newPositioner(data)
	root, dups, serr := scanDocument(data)
	if serr != nil {
		return nil, nil, &SyntaxError{Path: serr.path, Position: pos.at(serr.offset), Message: serr.msg}
	}
	p := &parser{pos: pos, problems: problemList{pos: pos}}
	if root.kind != jsonObject {
		return nil, nil, p.syntaxError(rootPath, root.offset,
			"the document is %s; expected a JSON object such as {\"Version\": \"2012-10-17\", \"Statement\": [...]}", root.kind.describe())
	}
	for _, d := range dups {
		p.problems.add(CodeDuplicateKey, d.path, d.offset,
			"%q appears more than once in the same object (first at %s); only one of them takes effect: stsguard uses the last, as lenient JSON readers do, but how IAM treats repeated keys is unconfirmed (one block was observed to be ignored). Merge them into one entry",
			d.key, pos.at(d.firstOffset))
	}
	doc := &Document{Size: policySize(data)}
	if err := p.document(root, doc); err != nil {
		return nil, nil, err
	}
	if doc.Size > MaxTrustPolicySize {
		p.problems.add(CodePolicyTooLarge, rootPath, root.offset,
			"the document is %d characters long as IAM counts it (whitespace outside strings is not counted); IAM accepts at most %d characters in a role trust policy",
			doc.Size, MaxTrustPolicySize)
	}
	slices.SortStableFunc(p.problems.list, func(a, b Problem) int {
		return cmp.Compare(a.Position.Offset, b.Position.Offset)
	})
	return doc, p.problems.list, nil
}

// parser walks the JSON tree as a policy document.
type parser struct {
	pos      *positioner
	problems problemList
}

func (p *parser) syntaxError(path string, offset int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Path: path, Position: p.pos.at(offset), Message: fmt.Sprintf(format, args...)}
}

// typeError reports a known element written as the wrong JSON type.
func (p *parser) typeError(path, name string, n jsonNode, want, example string) *SyntaxError {
	return p.syntaxError(path, n.offset, "%s must be %s, found %s; expected for example %s", name, want, n.kind.describe(), example)
}

func (p *parser) document(root jsonNode, doc *Document) *SyntaxError {
	sawStatement := false
	for _, m := range root.members {
		path := childKey(rootPath, m.key)
		switch m.key {
		case "Version":
			v, err := p.str(path, "Version", m.value, `"2012-10-17"`)
			if err != nil {
				return err
			}
			doc.Version = v
			if v != VersionCurrent && v != VersionLegacy {
				p.problems.add(CodeInvalidVersion, path, m.value.offset,
					"Version %q is not a policy language version; IAM accepts \"2012-10-17\" (current, needed for ${...} policy variables) or \"2008-10-17\"", v)
			}
		case "Id":
			id, err := p.str(path, "Id", m.value, `"trust-policy-1"`)
			if err != nil {
				return err
			}
			doc.ID = id
		case "Statement":
			sawStatement = true
			if err := p.statements(path, m.value, doc); err != nil {
				return err
			}
		default:
			p.unknownElement(path, m, "the document", documentElements)
		}
	}
	if !sawStatement {
		p.problems.add(CodeNoStatements, rootPath, root.offset,
			"the document has no Statement element; IAM expects at least one statement, and without one nothing is allowed")
	}
	return nil
}

func (p *parser) unknownElement(path string, m jsonMember, where string, known []string) {
	hint := ""
	for _, k := range known {
		switch {
		case strings.EqualFold(k, m.key):
			hint = fmt.Sprintf(" Did you mean %q? Element names are case-sensitive.", k)
		case strings.EqualFold(k+"s", m.key) || strings.EqualFold(k, m.key+"s"):
			hint = fmt.Sprintf(" Did you mean %q?", k)
		}
	}
	p.problems.add(CodeUnknownElement, path, m.keyOffset,
		"%q is not an element of %s; IAM accepts only %s, and stsguard ignores this one.%s",
		m.key, where, strings.Join(known, ", "), hint)
}

func (p *parser) statements(path string, n jsonNode, doc *Document) *SyntaxError {
	switch n.kind {
	case jsonObject:
		return p.statement(path, 0, n, doc)
	case jsonArray:
		if len(n.items) == 0 {
			p.problems.add(CodeNoStatements, path, n.offset,
				"Statement is an empty list; IAM expects at least one statement, and without one nothing is allowed")
		}
		for i, item := range n.items {
			itemPath := childIndex(path, i)
			if item.kind != jsonObject {
				return p.typeError(itemPath, "each statement", item, "an object", `{"Effect": "Allow", "Principal": {...}, "Action": "sts:AssumeRoleWithWebIdentity"}`)
			}
			if err := p.statement(itemPath, i, item, doc); err != nil {
				return err
			}
		}
		return nil
	}
	return p.typeError(path, "Statement", n, "an object or a list of objects", `[{"Effect": "Allow", ...}]`)
}

// statementKeys remembers which elements a statement has, for the checks
// that look at several of them together.
type statementKeys struct {
	effect, principal, notPrincipal, action, notAction *jsonMember
}

// statement reads one statement object and appends it to doc.Statements
// unless its Effect is missing or invalid.
func (p *parser) statement(path string, index int, n jsonNode, doc *Document) *SyntaxError {
	st := Statement{Index: index, Loc: p.pos.loc(path, n.offset)}
	effectOK := false
	var keys statementKeys
	for i := range n.members {
		m := &n.members[i]
		mp := childKey(path, m.key)
		var err *SyntaxError
		switch m.key {
		case "Sid":
			st.Sid, err = p.str(mp, "Sid", m.value, `"AllowGitHubDeploy"`)
		case "Effect":
			keys.effect = m
			effectOK, err = p.effect(mp, m.value, &st)
		case "Principal":
			keys.principal = m
			st.Principal, err = p.principal(mp, "Principal", *m, true)
		case "NotPrincipal":
			keys.notPrincipal = m
			st.NotPrincipal, err = p.principal(mp, "NotPrincipal", *m, false)
			p.problems.add(CodeNotPrincipal, mp, m.keyOffset,
				"NotPrincipal is not allowed in a role trust policy; IAM refuses it. Name the trusted provider in Principal instead")
		case "Action", "NotAction":
			if m.key == "Action" {
				keys.action = m
			} else {
				keys.notAction = m
			}
			var actions []string
			actions, err = p.strList(mp, m.key, m.value, `"sts:AssumeRoleWithWebIdentity"`)
			if m.key == "Action" || keys.action == nil {
				st.Actions, st.NotAction = actions, m.key == "NotAction"
			}
		case "Resource", "NotResource":
			st.Resources, err = p.strList(mp, m.key, m.value, `"*"`)
			st.NotResource = m.key == "NotResource"
			p.problems.add(CodeResourceInTrustPolicy, mp, m.keyOffset,
				"%s is not allowed in a role trust policy: the resource is always the role the policy is attached to, and IAM refuses the document. Remove the element", m.key)
		case "Condition":
			st.Conditions, err = p.conditions(mp, m.value)
		default:
			p.unknownElement(mp, *m, "a statement", statementElements)
		}
		if err != nil {
			return err
		}
	}
	p.statementShape(path, n, keys, &st)
	if effectOK {
		doc.Statements = append(doc.Statements, st)
	}
	return nil
}

// statementShape reports missing and conflicting elements of a statement.
func (p *parser) statementShape(path string, n jsonNode, keys statementKeys, st *Statement) {
	if keys.effect == nil {
		p.problems.add(CodeMissingEffect, path, n.offset,
			"%s has no Effect; IAM expects \"Effect\": \"Allow\" or \"Deny\". The statement is left out of evaluation", st.Label())
	}
	if keys.principal == nil && keys.notPrincipal == nil {
		p.problems.add(CodeMissingPrincipal, path, n.offset,
			"%s has no Principal; a trust policy statement must name who may assume the role, e.g. \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/...\"}. It never matches as written", st.Label())
	}
	if keys.principal != nil && keys.notPrincipal != nil {
		p.problems.add(CodeConflictingElements, childKey(path, "Principal"), keys.principal.keyOffset,
			"%s has both Principal and NotPrincipal; IAM accepts only one of them (and NotPrincipal not at all in a trust policy)", st.Label())
	}
	switch {
	case keys.action != nil && keys.notAction != nil:
		p.problems.add(CodeConflictingElements, childKey(path, "NotAction"), keys.notAction.keyOffset,
			"%s has both Action and NotAction; IAM accepts only one of them. stsguard evaluates Action and ignores NotAction", st.Label())
	case keys.action == nil && keys.notAction == nil:
		p.problems.add(CodeMissingAction, path, n.offset,
			"%s has no Action; IAM expects one, e.g. \"Action\": \"sts:AssumeRoleWithWebIdentity\". The statement never matches as written", st.Label())
	case len(st.Actions) == 0:
		m := keys.action
		if m == nil {
			m = keys.notAction
		}
		p.problems.add(CodeMissingAction, childKey(path, m.key), m.value.offset,
			"%s lists no actions; IAM expects at least one, e.g. \"sts:AssumeRoleWithWebIdentity\". The statement never matches as written", st.Label())
	}
}

// effect reads the Effect element; ok is false when it is neither Allow
// nor Deny.
func (p *parser) effect(path string, n jsonNode, st *Statement) (ok bool, err *SyntaxError) {
	v, err := p.str(path, "Effect", n, `"Allow"`)
	if err != nil {
		return false, err
	}
	switch Effect(v) {
	case Allow, Deny:
		st.Effect = Effect(v)
		return true, nil
	}
	hint := ""
	if strings.EqualFold(v, string(Allow)) || strings.EqualFold(v, string(Deny)) {
		hint = " (the value is case-sensitive)"
	}
	p.problems.add(CodeInvalidEffect, path, n.offset,
		"Effect %q is not valid%s; IAM expects exactly \"Allow\" or \"Deny\". The statement is left out of evaluation", v, hint)
	return false, nil
}
