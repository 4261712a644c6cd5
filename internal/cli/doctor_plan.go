package cli

// This file is doctor's only use of the plan reader: its exported API
// (LoadFile, OfType, Resource.Values) and nothing else, so that moving the
// package touches only the import below.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// trustFromPlan finds the role roleARN in a saved plan (an aws_iam_role
// resource or data source whose arn, or when the arn is not known yet
// whose name, matches) and parses its assume_role_policy: the planned
// value, or the prior one for a role the plan destroys.
func trustFromPlan(planFile, roleARN string) (*policy.Document, []policy.Problem, string, error) {
	if roleARN == "" {
		return nil, nil, "", badInput("--plan needs the role: pass --role-arn ARN or set AWS_ROLE_ARN")
	}
	arn, ok := identity.ParseARN(roleARN)
	if !ok || !identity.IsRoleARN(roleARN) {
		return nil, nil, "", badInput("--role-arn %q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", roleARN)
	}
	roleName := arn.Resource[strings.LastIndexByte(arn.Resource, '/')+1:]
	p, err := tfplan.LoadFile(planFile, rolesOnly)
	if err != nil {
		var le *tfplan.LoadError
		if errors.As(err, &le) {
			return nil, nil, "", badInput("--plan %v", le)
		}
		return nil, nil, "", badInput("--plan %s: %v", planFile, err)
	}
	var seen []string
	for _, r := range append(p.OfType("aws_iam_role"), p.OfType("data.aws_iam_role")...) {
		for _, side := range []tfplan.Side{tfplan.After, tfplan.Before} {
			vals := r.Values(side)
			if vals == nil {
				continue
			}
			got, _ := vals["arn"].(string)
			name, _ := vals["name"].(string)
			if got != roleARN && (got != "" || name != roleName) {
				if got != "" {
					seen = append(seen, got)
				} else if name != "" {
					seen = append(seen, "name "+name)
				}
				continue
			}
			text, ok := vals["assume_role_policy"].(string)
			if !ok || text == "" {
				return nil, nil, "", badInput("--plan %s: %s's assume_role_policy is not known in the plan (it is computed during apply); pass the trust JSON with --policy FILE", planFile, r.Address)
			}
			doc, problems, err := policy.Parse([]byte(text))
			if err != nil {
				return nil, nil, "", badInput("--plan %s: %s's assume_role_policy: %v", planFile, r.Address, err)
			}
			return doc, problems, fmt.Sprintf("--plan %s, %s (%s)", planFile, r.Address, side), nil
		}
	}
	listed := "none"
	if len(seen) > 0 {
		listed = strings.Join(model.Dedupe(seen), ", ")
	}
	return nil, nil, "", badInput("--plan %s has no aws_iam_role with arn %s or name %s; its roles: %s", planFile, roleARN, roleName, listed)
}

// rolesOnly keeps the IAM roles of a plan, the only resources doctor reads.
var rolesOnly = tfplan.Options{Keep: map[string][]string{
	"aws_iam_role":      {"arn", "name", "assume_role_policy"},
	"data.aws_iam_role": {"arn", "name", "assume_role_policy"},
}}
