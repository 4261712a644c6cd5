package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// NewRoleTrustDataSource returns the stsguard_role_trust data source.
func NewRoleTrustDataSource() datasource.DataSource { return &roleTrustDataSource{} }

type roleTrustDataSource struct{}

var _ datasource.DataSource = (*roleTrustDataSource)(nil)

func (d *roleTrustDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role_trust"
}

func (d *roleTrustDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = roleTrustSchema()
}

// located is a binding with the configuration path of its block.
type located struct {
	binding check.Binding
	path    path.Path
}

func (d *roleTrustDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m roleTrustModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	enforcement := m.Enforcement.ValueString()
	switch enforcement {
	case "":
		enforcement = "error"
	case "error", "warning", "off":
	default:
		resp.Diagnostics.AddAttributeError(path.Root("enforcement"), "Invalid enforcement",
			fmt.Sprintf("enforcement is %q; use \"error\" (fail the plan), \"warning\" (report and continue) or \"off\" (only compute).", enforcement))
		return
	}
	doc, problems, err := policy.Parse([]byte(m.Policy.ValueString()))
	if err != nil {
		resp.Diagnostics.Append(policyDiagnostic(path.Root("policy"), err))
		return
	}
	bindings, diags := collectBindings(&m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := check.Input{Policy: doc, RoleARN: m.RoleARN.ValueString()}
	for _, p := range m.OIDCProviders {
		in.OIDCProviders = append(in.OIDCProviders, identity.OIDCProvider{URL: p.URL.ValueString(), ClientIDs: p.ClientIDs})
	}
	in.Bindings = make([]check.Binding, len(bindings))
	for i, b := range bindings {
		in.Bindings[i] = b.binding
	}
	results := check.Run(in)

	passed := true
	elems := make([]attr.Value, 0, len(results))
	for i, r := range results {
		at := bindings[i].path
		if r.Err != nil {
			if tc, ok := bindings[i].binding.Caller.(*check.TokenCaller); ok {
				resp.Diagnostics.Append(tokenDiagnostic(at.AtName("token"), at.AtName("jwks"), tc.Token, r.Err))
				continue
			}
			if r.Field != "" {
				at = at.AtName(r.Field)
			}
			resp.Diagnostics.AddAttributeError(at, fmt.Sprintf("Invalid binding %s", r.Label), r.Err.Error())
			continue
		}
		passed = passed && r.Passed
		if !r.Passed {
			addBindingDiagnostic(&resp.Diagnostics, enforcement, at, r)
		}
		obj, diags := bindingObject(r)
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	passed = passed && d.checkExclusive(&m, in, results, enforcement, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	problemTexts := make([]attr.Value, len(problems))
	for i, p := range problems {
		problemTexts[i] = types.StringValue(p.String())
		if enforcement != "off" {
			resp.Diagnostics.AddAttributeWarning(path.Root("policy"), "Trust policy problem: "+p.Code,
				fmt.Sprintf("%s\nIAM would refuse or mishandle this when the policy is written (%s). The rest of the policy was still evaluated.", p.String(), p.Source))
		}
	}
	m.Bindings, diags = types.ListValue(types.ObjectType{AttrTypes: bindingResultType}, elems)
	resp.Diagnostics.Append(diags...)
	m.PolicyProblems, diags = types.ListValue(types.StringType, problemTexts)
	resp.Diagnostics.Append(diags...)
	m.Passed = types.BoolValue(passed)
	m.ID = types.StringValue(digest(m.Policy.ValueString(), results))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// addBindingDiagnostic reports a binding whose decision differs from its
// expectation: summary with the STS verdict, detail with the deciding
// statement, the reasons and the fix.
func addBindingDiagnostic(diags *diag.Diagnostics, enforcement string, at path.Path, r check.Result) {
	if enforcement == "off" {
		return
	}
	var summary string
	if r.Expected == check.ExpectDeny {
		summary = fmt.Sprintf("%s can assume the role, but expect = \"deny\"", r.Label)
	} else {
		summary = fmt.Sprintf("%s would be refused: %s", r.Label, r.STSError)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Binding %s (%s)\n  principal: %s\n", r.Label, r.Kind, r.Principal)
	if r.Subject != "" {
		fmt.Fprintf(&b, "  subject:   %s\n", r.Subject)
	}
	fmt.Fprintf(&b, "  decision:  %s", r.Decision)
	if r.DecidedBy != "" {
		fmt.Fprintf(&b, " (decided by %s)", r.DecidedBy)
	}
	b.WriteString("\n\nWhy:\n")
	for _, reason := range r.Reasons {
		if reason != "" {
			fmt.Fprintf(&b, "  - %s\n", reason)
		}
	}
	if r.Fix != "" {
		fmt.Fprintf(&b, "\nFix: %s\n", r.Fix)
	}
	if enforcement == "warning" {
		diags.AddAttributeWarning(at, summary, b.String())
	} else {
		diags.AddAttributeError(at, summary, b.String())
	}
}

// checkExclusive runs the over-breadth analysis, fills admits, witness and
// risks, and with exclusive = true reports a trust broader than its
// bindings. It returns false when that makes the check fail.
func (d *roleTrustDataSource) checkExclusive(m *roleTrustModel, in check.Input, results []check.Result, enforcement string, diags *diag.Diagnostics) bool {
	m.Admits, m.Risks, m.Witness = types.ListValueMust(types.StringType, nil), types.ListValueMust(types.StringType, nil), types.StringValue("")
	an, err := check.Admits(in, results)
	if err != nil {
		diags.AddAttributeWarning(path.Root("policy"), "Over-breadth analysis skipped", err.Error())
		return !m.Exclusive.ValueBool()
	}
	m.Admits = stringList(explain.AdmitsLines(an))
	m.Risks = stringList(explain.ShapeLines(an))
	if an.Broader {
		m.Witness = types.StringValue(explain.WitnessLine(an.Witness))
	}
	if !m.Exclusive.ValueBool() || !an.Broader {
		return true
	}
	if enforcement == "off" {
		return false
	}
	summary := "The trust admits identities beyond the declared bindings"
	detail := fmt.Sprintf("exclusive = true, but the trust allows identities that none of the bindings expected to be allowed is.\n\nFor example: %s\n\nWho the trust admits:\n  - %s\n",
		explain.WitnessLine(an.Witness), strings.Join(explain.AdmitsLines(an), "\n  - "))
	if risks := explain.ShapeLines(an); len(risks) > 0 {
		detail += "\nRisks:\n  - " + strings.Join(risks, "\n  - ") + "\n"
	}
	detail += "\nFix: narrow the conditions to the declared identities, or declare the missing binding."
	if enforcement == "warning" {
		diags.AddAttributeWarning(path.Root("exclusive"), summary, detail)
	} else {
		diags.AddAttributeError(path.Root("exclusive"), summary, detail)
	}
	return false
}

func stringList(vs []string) types.List {
	elems := make([]attr.Value, len(vs))
	for i, v := range vs {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

func bindingObject(r check.Result) (attr.Value, diag.Diagnostics) {
	reasons := make([]attr.Value, 0, len(r.Reasons))
	for _, s := range r.Reasons {
		if s != "" {
			reasons = append(reasons, types.StringValue(s))
		}
	}
	list, diags := types.ListValue(types.StringType, reasons)
	if diags.HasError() {
		return nil, diags
	}
	return types.ObjectValue(bindingResultType, map[string]attr.Value{
		"label":      types.StringValue(r.Label),
		"kind":       types.StringValue(r.Kind),
		"principal":  types.StringValue(r.Principal),
		"subject":    types.StringValue(r.Subject),
		"expected":   types.StringValue(r.Expected),
		"decision":   types.StringValue(string(r.Decision)),
		"passed":     types.BoolValue(r.Passed),
		"decided_by": types.StringValue(r.DecidedBy),
		"reasons":    list,
		"fix":        types.StringValue(r.Fix),
	})
}

func digest(policyText string, rs []check.Result) string {
	h := sha256.New()
	h.Write([]byte(policyText))
	for _, r := range rs {
		fmt.Fprintf(h, "\x00%s\x00%s\x00%s", r.Label, r.Subject, r.Decision)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
