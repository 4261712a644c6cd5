package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/stsguard/terraform-provider-stsguard/internal/doctor"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

var (
	_ ephemeral.EphemeralResource                   = (*STSHealthCheck)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig = (*STSHealthCheck)(nil)
)

// healthCheckSessionName is the RoleSessionName of the health check's
// call, recognisable in CloudTrail.
const healthCheckSessionName = "stsguard-health-check"

// STSHealthCheck is the stsguard_sts_health_check ephemeral resource: it
// calls sts:AssumeRoleWithWebIdentity for a role and a token and reports
// what STS answered, never the credentials. Being ephemeral, neither the
// token nor anything it returns is written to the plan or the state.
type STSHealthCheck struct{}

// NewSTSHealthCheck returns the stsguard_sts_health_check ephemeral
// resource.
func NewSTSHealthCheck() ephemeral.EphemeralResource { return &STSHealthCheck{} }

type stsHealthCheckModel struct {
	RoleARN         types.String `tfsdk:"role_arn"`
	Token           types.String `tfsdk:"token"`
	TokenFile       types.String `tfsdk:"token_file"`
	RoleSessionName types.String `tfsdk:"role_session_name"`
	Region          types.String `tfsdk:"region"`
	Policy          types.String `tfsdk:"policy"`
	FailOnRefusal   types.Bool   `tfsdk:"fail_on_refusal"`

	Outcome        types.String `tfsdk:"outcome"`
	Success        types.Bool   `tfsdk:"success"`
	ErrorCode      types.String `tfsdk:"error_code"`
	Message        types.String `tfsdk:"message"`
	RequestID      types.String `tfsdk:"request_id"`
	AssumedRoleARN types.String `tfsdk:"assumed_role_arn"`
	Expiration     types.String `tfsdk:"expiration"`
	Endpoint       types.String `tfsdk:"endpoint"`
	Explanation    types.String `tfsdk:"explanation"`
	EngineDecision types.String `tfsdk:"engine_decision"`
	Disagreement   types.String `tfsdk:"disagreement"`
}

// Metadata sets the type name stsguard_sts_health_check.
func (r *STSHealthCheck) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sts_health_check"
}

// Schema declares the arguments and what STS answered.
func (r *STSHealthCheck) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = stsHealthCheckSchema()
}

// ValidateConfig requires exactly one of token and token_file, a role ARN
// and a parsable policy, as soon as they are known.
func (r *STSHealthCheck) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	defer func() { resp.Diagnostics = safeDiagnostics(resp.Diagnostics) }()
	var m stsHealthCheckModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.Token.IsUnknown() && !m.TokenFile.IsUnknown() && m.Token.IsNull() == m.TokenFile.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Give exactly one of token and token_file",
			"stsguard_sts_health_check needs the web identity token: set token (for example from a variable marked ephemeral) or token_file (such as the AWS_WEB_IDENTITY_TOKEN_FILE of an EKS pod), not both.")
	}
	if isSet(m.RoleARN) && !identity.IsRoleARN(m.RoleARN.ValueString()) {
		resp.Diagnostics.AddAttributeError(path.Root("role_arn"), "Not an IAM role ARN",
			fmt.Sprintf("role_arn = %q is not an IAM role ARN; write it like \"arn:aws:iam::111122223333:role/NAME\".", m.RoleARN.ValueString()))
	}
	if isSet(m.Policy) {
		if _, _, err := policy.Parse([]byte(m.Policy.ValueString())); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("policy"), "Invalid trust policy", fmt.Sprintf("policy: %v", err))
		}
	}
}

// Open makes the call and reports STS's answer. A refusal is not an
// error: it is the outcome, for check blocks and postconditions to judge.
// Bad input (an unreadable token file, a token STS could never parse) is.
func (r *STSHealthCheck) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	defer func() { resp.Diagnostics = safeDiagnostics(resp.Diagnostics) }()
	var m stsHealthCheckModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	raw, from, where := m.Token.ValueString(), "attribute token", path.Root("token")
	if isSet(m.TokenFile) {
		from, where = "token_file "+m.TokenFile.ValueString(), path.Root("token_file")
		data, err := os.ReadFile(m.TokenFile.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(where, "Cannot read the token file",
				fmt.Sprintf("token_file = %q: %v. Point it at the file holding the web identity token (an EKS pod's AWS_WEB_IDENTITY_TOKEN_FILE).", m.TokenFile.ValueString(), err))
			return
		}
		raw = string(data)
	}
	if strings.TrimSpace(raw) == "" {
		resp.Diagnostics.AddAttributeError(where, "Empty token", "The web identity token is empty; "+from+" must hold the token (a JWT).")
		return
	}
	opts := doctor.Options{
		Flags: doctor.InputFlags{
			RoleARN:     m.RoleARN.ValueString(),
			RoleFrom:    "attribute role_arn",
			Token:       raw,
			TokenFrom:   from,
			SessionName: healthCheckSessionName,
		},
		Region:      m.Region.ValueString(),
		NoDiscovery: true,
		Env:         os.Getenv,
		Now:         time.Now().UTC().Truncate(time.Second),
	}
	if isSet(m.RoleSessionName) {
		opts.Flags.SessionName = m.RoleSessionName.ValueString()
	}
	if isSet(m.Policy) {
		doc, problems, err := policy.Parse([]byte(m.Policy.ValueString()))
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("policy"), "Invalid trust policy", fmt.Sprintf("policy: %v", err))
			return
		}
		opts.TrustSource = "attribute policy"
		opts.Engine = func(req *identity.Request) (*explain.Report, error) {
			res, err := evaluate.Request(doc, req)
			if err != nil {
				return nil, &doctor.InputError{Msg: err.Error()}
			}
			return explain.Build(res, problems), nil
		}
	}
	rep, err := doctor.Run(ctx, opts)
	if err != nil {
		switch msg := err.Error(); {
		case strings.HasPrefix(msg, "loading the AWS SDK configuration"):
			resp.Diagnostics.AddError("STS health check: AWS SDK configuration", msg)
			return
		case strings.HasPrefix(msg, "attribute role_arn"):
			where = path.Root("role_arn")
		}
		resp.Diagnostics.AddAttributeError(where, "STS health check: bad input", err.Error())
		return
	}
	fillHealthCheck(&m, rep)
	if m.FailOnRefusal.ValueBool() && rep.STS.Outcome != doctor.OutcomeSuccess {
		resp.Diagnostics.AddError("STS health check failed: "+m.RoleARN.ValueString(), refusalDetail(rep))
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

// refusalDetail is the error of fail_on_refusal: STS's answer, then the
// engine's explanation and any disagreement. It never holds the token.
func refusalDetail(rep *doctor.Report) string {
	a := rep.STS
	var b strings.Builder
	if a.ErrorCode != "" {
		fmt.Fprintf(&b, "STS answered %s: %s (HTTP %d, request ID %s).", a.ErrorCode, a.Message, a.HTTPStatus, a.RequestID)
	}
	if a.Outcome == doctor.OutcomeUnreachable {
		fmt.Fprintf(&b, " No decision: %s", a.Detail)
	}
	if v := rep.Verdict; v.Disagreement != "" {
		fmt.Fprintf(&b, "\n\n%s What the engine cannot see: %s.", v.Disagreement, strings.Join(v.EngineCannotSee, "; "))
	}
	if rep.Trust != nil && rep.Trust.Explain != nil {
		fmt.Fprintf(&b, "\n\nThe engine, with the policy given: %s", rep.Verdict.IAM)
	}
	b.WriteString("\n\nRun `terraform-provider-stsguard doctor` where the token comes from for the full report.")
	return strings.TrimSpace(b.String())
}

// fillHealthCheck copies the answer into the model; never credentials.
func fillHealthCheck(m *stsHealthCheckModel, rep *doctor.Report) {
	a := rep.STS
	m.Outcome = types.StringValue(a.Outcome)
	m.Success = types.BoolValue(a.Outcome == doctor.OutcomeSuccess)
	m.ErrorCode = types.StringValue(a.ErrorCode)
	m.Message = types.StringValue(a.Message)
	if a.Outcome == doctor.OutcomeUnreachable && a.Detail != "" {
		m.Message = types.StringValue(strings.TrimSpace(a.Message + " " + a.Detail))
	}
	m.RequestID = types.StringValue(a.RequestID)
	m.AssumedRoleARN = types.StringValue(a.AssumedRoleARN)
	m.Expiration = types.StringValue("")
	if a.Expiration != nil {
		m.Expiration = types.StringValue(a.Expiration.Format(time.RFC3339))
	}
	m.Endpoint = types.StringValue(a.Endpoint)
	m.Explanation, m.EngineDecision = types.StringNull(), types.StringNull()
	if rep.Trust != nil && rep.Trust.Explain != nil {
		ex := rep.Trust.Explain
		m.Explanation, m.EngineDecision = types.StringValue(doctor.Explanation(ex)), types.StringValue(ex.Decision)
	}
	m.Disagreement = types.StringValue(rep.Verdict.Disagreement)
}
