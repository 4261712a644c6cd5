package lint

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// missingRole reports a caller whose role is not in the plan after it.
// maybe are notes on roles of other plans that may be the one named, whose
// ARN is known only after apply.
func (w *analyzer) missingRole(c *model.Caller, cs *model.CallerSide, f Finding, maybe []string) []Finding {
	v := cs.Role
	f.Rule = RuleMissingRole
	f.After = VerdictAbsent
	f.Notes = append(f.Notes, cs.Notes...)
	switch {
	case v.Known && !identity.IsRoleARN(v.S):
		f.Message = fmt.Sprintf("%s names %s as its role, which is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", c.Label, v.Show())
		f.Fix = "set the role's ARN, preferably by reference (aws_iam_role.x.arn)"
		return []Finding{f}
	case v.Known:
		for _, world := range w.ownFirst(c) {
			for _, role := range world.Roles {
				if !role.Res.Exists(tfplan.Before) || role.ARN[tfplan.Before] != v.S {
					continue
				}
				f.Role = role.Address()
				switch {
				case !role.Res.Exists(tfplan.After):
					f.Message = fmt.Sprintf("%s names %s (%s), which the plan deletes", c.Label, role.Address(), v.Show())
					f.Fix = fmt.Sprintf("keep %s, or move %s to another role in the same plan", role.Address(), c.Label)
				default:
					f.Message = fmt.Sprintf("%s names %s by its old ARN %s; after the plan the role's ARN is %s (renamed)", c.Label, role.Address(), v.Show(), role.ARN[tfplan.After])
					f.Fix = fmt.Sprintf("refer to the role as %s.arn so the caller follows the rename, or keep the role's name", role.Address())
				}
				return []Finding{f}
			}
		}
		acct := model.AccountOf(v.S)
		if len(maybe) == 0 && w.knownAccount(c, acct) {
			f.Message = fmt.Sprintf("%s names the role %s, which exists nowhere in the %s or %s prior state", c.Label, v.Show(), w.plansWord("plan", "plans"), w.plansWord("its", "their"))
			f.Fix = "create the role in this configuration, fix the ARN, or, if the role is managed elsewhere, accept this finding in .stsguard.json with the reason"
			return []Finding{f}
		}
		f.Rule = RuleUnknown
		f.After = VerdictUnknown
		switch {
		case len(maybe) > 0:
			f.Notes = append(f.Notes, maybe...)
			f.Message = fmt.Sprintf("%s names the role %s, which no plan declares with that ARN; a role whose ARN is known only after apply may be it (see the notes); the pair is not evaluated", c.Label, v.Show())
			f.Fix = "nothing to do now; the pair is checked on the next plan, once the role's ARN is known"
		case len(w.worlds) > 1:
			f.Message = fmt.Sprintf("%s names the role %s in account %s%s, which no plan declares (only a role in the account of the caller's own plan is taken to be missing); the pair is not evaluated", c.Label, v.Show(), acct, w.accountPlans(acct))
			f.Fix = "lint the plan of the configuration that manages the role with this one, or declare the binding in a stsguard_role_trust data source there"
		default:
			f.Message = fmt.Sprintf("%s names the role %s in account %s, which this plan does not manage; the pair is not evaluated", c.Label, v.Show(), acct)
			f.Fix = "lint the plan of the configuration that manages the role, or declare the binding in a stsguard_role_trust data source there"
		}
		return []Finding{f}
	}
	f.Rule = RuleUnknown
	f.After = VerdictUnknown
	if c.Origin != nil {
		f.Message = fmt.Sprintf("%s names its role as %s, which cannot be resolved from the plan; the pair is not evaluated", c.Label, model.DescribeSources(v))
		f.Fix = "write the role ARN in the workflow, or keep it in a GitHub Actions variable or secret managed in this plan (github_actions_variable, github_actions_environment_variable)"
		return []Finding{f}
	}
	f.Message = fmt.Sprintf("the role %s calls is known only after apply and cannot be traced to a role of the plan (from %s)", c.Label, model.DescribeSources(v))
	f.Fix = "refer to the role directly (aws_iam_role.x.arn, or through module outputs and variables), or the pair is checked on the next plan"
	return []Finding{f}
}

// knownAccount reports whether the caller's plan manages anything in an
// account (any plan, for a caller read from a file).
func (w *analyzer) knownAccount(c *model.Caller, acct string) bool {
	if acct == "" {
		return false
	}
	worlds := w.worlds
	if own := w.callerWorld[c]; own != nil {
		worlds = []*model.World{own}
	}
	for _, world := range worlds {
		if acct == world.Account {
			return true
		}
		for _, role := range world.Roles {
			for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
				if role.Res.Exists(s) && role.Account(s) == acct && !role.ARNPlaceholder[s] {
					return true
				}
			}
		}
	}
	return false
}

// accountPlans names the plans whose account is acct, for messages:
// " (the account of a.json)", or "".
func (w *analyzer) accountPlans(acct string) string {
	var names []string
	for _, world := range w.worlds {
		if world.Account == acct && world.Name != "" {
			names = append(names, world.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return " (the account of " + strings.Join(names, ", ") + ")"
}

// ownFirst lists the worlds, the caller's own first.
func (w *analyzer) ownFirst(c *model.Caller) []*model.World {
	own := w.callerWorld[c]
	if own == nil || len(w.worlds) == 1 {
		return w.worlds
	}
	out := []*model.World{own}
	for _, world := range w.worlds {
		if world != own {
			out = append(out, world)
		}
	}
	return out
}

// plansWord picks the word for one plan or several.
func (w *analyzer) plansWord(one, several string) string {
	if len(w.worlds) > 1 {
		return several
	}
	return one
}
