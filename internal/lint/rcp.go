package lint

// Resource control policies. Every RCP that reaches a role's account (the
// plan's organisation layer, model.Org.Reach, the organisation layers of
// other plans in Options.Orgs, and the files of lint --rcp) is evaluated
// with every pair of that role, on each side with that side's policies:
// the engine (internal/evaluate) decides how an RCP Deny overrides the
// trust. RCPs are looked up by the role's account ID, so an organisation's
// plan serves the roles of every plan. An RCP whose reach or content the
// plan does not show makes an allowed pair undecided (STSG900) when it
// could refuse it.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// RCP is a resource control policy read outside the plans (lint --rcp).
type RCP struct {
	// Name names it in findings (the file).
	Name string
	Doc  *policy.Document
	// Accounts narrows it to roles of these accounts (lint
	// --rcp-account); empty means every role.
	Accounts []string
}

// appliedRCP is an RCP evaluated with the pairs of an account.
type appliedRCP struct {
	name, via string
	doc       *policy.Document
	// text identifies the content, to tell an edit between sides.
	text string
	// why is set for an RCP that may apply: what would decide.
	why string
}

// rcpSet is what applies to one account on one side.
type rcpSet struct {
	apply, possible []appliedRCP
	notes           []string
	key             string
}

// docs returns the documents that apply, with their names.
func (rs *rcpSet) docs() ([]*policy.Document, []string) {
	if rs == nil {
		return nil, nil
	}
	docs, names := make([]*policy.Document, len(rs.apply)), make([]string, len(rs.apply))
	for i, a := range rs.apply {
		docs[i], names[i] = a.doc, a.name
	}
	return docs, names
}

// checkRCPs is the set as check.Input wants it.
func (rs *rcpSet) checkRCPs() []check.RCP {
	docs, names := rs.docs()
	out := make([]check.RCP, len(docs))
	for i := range docs {
		out[i] = check.RCP{Name: names[i], Doc: docs[i]}
	}
	return out
}

// serviceLinkedPath is the path of every service-linked role.
const serviceLinkedPath = "/aws-service-role/"

// rcpsFor returns the RCPs that reach a role's account on a side (nil
// when none could).
func (w *analyzer) rcpsFor(role *model.Role, s tfplan.Side) *rcpSet {
	// The role's own plan's organisation layer, those of the plans linted
	// with it (RCPs apply by account ID), and those given in Options.
	orgs := []*model.Org{w.Org}
	for _, other := range w.Worlds() {
		if other != w.World {
			orgs = append(orgs, other.Org)
		}
	}
	orgs = slices.DeleteFunc(append(orgs, w.opts.Orgs...), func(o *model.Org) bool { return o == nil })
	if len(orgs) == 0 && len(w.opts.RCPs) == 0 {
		return nil
	}
	account := role.Account(s)
	if strings.HasPrefix(role.Path[s], serviceLinkedPath) {
		return &rcpSet{notes: []string{fmt.Sprintf("%s is a service-linked role: resource control policies do not apply to service-linked roles (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html)", role.Address())}}
	}
	key := fmt.Sprintf("%p|%d|%s", w.World, s, account) // labels differ per world
	if rs, ok := w.rcpCache[key]; ok {
		return rs
	}
	rs := &rcpSet{}
	for _, o := range orgs {
		apply, possible, notes := o.Reach(account, s)
		rs.notes = append(rs.notes, notes...)
		label := func(r model.ReachedRCP) string {
			if o != w.Org && o.Source != "" {
				return r.Label() + " (in " + o.Source + ")" // the organisation's plan, not this one
			}
			return r.Label()
		}
		for _, r := range apply {
			rs.apply = append(rs.apply, appliedRCP{name: label(r), via: r.Via(s), doc: r.Doc, text: r.Policy.Text[s]})
		}
		for _, r := range possible {
			a := appliedRCP{name: label(r), via: r.Via(s), doc: r.Doc, why: r.Why}
			if r.Policy != nil {
				a.text = r.Policy.Text[s]
			}
			rs.possible = append(rs.possible, a)
		}
	}
	if len(rs.notes) == 0 { // RCPs given outside the plans do not apply to the management account either
		for _, f := range w.opts.RCPs {
			switch {
			case len(f.Accounts) == 0 || slices.Contains(f.Accounts, account):
				rs.apply = append(rs.apply, appliedRCP{name: f.Name, via: "given with --rcp", doc: f.Doc, text: "file:" + f.Name})
			case model.IsPlaceholder(account):
				rs.possible = append(rs.possible, appliedRCP{name: f.Name, via: "given with --rcp", doc: f.Doc,
					why: fmt.Sprintf("the account of %s is known only after apply, so whether --rcp %s (--rcp-account %s) applies is not known", role.Address(), f.Name, strings.Join(f.Accounts, ","))})
			}
		}
	}
	var b strings.Builder
	for _, a := range append(append([]appliedRCP{}, rs.apply...), rs.possible...) {
		fmt.Fprintf(&b, "%s\x00%p\x00", a.name, a.doc)
	}
	rs.key = b.String()
	w.rcpCache[key] = rs
	return rs
}

// rcpNote says which RCPs a pair was evaluated with.
func (rs *rcpSet) rcpNote(account string) []string {
	if rs == nil {
		return nil
	}
	notes := append([]string{}, rs.notes...)
	if len(rs.apply) > 0 {
		var names []string
		for _, a := range rs.apply {
			names = append(names, fmt.Sprintf("%s (%s)", a.name, a.via))
		}
		notes = append(notes, fmt.Sprintf("evaluated with the resource control policies that reach account %s: %s", account, strings.Join(names, ", ")))
	}
	return notes
}

// undecidedByRCP says, for a request the applying RCPs allow, why an RCP
// that may apply could still refuse it ("" when none could).
func (w *analyzer) undecidedByRCP(t *model.Trust, req *identity.Request, rs *rcpSet) string {
	if rs == nil || len(rs.possible) == 0 {
		return ""
	}
	docs, names := rs.docs()
	var whys []string
	for _, p := range rs.possible {
		if p.doc == nil {
			whys = append(whys, p.why)
			continue
		}
		res, err := evaluate.Request(t.Doc, req, append(append([]*policy.Document{}, docs...), p.doc)...)
		if err == nil && res.DecidedByRCP != nil {
			fix, _ := explainRCP(res, append(names, p.name))
			whys = append(whys, fmt.Sprintf("%s, and if it applies it refuses the caller (%s)", p.why, fix))
		}
	}
	return strings.Join(model.Dedupe(whys), "; ")
}

// explainRCP names the RCP statement that refused a request.
func explainRCP(res *evaluate.Result, names []string) (string, bool) {
	if res.DecidedByRCP == nil || res.DecidedBy == nil {
		return "", false
	}
	name := fmt.Sprintf("resource control policy %d", *res.DecidedByRCP)
	if *res.DecidedByRCP < len(names) {
		name = names[*res.DecidedByRCP]
	}
	return fmt.Sprintf("%s of %s", explainStatement(res.DecidedBy), name), true
}

func explainStatement(ref *evaluate.StatementRef) string {
	if ref.Sid != "" {
		return fmt.Sprintf("Statement[%d] %q", ref.Index, ref.Sid)
	}
	return fmt.Sprintf("Statement[%d]", ref.Index)
}

// refusingRCP returns the RCP of the outcome's set that refused it.
func refusingRCP(o *Outcome) (appliedRCP, bool) {
	if o == nil || o.Web == nil || o.Web.DecidedByRCP == nil || o.RCPs == nil || *o.Web.DecidedByRCP >= len(o.RCPs.apply) {
		return appliedRCP{}, false
	}
	return o.RCPs.apply[*o.Web.DecidedByRCP], true
}

// rcpChange describes how the organisation policy that refuses a pair
// after the plan changed ("" when it applied, unchanged, before too).
func (w *analyzer) rcpChange(roleB, roleA *model.Role, outA *Outcome) string {
	a, ok := refusingRCP(outA)
	if !ok {
		return ""
	}
	var before *rcpSet
	if roleB != nil {
		before = w.rcpsFor(roleB, tfplan.Before)
	}
	what := fmt.Sprintf("the organisation policy changed: resource control policy %s (%s)", a.name, a.via)
	if before != nil {
		for _, b := range before.apply {
			if b.name == a.name {
				if b.text == a.text {
					return ""
				}
				return what + " is edited: its content differs from before the plan"
			}
		}
	}
	if r := w.Plan.Lookup(a.name); r != nil && r.Created() {
		return what + " is created by the plan"
	}
	return what + fmt.Sprintf(" now reaches account %s", roleA.Account(tfplan.After))
}

// trustAllows reports whether the trust policy alone allows every action
// of an evaluated request (an RCP may still refuse it).
func trustAllows(res *evaluate.Result) bool {
	if res == nil || res.Request == nil {
		return false
	}
	for ai := range res.Request.Actions {
		ok := false
		for i := range res.Statements {
			st := &res.Statements[i]
			if st.Effect == policy.Allow && st.Skipped == "" && st.Matched(ai) {
				ok = true
			}
			if st.Effect == policy.Deny && st.Matched(ai) {
				return false
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// rcpMayLift reports, for a refusal, whether some value of the claims the
// caller knows only as patterns could lift the deciding RCP Deny: one of
// its conditions is on such a claim and could be false for a value of its
// pattern. A refusal not decided by an RCP returns true (the question is
// the trust's, possiblyAllowed). A Null condition does not depend on the
// value; other operators than the string ones are taken to be liftable.
func rcpMayLift(res *evaluate.Result, patterns map[string]string) bool {
	if res.DecidedByRCP == nil || res.Decider == nil {
		return true
	}
	if len(patterns) == 0 {
		return true
	}
	prefix := ""
	if res.Request != nil {
		prefix = names.Fold(res.Request.Provider.KeyPrefix)
	}
	for _, c := range res.Decider.Conditions {
		key := names.Fold(c.Key)
		j := strings.LastIndex(key, ":")
		if j < 0 || key[:j] != prefix {
			continue
		}
		pat, ok := patterns[key[j+1:]]
		if !ok {
			continue
		}
		op, err := condition.ParseOperator(c.Operator)
		if err != nil {
			continue
		}
		g := condition.ParseGlob(pat)
		switch op.Base {
		case condition.Null:
		case condition.StringNotLike:
			// False when the value matches one of the policy values.
			for _, v := range c.PolicyValues {
				if g.Overlaps(condition.ParseGlob(v)) {
					return true
				}
			}
		case condition.StringNotEquals:
			for _, v := range c.PolicyValues {
				if g.Match(v) {
					return true
				}
			}
		case condition.StringEquals, condition.StringLike:
			// False for a value no policy value matches: certain only
			// when the pattern is one value that matches.
			if strings.ContainsAny(pat, "*?") || !conditionPossible(c.Operator, c.PolicyValues, pat) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// rcpPresenceWhy says why a refusal by an RCP is not conclusive: it
// depends on a key AWS does not document as present in an
// AssumeRoleWithWebIdentity request (aws:FederatedProvider, ...) being
// absent, which the engine assumes (identity.AssumeKeyPresence). ""
// otherwise.
func rcpPresenceWhy(res *evaluate.Result, rcpNames []string) string {
	if res.DecidedByRCP == nil || !slices.Contains(res.Assumptions, identity.AssumeKeyPresence) {
		return ""
	}
	where, _ := explainRCP(res, rcpNames)
	return fmt.Sprintf("the refusal by %s depends on a request key being absent that AWS does not document for sts:AssumeRoleWithWebIdentity (such as aws:FederatedProvider); whether STS sets it decides", where)
}

// rcpStandInWhy says why a refusal by an RCP is not conclusive: a
// condition of the deciding statement compares a claim the linter stood
// in for (a value known only after apply, such as a new identity pool's
// ID). "" otherwise.
func rcpStandInWhy(res *evaluate.Result, req *identity.Request, rcpNames []string) string {
	if res.DecidedByRCP == nil || res.Decider == nil || req == nil {
		return ""
	}
	for _, c := range res.Decider.Conditions {
		claim := c.Key[strings.LastIndex(c.Key, ":")+1:]
		for k, v := range req.Claims {
			if sv, ok := v.(string); ok && names.Equal(k, claim) && model.IsPlaceholder(sv) {
				where, _ := explainRCP(res, rcpNames)
				return fmt.Sprintf("the refusal by %s depends on the token's %s, which is known only after apply", where, k)
			}
		}
	}
	return ""
}
