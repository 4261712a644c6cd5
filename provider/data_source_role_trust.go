package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/stsguard/terraform-provider-stsguard/internal/check"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
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

func (d *roleTrustDataSource) Read(_ context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer func() { resp.Diagnostics = safeDiagnostics(resp.Diagnostics) }()
	cfg, diags := readRoleTrustConfig(req.Config.Raw)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	enforcement := cfg.enforcement
	switch enforcement {
	case "":
		enforcement = "error"
	case "error", "warning", "off":
	default:
		resp.Diagnostics.AddAttributeError(path.Root("enforcement"), "Invalid enforcement",
			fmt.Sprintf("enforcement is %q; use \"error\" (fail the plan), \"warning\" (report and continue) or \"off\" (only compute).", enforcement))
		return
	}
	doc, problems, err := policy.Parse([]byte(cfg.policy))
	if err != nil {
		resp.Diagnostics.Append(policyDiagnostic(path.Root("policy"), err))
		return
	}
	bindings, diags := collectBindings(&cfg)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := check.Input{Policy: doc, RoleARN: cfg.roleARN, OIDCProviders: cfg.oidcProviders}
	for i, text := range cfg.rcps {
		rcp, err := check.ParseRCP([]byte(text))
		if err != nil {
			resp.Diagnostics.Append(rcpDiagnostic(path.Root("resource_control_policies").AtListIndex(i), err))
			continue
		}
		in.RCPs = append(in.RCPs, check.RCP{Name: fmt.Sprintf("resource_control_policies[%d]", i), Doc: rcp})
	}
	if resp.Diagnostics.HasError() {
		return
	}
	in.Bindings = make([]check.Binding, len(bindings))
	for i, b := range bindings {
		in.Bindings[i] = b.binding
	}
	results := check.Run(in)

	passed := true
	bindingValues := make([]tftypes.Value, 0, len(results))
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
		bindingValues = append(bindingValues, bindingValue(r))
	}
	// The over-breadth analysis always runs, so admits, risks and witness
	// are filled even when a binding failed (with warning or off).
	b, narrowEnough := checkExclusive(cfg.exclusive, in, results, enforcement, &resp.Diagnostics)
	breadth, passed := &b, passed && narrowEnough
	if resp.Diagnostics.HasError() {
		return
	}
	problemTexts := make([]string, len(problems))
	for i, p := range problems {
		problemTexts[i] = p.String()
		if enforcement != "off" {
			resp.Diagnostics.AddAttributeWarning(path.Root("policy"), "Trust policy problem: "+p.Code,
				fmt.Sprintf("%s\nIAM would refuse or mishandle this when the policy is written (%s). The rest of the policy was still evaluated.", p.String(), p.Source))
		}
	}
	state, err := stateFromConfig(req.Config.Raw, map[string]tftypes.Value{
		attrID:             tftypes.NewValue(tftypes.String, digest(cfg.policy, results)),
		attrAdmits:         breadth.admitsValue(),
		attrRisks:          breadth.risksValue(),
		attrWitness:        breadth.witnessValue(),
		attrBindings:       tftypes.NewValue(tftypes.List{ElementType: bindingResultValueType}, bindingValues),
		attrPassed:         tftypes.NewValue(tftypes.Bool, passed),
		attrPolicyProblems: stringList(problemTexts),
	})
	if err != nil {
		resp.Diagnostics.AddError("Could not build the stsguard_role_trust state",
			fmt.Sprintf("The computed attributes do not fit the schema: %v. This is a provider bug; please report it.", err))
		return
	}
	resp.State.Raw = state
}

// stateFromConfig returns the data source's state: the configuration with
// the computed attributes set. Building the protocol value directly spares
// the framework's reflection over a tfsdk-tagged struct (State.Set).
func stateFromConfig(config tftypes.Value, computed map[string]tftypes.Value) (tftypes.Value, error) {
	var configAttrs map[string]tftypes.Value
	if err := config.As(&configAttrs); err != nil {
		return tftypes.Value{}, err
	}
	attrs := make(map[string]tftypes.Value, len(configAttrs))
	for name, v := range configAttrs {
		attrs[name] = v
	}
	for name, v := range computed {
		attrs[name] = v
	}
	if err := tftypes.ValidateValue(config.Type(), attrs); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(config.Type(), attrs), nil
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
	if r.Token != nil {
		fmt.Fprintf(&b, "  token:     %s, %s\n", r.TokenFingerprint, tokenVerification(r.Token))
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

// overBreadth is what the over-breadth analysis puts in the state: who the
// trust admits, the well-known risky shapes, and an identity it admits
// beyond the bindings ("" when none).
type overBreadth struct {
	admits, risks []string
	witness       string
}

// admitsValue, risksValue and witnessValue are the state values of admits,
// risks and witness: null when the analysis did not run (b is nil).
func (b *overBreadth) admitsValue() tftypes.Value {
	if b == nil {
		return tftypes.NewValue(stringListType, nil)
	}
	return stringList(b.admits)
}

func (b *overBreadth) risksValue() tftypes.Value {
	if b == nil {
		return tftypes.NewValue(stringListType, nil)
	}
	return stringList(b.risks)
}

func (b *overBreadth) witnessValue() tftypes.Value {
	if b == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, b.witness)
}

// checkExclusive runs the over-breadth analysis and, with exclusive = true,
// reports a trust broader than its bindings. It returns what goes in
// admits, risks and witness, and false when exclusivity makes the check
// fail.
func checkExclusive(exclusive bool, in check.Input, results []check.Result, enforcement string, diags *diag.Diagnostics) (overBreadth, bool) {
	an, err := check.Admits(in, results)
	if err != nil {
		diags.AddAttributeWarning(path.Root("policy"), "Over-breadth analysis skipped", err.Error())
		return overBreadth{}, !exclusive
	}
	if an.Skipped {
		// Longer than any trust IAM accepts (the policy attribute's
		// problems say so): the analysis's cost is bounded by that size.
		diags.AddAttributeWarning(path.Root("policy"), "Over-breadth analysis skipped", strings.Join(an.Notes, "; "))
		return overBreadth{}, !exclusive
	}
	b := overBreadth{admits: explain.AdmitsLines(an), risks: explain.ShapeLines(an)}
	rcpRefusal := ""
	if an.Broader {
		b.witness = explain.WitnessLine(an.Witness)
		if rcpRefusal = check.RCPRefusal(in, an.Witness.Request); rcpRefusal != "" {
			b.witness += "; refused by " + rcpRefusal + ": only the resource control policy keeps it out"
		}
	}
	if !exclusive || !an.Broader {
		return b, true
	}
	if rcpRefusal != "" {
		// The example is refused by an RCP: the trust alone admits it. Other
		// identities were not searched, so this is a warning, not a pass.
		if enforcement != "off" {
			diags.AddAttributeWarning(path.Root("exclusive"), "Only a resource control policy keeps the trust narrow",
				fmt.Sprintf("exclusive = true: the trust alone admits identities beyond the declared bindings, for example %s. Remove the RCP and this identity can assume the role. Other identities the trust admits were not searched against the RCPs.\n\nFix: narrow the conditions of the trust itself to the declared identities.", b.witness))
		}
		return b, true
	}
	if enforcement == "off" {
		return b, false
	}
	summary := "The trust admits identities beyond the declared bindings"
	detail := fmt.Sprintf("exclusive = true, but the trust allows identities that none of the bindings expected to be allowed is.\n\nFor example: %s\n\nWho the trust admits:\n  - %s\n",
		b.witness, strings.Join(b.admits, "\n  - "))
	if len(b.risks) > 0 {
		detail += "\nRisks:\n  - " + strings.Join(b.risks, "\n  - ") + "\n"
	}
	detail += "\nFix: narrow the conditions to the declared identities, or declare the missing binding."
	if enforcement == "warning" {
		diags.AddAttributeWarning(path.Root("exclusive"), summary, detail)
	} else {
		diags.AddAttributeError(path.Root("exclusive"), summary, detail)
	}
	return b, false
}

// stringList returns a known list of strings (empty, not null, for none).
func stringList(vs []string) tftypes.Value {
	elems := make([]tftypes.Value, len(vs))
	for i, v := range vs {
		elems[i] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(stringListType, elems)
}

// bindingValue is one element of the bindings attribute.
func bindingValue(r check.Result) tftypes.Value {
	reasons := make([]string, 0, len(r.Reasons))
	for _, s := range r.Reasons {
		if s != "" {
			reasons = append(reasons, s)
		}
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	return tftypes.NewValue(bindingResultValueType, map[string]tftypes.Value{
		"label":      str(r.Label),
		"kind":       str(r.Kind),
		"principal":  str(r.Principal),
		"subject":    str(r.Subject),
		"expected":   str(r.Expected),
		"decision":   str(string(r.Decision)),
		"passed":     tftypes.NewValue(tftypes.Bool, r.Passed),
		"decided_by": str(r.DecidedBy),
		"reasons":    stringList(reasons),
		"fix":        str(r.Fix),
		"signature":  str(bindingVerification(r)),
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

// bindingVerification is what was checked of a web_identity_token
// binding's signature; "" for the other binding kinds.
func bindingVerification(r check.Result) string {
	if r.Token == nil {
		return ""
	}
	return tokenVerification(r.Token)
}
