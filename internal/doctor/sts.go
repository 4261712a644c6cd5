package doctor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// DurationSeconds is the session length doctor asks for: the minimum STS
// allows, so the test credentials expire soon (and are never shown).
const DurationSeconds = 900

// DefaultRegion is used when neither --region nor the SDK's configuration
// names one.
const DefaultRegion = "us-east-1"

// stsTimeout bounds the whole call.
const stsTimeout = 20 * time.Second

// Outcomes of the STS call.
const (
	OutcomeSuccess     = "success"     // STS issued credentials
	OutcomeRefused     = "refused"     // STS answered an error about this request
	OutcomeUnreachable = "unreachable" // no answer, or an answer about STS or the IdP rather than the request
	OutcomeSkipped     = "skipped"     // --offline
)

// refusalCodes are the error codes with which STS refuses the request
// itself (AssumeRoleWithWebIdentity API reference). Any other answer, a
// transient IdP error, throttling or a server fault is "unreachable".
var refusalCodes = map[string]bool{
	"AccessDenied":            true,
	"InvalidIdentityToken":    true,
	"ExpiredTokenException":   true,
	"IDPRejectedClaim":        true,
	"ValidationError":         true,
	"MalformedPolicyDocument": true,
	"PackedPolicyTooLarge":    true,
	"RegionDisabledException": true,
}

// STSAnswer is exactly what STS answered; it never holds credentials.
type STSAnswer struct {
	Outcome    string `json:"outcome"`
	Endpoint   string `json:"endpoint,omitempty"`
	EndpointBy string `json:"endpoint_from,omitempty"`
	Region     string `json:"region,omitempty"`
	RegionBy   string `json:"region_from,omitempty"`
	// SessionName and DurationSeconds are the parameters sent.
	SessionName     string `json:"session_name,omitempty"`
	DurationSeconds int    `json:"duration_seconds,omitempty"`
	// On success.
	AssumedRoleARN string     `json:"assumed_role_arn,omitempty"`
	Expiration     *time.Time `json:"expiration,omitempty"`
	Provider       string     `json:"provider,omitempty"`
	Audience       string     `json:"audience,omitempty"`
	SubjectFromSTS string     `json:"subject_from_web_identity_token,omitempty"`
	// On an error answer.
	ErrorCode  string `json:"error_code,omitempty"`
	Message    string `json:"message,omitempty"`
	HTTPStatus int    `json:"http_status,omitempty"`
	// RequestID is STS's request ID (success or error).
	RequestID string `json:"request_id,omitempty"`
	// Detail explains an unreachable or unexpected answer, or why the call
	// was skipped.
	Detail string `json:"detail,omitempty"`
}

// STSCall is one AssumeRoleWithWebIdentity call.
type STSCall struct {
	RoleARN, SessionName, Region string
	// Env reads the environment, for the labels of where the region and
	// endpoint came from (the SDK reads the real environment itself).
	Env func(string) string
	// HTTPClient is the client for STS; nil for the SDK default.
	HTTPClient *http.Client
}

// CallSTS calls sts:AssumeRoleWithWebIdentity with anonymous credentials
// and the SDK's standard configuration (AWS_REGION, AWS_ENDPOINT_URL_STS,
// AWS_ENDPOINT_URL, shared config, regional endpoints). The credentials
// in a successful answer are dropped; only the assumed role and expiry
// are kept. A configuration error (such as a profile that does not exist)
// is an *InputError.
func CallSTS(ctx context.Context, c STSCall, rawToken string) (STSAnswer, error) {
	ans := STSAnswer{SessionName: c.SessionName, DurationSeconds: DurationSeconds}
	env := c.Env
	if env == nil {
		env = func(string) string { return "" }
	}
	opts := []func(*config.LoadOptions) error{
		config.WithCredentialsProvider(aws.AnonymousCredentials{}),
		config.WithRetryer(func() aws.Retryer { return aws.NopRetryer{} }),
	}
	if c.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(c.HTTPClient))
	}
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	ctx, cancel := context.WithTimeout(ctx, stsTimeout)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return ans, inputError("loading the AWS SDK configuration (AWS_PROFILE, AWS_CONFIG_FILE, AWS_REGION...): %v", err)
	}
	ans.Region, ans.RegionBy = cfg.Region, regionSource(c.Region, env)
	if cfg.Region == "" {
		cfg.Region, ans.Region, ans.RegionBy = DefaultRegion, DefaultRegion, "default (no --region, AWS_REGION, AWS_DEFAULT_REGION or profile region)"
	}
	ans.EndpointBy = endpointSource(env)
	var endpoint string
	client := sts.NewFromConfig(cfg, func(o *sts.Options) {
		o.APIOptions = append(o.APIOptions, recordEndpoint(&endpoint))
	})
	out, err := client.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn:          aws.String(c.RoleARN),
		RoleSessionName:  aws.String(c.SessionName),
		WebIdentityToken: aws.String(rawToken),
		DurationSeconds:  aws.Int32(DurationSeconds),
	})
	ans.Endpoint = endpoint
	if err == nil {
		ans.Outcome = OutcomeSuccess
		if u := out.AssumedRoleUser; u != nil {
			ans.AssumedRoleARN = aws.ToString(u.Arn)
		}
		if cr := out.Credentials; cr != nil && cr.Expiration != nil {
			exp := cr.Expiration.UTC()
			ans.Expiration = &exp
		}
		ans.Provider = aws.ToString(out.Provider)
		ans.Audience = aws.ToString(out.Audience)
		ans.SubjectFromSTS = aws.ToString(out.SubjectFromWebIdentityToken)
		ans.RequestID, _ = awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return ans, nil
	}
	classify(&ans, err)
	return ans, nil
}

// classify fills in an error answer.
func classify(ans *STSAnswer, err error) {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		ans.RequestID = re.ServiceRequestID()
		ans.HTTPStatus = re.HTTPStatusCode()
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		ans.ErrorCode, ans.Message = api.ErrorCode(), api.ErrorMessage()
		if refusalCodes[ans.ErrorCode] {
			ans.Outcome = OutcomeRefused
			return
		}
		ans.Outcome = OutcomeUnreachable
		ans.Detail = unexpectedDetail(ans.ErrorCode, ans.HTTPStatus)
		return
	}
	ans.Outcome = OutcomeUnreachable
	ans.Detail = transportDetail(err)
}

// unexpectedDetail explains an error code that is not about the request.
func unexpectedDetail(code string, status int) string {
	switch {
	case code == "IDPCommunicationError":
		return "STS could not reach the token's issuer to fetch its keys; AWS calls this often transient: retry, and check that the issuer's openid-configuration and jwks_uri are public and answer within about 5 seconds"
	case strings.Contains(strings.ToLower(code), "throttl") || code == "RequestLimitExceeded":
		return "STS throttled the call; retry later (doctor does not retry)"
	case status >= 500:
		return fmt.Sprintf("STS answered HTTP %d, a server-side fault; retry later", status)
	}
	return "an answer AssumeRoleWithWebIdentity does not document; check the endpoint (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) really is STS"
}

// transportDetail explains a call that got no answer.
func transportDetail(err error) string {
	var ne net.Error
	msg := err.Error()
	switch {
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return "STS did not answer in time: " + msg
	case strings.Contains(msg, "x509:") || strings.Contains(msg, "tls:"):
		return "the TLS connection to STS failed (a proxy or missing CA certificates?): " + msg
	}
	return "STS could not be reached: " + msg
}

// recordEndpoint stores the URL the request is sent to (scheme and host).
func recordEndpoint(dst *string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("stsguardRecordEndpoint",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				if r, ok := in.Request.(*smithyhttp.Request); ok && r.URL != nil {
					*dst = r.URL.Scheme + "://" + r.URL.Host
				}
				return next.HandleFinalize(ctx, in)
			}), middleware.After)
	}
}

func regionSource(flag string, env func(string) string) string {
	switch {
	case flag != "":
		return "flag --region"
	case env("AWS_REGION") != "":
		return "environment AWS_REGION"
	case env("AWS_DEFAULT_REGION") != "":
		return "environment AWS_DEFAULT_REGION"
	}
	return "shared config profile"
}

func endpointSource(env func(string) string) string {
	if env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") == "true" {
		return "the SDK's regional endpoint (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true)"
	}
	switch {
	case env("AWS_ENDPOINT_URL_STS") != "":
		return "environment AWS_ENDPOINT_URL_STS"
	case env("AWS_ENDPOINT_URL") != "":
		return "environment AWS_ENDPOINT_URL"
	}
	return "the SDK's endpoint resolution (regional endpoint, or endpoint_url in the shared config)"
}
