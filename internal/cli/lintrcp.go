package cli

import (
	"errors"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// readLintRCPs reads the resource control policies of lint --rcp (each a
// bare policy document or the output of `aws organizations
// describe-policy`), narrowed to the accounts of --rcp-account when given.
// Errors name the flag and the file:line:column.
func readLintRCPs(files, accounts []string) ([]lint.RCP, error) {
	if len(accounts) > 0 && len(files) == 0 {
		return nil, badInput("--rcp-account narrows the policies of --rcp FILE; give at least one --rcp")
	}
	var accts []string
	for _, a := range accounts {
		for _, id := range strings.Split(a, ",") {
			id = strings.TrimSpace(id)
			if len(id) != 12 || strings.Trim(id, "0123456789") != "" {
				return nil, badInput("--rcp-account %q: an account ID is 12 digits, e.g. 111122223333", id)
			}
			accts = append(accts, id)
		}
	}
	var out []lint.RCP
	for _, f := range files {
		doc, err := readRCP(f)
		if err != nil {
			return nil, err
		}
		out = append(out, lint.RCP{Name: f, Doc: doc, Accounts: accts})
	}
	return out, nil
}

// readRCP reads the file of one --rcp flag (lint and explain): a policy
// document or describe-policy output, errors at file:line:column.
func readRCP(f string) (*policy.Document, error) {
	data, err := readFile("--rcp", f)
	if err != nil {
		return nil, err
	}
	doc, err := check.ParseRCP(data)
	if err != nil {
		var se *policy.SyntaxError
		if errors.As(err, &se) {
			return nil, badInput("--rcp %s:%d:%d: %s: %s", f, se.Position.Line, se.Position.Column, se.Path, se.Message)
		}
		return nil, badInput("--rcp %s: %v", f, err)
	}
	return doc, nil
}

// rcpFlagsUsage is the lint usage part of the RCP flags.
const rcpFlagsUsage = " [--rcp FILE]... [--rcp-account ID]..."
