package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

// stsHealthCheckSchema is the schema of stsguard_sts_health_check.
func stsHealthCheckSchema() schema.Schema {
	computed := func(markdown string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: markdown}
	}
	return schema.Schema{
		MarkdownDescription: "Calls AWS STS `AssumeRoleWithWebIdentity` for a role and a web identity token, as an SDK in an EKS pod " +
			"or a GitHub Actions job would, and reports exactly what STS answered: `outcome`, `error_code`, `message`, `request_id` " +
			"and, on success, `assumed_role_arn`. The issued credentials are discarded at once; they are never exposed. " +
			"With `policy`, the stsguard engine decides the same request offline and `explanation` says which statement or condition " +
			"decides it and the fix; `disagreement` is set when STS and the engine disagree.\n\n" +
			"This is the provider's only network call. It is unsigned (STS needs no AWS credentials for it), asks for the minimum " +
			"session of 900 seconds, uses the session name `stsguard-health-check`, and finds the region and endpoint as the AWS " +
			"SDK does (`AWS_REGION`, `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, shared config), defaulting to `us-east-1`.\n\n" +
			"It is an **ephemeral resource** (Terraform >= 1.10): the token and the answer are never written to the plan or the " +
			"state. By default a refusal is not an error: assert `success` in a `check` block, where a failure is a warning " +
			"(Terraform does not let an ephemeral value into `error_message`, so keep the message static). Set " +
			"`fail_on_refusal = true` to stop the run instead, with STS's answer in the error.",
		Attributes: map[string]schema.Attribute{
			"role_arn": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ARN of the role to assume, e.g. `arn:aws:iam::111122223333:role/payments-api`.",
			},
			"token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The web identity token (a JWT). Set this or `token_file`. Pass it from an ephemeral variable " +
					"or another ephemeral value; it is never stored.",
			},
			"token_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a file holding the token, such as an EKS pod's `AWS_WEB_IDENTITY_TOKEN_FILE` " +
					"(`/var/run/secrets/eks.amazonaws.com/serviceaccount/token`). Set this or `token`.",
			},
			"role_session_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "RoleSessionName of the call (the `sts:RoleSessionName` key). Default: `stsguard-health-check`.",
			},
			"region": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Region of the STS endpoint. Default: the AWS SDK's configuration (`AWS_REGION`, profile), then `us-east-1`.",
			},
			"policy": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The role's trust policy JSON (e.g. `aws_iam_role.x.assume_role_policy`). When given, the engine " +
					"decides the same request from the token's claims and fills `explanation`, `engine_decision` and `disagreement`.",
			},
			"fail_on_refusal": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "When `true`, anything but `success` is an error that stops the run, with STS's code, " +
					"message and request ID and the engine's explanation. Default `false`: the outcome is reported for a `check` block " +
					"to judge, where a failure is a warning.",
			},
			"outcome": computed("`success` (STS issued credentials), `refused` (STS refused this request: `AccessDenied`, " +
				"`InvalidIdentityToken`, `ExpiredTokenException`, `IDPRejectedClaim`, ...) or `unreachable` (no decision: " +
				"STS could not be reached, throttled, `IDPCommunicationError`, a TLS or server fault)."),
			"success": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "`true` exactly when `outcome` is `success`.",
			},
			"error_code":       computed("STS's error code, e.g. `AccessDenied`; `\"\"` on success or when STS gave no answer."),
			"message":          computed("STS's error message, or why there was no answer; `\"\"` on success."),
			"request_id":       computed("STS's request ID, for AWS support and CloudTrail; `\"\"` when STS gave no answer."),
			"assumed_role_arn": computed("On success, the assumed role session ARN (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`); `\"\"` otherwise."),
			"expiration":       computed("On success, when the discarded credentials expire (RFC 3339); `\"\"` otherwise."),
			"endpoint":         computed("The STS endpoint the request was sent to (scheme and host)."),
			"explanation": computed("With `policy`: the engine's summary of its decision (deciding statement, failing condition) " +
				"and the fix; null without `policy`."),
			"engine_decision": computed("With `policy`: the engine's decision (`allow`, `implicit_deny`, `explicit_deny`, " +
				"`invalid_identity_token`, `expired_token`); null without `policy`."),
			"disagreement": computed("Set when STS and the engine disagree (STS issued credentials the engine denies, or the reverse), " +
				"naming what the engine cannot see; `\"\"` otherwise."),
		},
	}
}
