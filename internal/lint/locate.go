package lint

import (
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// policyDocumentType is the data source whose statement blocks build a
// policy document's statements, in order.
const policyDocumentType = "data.aws_iam_policy_document."

// Locate returns where a finding is best shown in the .tf files (SARIF).
// A finding about a role's trust (located at the role) points at the
// expression that builds the trust: the statement block at fault (or the
// block itself) of the data "aws_iam_policy_document" its
// assume_role_policy refers to, else the assume_role_policy attribute
// line; any other finding, and a trust that cannot be followed, points at
// the block declaring the finding's resource.
func Locate(p *tfplan.Plan, l *tfplan.Locator, f Finding) (tfplan.Location, bool) {
	if f.Role != "" && f.Address == f.Role {
		if loc, ok := trustLocation(p, l, f); ok {
			return loc, true
		}
	}
	return l.Locate(f.Address)
}

// trustLocation locates the expression that builds a role's trust.
func trustLocation(p *tfplan.Plan, l *tfplan.Locator, f Finding) (tfplan.Location, bool) {
	if r := p.Lookup(f.Role); r != nil {
		if cfg := p.ConfigResource(r); cfg != nil {
			if e := cfg.Expressions["assume_role_policy"]; e != nil && e.ExpressionData != nil {
				for _, ref := range e.References {
					if loc, ok := documentLocation(l, modulePrefix(f.Role), ref, f.Statement); ok {
						return loc, true
					}
				}
			}
		}
	}
	if lines := l.InBlock(f.Role, "assume_role_policy"); len(lines) > 0 {
		return lines[0], true
	}
	return tfplan.Location{}, false
}

// documentLocation locates a reference to a data "aws_iam_policy_document":
// its statement-th statement block (1-based), or the data block.
func documentLocation(l *tfplan.Locator, module, ref string, statement int) (tfplan.Location, bool) {
	rest, ok := strings.CutPrefix(ref, policyDocumentType)
	if !ok {
		return tfplan.Location{}, false
	}
	name, _, _ := strings.Cut(rest, ".")
	addr := module + policyDocumentType + tfplan.StripKeys(name)
	if lines := l.InBlock(addr, "statement"); statement > 0 && statement <= len(lines) {
		return lines[statement-1], true
	}
	return l.Locate(addr)
}

// modulePrefix is the module part of an address with its trailing dot
// ("module.a.module.b."), "" in the root module.
func modulePrefix(address string) string {
	parts := tfplan.SplitAddress(address)
	var b strings.Builder
	for i := 0; i+1 < len(parts) && parts[i] == "module"; i += 2 {
		b.WriteString("module." + parts[i+1] + ".")
	}
	return b.String()
}
