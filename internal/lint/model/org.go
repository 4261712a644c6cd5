package model

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// RCPType is the type of an AWS Organizations resource control policy
// (aws_organizations_policy.type).
const RCPType = "RESOURCE_CONTROL_POLICY"

// Org is the AWS Organizations layer a plan shows: its resource control
// policies, their attachments and the tree of roots, organisational units
// and accounts, on both sides. Other policy types are read only to know
// that they are not RCPs. An Org answers by account ID (Reach), so that
// the organisation's plan can serve the roles of other plans.
type Org struct {
	// Source names the plan the organisation layer was read from.
	Source      string
	Policies    []*OrgPolicy
	Attachments []*OrgAttachment
	// parent maps an OU or account key to its parent's key on each side;
	// parentWhy says why a parent is not known.
	parent    [2]map[string]string
	parentWhy [2]map[string]string
	// members are accounts the plan shows in the organisation (from the
	// organisation's accounts list); membersKnown is true when that list
	// is known on the side.
	members      [2]map[string]bool
	membersKnown [2]bool
	// management is the management account's ID ("" when not known);
	// managementUnknown is true when the plan has the organisation but
	// its management account is known only after apply.
	management        [2]string
	managementUnknown [2]bool
}

// OrgPolicy is an aws_organizations_policy on both sides.
type OrgPolicy struct {
	Res *tfplan.Resource
	// ID is the policy ID (p-...) when known; Type its type.
	ID, Type [2]string
	// Text is the content; Doc the parsed document (nil when Why says why
	// it cannot be read).
	Text [2]string
	Doc  [2]*policy.Document
	Why  [2]string
}

// IsRCP reports whether the policy is a resource control policy on a side.
func (p *OrgPolicy) IsRCP(s tfplan.Side) bool { return p.Res.Exists(s) && p.Type[s] == RCPType }

// OrgAttachment is an aws_organizations_policy_attachment on both sides.
type OrgAttachment struct {
	Res *tfplan.Resource
	// Policy is the attached policy when the plan has it; PolicyID its ID
	// as planned ("" when unknown); PolicyWhy says why the policy is not
	// known.
	Policy    [2]*OrgPolicy
	PolicyID  [2]string
	PolicyWhy [2]string
	// Target is the key of the target (root, OU or account); TargetWhy
	// says why it is not known.
	Target    [2]string
	TargetWhy [2]string
}

// collectOrg reads the organisation layer; nil when the plan has none.
func (w *World) collectOrg() {
	p := w.Plan
	if len(p.OfType("aws_organizations_policy")) == 0 && len(p.OfType("aws_organizations_policy_attachment")) == 0 {
		return
	}
	o := &Org{Source: p.Source}
	for s := range 2 {
		o.parent[s], o.parentWhy[s], o.members[s] = map[string]string{}, map[string]string{}, map[string]bool{}
	}
	byRes := map[*tfplan.Resource]*OrgPolicy{}
	for _, r := range p.OfType("aws_organizations_policy") {
		op := &OrgPolicy{Res: r}
		for _, s := range sides {
			if !r.Exists(s) {
				continue
			}
			op.ID[s], _ = r.StringAt(s, "id")
			if r.UnknownAt(s, "id") {
				op.ID[s] = ""
			}
			op.Type[s], _ = r.StringAt(s, "type")
			if op.Type[s] == "" && !r.UnknownAt(s, "type") {
				op.Type[s] = "SERVICE_CONTROL_POLICY" // the provider's default
			}
			text, ok := r.StringAt(s, "content")
			switch {
			case r.UnknownAt(s, "content"):
				op.Why[s] = fmt.Sprintf("the content of %s is known only after apply", r.Address)
			case !ok:
				op.Why[s] = fmt.Sprintf("%s has no content", r.Address)
			default:
				op.Text[s] = text
				doc, _, err := policy.Parse([]byte(text))
				if err != nil {
					op.Why[s] = fmt.Sprintf("the content of %s is not a policy: %v", r.Address, err)
				} else {
					op.Doc[s] = doc
				}
			}
		}
		byRes[r] = op
		o.Policies = append(o.Policies, op)
	}
	for _, r := range p.OfType("aws_organizations_policy_attachment") {
		a := &OrgAttachment{Res: r}
		for _, s := range sides {
			if !r.Exists(s) {
				continue
			}
			v := p.Value(r, s, "policy_id")
			if v.Known {
				a.PolicyID[s] = v.S
				for _, op := range o.Policies {
					if op.ID[s] == v.S && op.Res.Exists(s) {
						a.Policy[s] = op
					}
				}
			} else if ref, ok := v.RefTo("", "aws_organizations_policy"); ok {
				a.Policy[s] = byRes[ref.Resource]
			}
			if a.Policy[s] == nil {
				a.PolicyWhy[s] = fmt.Sprintf("%s attaches the policy %s, which the plan does not show", r.Address, v.Show())
			}
			a.Target[s], a.TargetWhy[s] = w.orgKey(p.Value(r, s, "target_id"), s)
			if a.TargetWhy[s] != "" {
				a.TargetWhy[s] = fmt.Sprintf("the target of %s is %s", r.Address, a.TargetWhy[s])
			}
		}
		o.Attachments = append(o.Attachments, a)
	}
	for _, key := range []string{"aws_organizations_organizational_unit", "aws_organizations_account", "data.aws_organizations_organizational_unit"} {
		for _, r := range p.OfType(key) {
			for _, s := range sides {
				if !r.Exists(s) {
					continue
				}
				self := resKey(r, s)
				parent, why := w.orgKey(p.Value(r, s, "parent_id"), s)
				if why != "" {
					o.parentWhy[s][self] = fmt.Sprintf("the parent of %s is %s", r.Address, why)
				} else {
					o.parent[s][self] = parent
				}
				for _, acct := range r.ObjectsAt(s, "accounts") {
					if id, ok := acct["id"].(string); ok && id != "" {
						if _, set := o.parent[s][id]; !set {
							o.parent[s][id] = self
						}
					}
				}
			}
		}
	}
	for _, key := range []string{"aws_organizations_organization", "data.aws_organizations_organization"} {
		for _, r := range p.OfType(key) {
			for _, s := range sides {
				if !r.Exists(s) {
					continue
				}
				if m, ok := r.StringAt(s, "master_account_id"); ok && !r.UnknownAt(s, "master_account_id") {
					o.management[s] = m
				} else if r.UnknownAt(s, "master_account_id") {
					o.managementUnknown[s] = true
				}
				if !r.UnknownAt(s, "accounts") {
					for _, acct := range r.ObjectsAt(s, "accounts") {
						if id, ok := acct["id"].(string); ok && id != "" {
							o.members[s][id] = true
							o.membersKnown[s] = true
						}
					}
				}
			}
		}
	}
	w.Org = o
}

var sides = []tfplan.Side{tfplan.Before, tfplan.After}

// ReadOrg reads only the organisation layer of a plan (nil when it has
// none), for the RCPs of an organisation's plan to apply to the roles of
// other plans (lint.Options.Orgs). p must be loaded with LoadOptions.
func ReadOrg(p *tfplan.Plan) *Org {
	w := &World{Plan: p}
	w.collectOrg()
	return w.Org
}

// resKey is the key of an OU, account or root resource on a side: its ID
// when known, else "@" and its address.
func resKey(r *tfplan.Resource, s tfplan.Side) string {
	if id, ok := r.StringAt(s, "id"); ok && id != "" && !r.UnknownAt(s, "id") {
		return id
	}
	return "@" + r.Address
}

// orgKey reads a parent_id or target_id: a known ID, or a reference to an
// OU, an account or the organisation's root. why says what is unknown.
func (w *World) orgKey(v tfplan.Value, s tfplan.Side) (key, why string) {
	if v.Known {
		return v.S, ""
	}
	if ref, ok := v.RefTo("", "aws_organizations_organizational_unit", "aws_organizations_account", "data.aws_organizations_organizational_unit"); ok && (ref.Attr == "id" || ref.Attr == "") {
		return resKey(ref.Resource, s), ""
	}
	if ref, ok := v.RefTo("", "aws_organizations_organization", "data.aws_organizations_organization"); ok && strings.HasPrefix(ref.Attr, "roots") {
		if id, ok := ref.Resource.StringAt(s, "roots", 0, "id"); ok && id != "" && !ref.Resource.UnknownAt(s, "roots") {
			return id, ""
		}
		return "@" + ref.Resource.Address + ".root", ""
	}
	switch {
	case len(v.Refs) > 0:
		return "", "known only after apply (from " + v.Refs[0].String() + ")"
	case len(v.Unresolved) > 0:
		return "", "known only after apply (from " + strings.Join(v.Unresolved, ", ") + ")"
	}
	return "", "known only after apply"
}

func isRootKey(k string) bool { return strings.HasPrefix(k, "r-") || strings.HasSuffix(k, ".root") }

func isAccountKey(k string) bool {
	if len(k) != 12 {
		return false
	}
	for _, c := range k {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// ReachedRCP is a resource control policy that reaches an account.
type ReachedRCP struct {
	Policy     *OrgPolicy
	Attachment *OrgAttachment
	// Doc is the policy's document (nil when Why says why it is unknown).
	Doc *policy.Document
	// Why is set when it is not known whether, or with what content, the
	// policy applies: what would decide.
	Why string
}

// Reach lists the resource control policies of the organisation that apply
// to resources of an account on a side (Apply), those that may (Possible,
// each with what would decide), and notes (the management account).
func (o *Org) Reach(account string, s tfplan.Side) (apply, possible []ReachedRCP, notes []string) {
	if o == nil {
		return nil, nil, nil
	}
	if account != "" && account == o.management[s] {
		return nil, nil, []string{fmt.Sprintf("account %s is the organisation's management account: resource control policies do not apply to its resources (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html)", account)}
	}
	for _, a := range o.Attachments {
		if !a.Res.Exists(s) {
			continue
		}
		r := ReachedRCP{Policy: a.Policy[s], Attachment: a}
		switch {
		case r.Policy == nil:
			if a.PolicyID[s] == "p-RCPFullAWSAccess" || a.PolicyID[s] == "p-FullAWSAccess" {
				continue // AWS managed, allow only
			}
			r.Why = a.PolicyWhy[s]
		case !r.Policy.Res.Exists(s) || (r.Policy.Type[s] != RCPType && r.Policy.Type[s] != ""):
			continue // not an RCP (an SCP, a tag policy, ...)
		case r.Policy.Type[s] == "":
			r.Why = fmt.Sprintf("the type of %s is known only after apply", r.Policy.Res.Address)
		case r.Policy.Doc[s] == nil:
			r.Why = r.Policy.Why[s]
		default:
			r.Doc = r.Policy.Doc[s]
		}
		reaches, why := o.reaches(a, account, s)
		if !reaches && why == "" {
			continue
		}
		if o.managementUnknown[s] && o.management[s] == "" && why == "" {
			why = fmt.Sprintf("whether account %s is the organisation's management account, where RCPs do not apply, is known only after apply", account)
		}
		if why != "" {
			r.Why = strings.TrimPrefix(strings.Join([]string{r.Why, why}, "; "), "; ")
		}
		if r.Why != "" {
			possible = append(possible, r)
		} else {
			apply = append(apply, r)
		}
	}
	return apply, possible, nil
}

// reaches says whether an attachment's target is the account or one of
// its ancestors; why says what the plan does not show when undecided.
func (o *Org) reaches(a *OrgAttachment, account string, s tfplan.Side) (bool, string) {
	target := a.Target[s]
	switch {
	case a.TargetWhy[s] != "":
		return false, a.TargetWhy[s]
	case account == "" || IsPlaceholder(account):
		return false, fmt.Sprintf("the role's account is known only after apply, so whether %s reaches it is not known", a.Res.Address)
	case target == account:
		return true, ""
	case isAccountKey(target):
		return false, ""
	}
	cur := account
	for range 16 {
		parent, ok := o.parent[s][cur]
		if !ok {
			why := o.parentWhy[s][cur]
			switch {
			case why != "":
			case cur != account:
				why = fmt.Sprintf("the plan does not show the parent of %s", cur)
			case isRootKey(target) && o.membersKnown[s] && !o.members[s][account]:
				return false, "" // not a member of the organisation
			case isRootKey(target) && o.members[s][account]:
				return true, ""
			default:
				why = fmt.Sprintf("the plan does not show where account %s is in the organisation (no aws_organizations_account with that ID, and no organisational unit listing it)", account)
			}
			return false, fmt.Sprintf("whether %s (target %s) reaches account %s is not known: %s", a.Res.Address, showKey(target), account, why)
		}
		if parent == target {
			return true, ""
		}
		if isRootKey(parent) {
			return isRootKey(target), ""
		}
		cur = parent
	}
	return false, fmt.Sprintf("the organisation tree above account %s is deeper than AWS allows", account)
}

func showKey(k string) string {
	if strings.HasPrefix(k, "@") {
		return strings.TrimPrefix(k, "@") + ", known after apply"
	}
	return k
}

// Label names a reached RCP: the policy's address, or the attachment's
// when the policy is not in the plan.
func (r ReachedRCP) Label() string {
	if r.Policy != nil {
		return r.Policy.Res.Address
	}
	return r.Attachment.Res.Address
}

// Via says how an RCP reaches an account, e.g. "attached to ou-ab12-cdef
// by aws_organizations_policy_attachment.workloads".
func (r ReachedRCP) Via(s tfplan.Side) string {
	t := r.Attachment.Target[s]
	if t == "" {
		t = "a target known only after apply"
	}
	return fmt.Sprintf("attached to %s by %s", showKey(t), r.Attachment.Res.Address)
}
