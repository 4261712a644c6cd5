package doctor_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/doctor"
	"github.com/stsguard/terraform-provider-stsguard/internal/doctor/doctortest"
)

const (
	eksIssuer = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	roleARN   = "arn:aws:iam::111122223333:role/payments-api"
	trust     = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
 "Action":"sts:AssumeRoleWithWebIdentity",
 "Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub":"system:serviceaccount:payments:api"}}}]}`
)

var clock = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// TestCallSTSAnswers points the real SDK client at the stand-in through
// AWS_ENDPOINT_URL_STS and checks each documented answer is reported
// exactly, with its outcome class.
func TestCallSTSAnswers(t *testing.T) {
	doctortest.Isolate(t)
	iss := doctortest.NewIssuer(t, eksIssuer)
	sts := doctortest.NewSTS(t, clock)
	sts.AddProvider(iss, "sts.amazonaws.com")
	sts.AddRole(doctortest.Role{ARN: roleARN, Trust: trust})
	t.Setenv("AWS_ENDPOINT_URL_STS", sts.URL)
	t.Setenv("AWS_REGION", "eu-west-1")
	good := iss.Sign(t, "RS256", iss.EKSClaims("payments", "api", clock.Add(-time.Minute)))
	typo := iss.Sign(t, "ES256", iss.EKSClaims("payment", "api", clock.Add(-time.Minute)))
	expired := iss.Sign(t, "RS256", iss.EKSClaims("payments", "api", clock.Add(-25*time.Hour)))

	cases := []struct {
		name          string
		tok           string
		force         *doctortest.STSError
		outcome, code string
		status        int
	}{
		{"success", good, nil, doctor.OutcomeSuccess, "", 0},
		{"access denied", typo, nil, doctor.OutcomeRefused, "AccessDenied", 403},
		{"expired", expired, nil, doctor.OutcomeRefused, "ExpiredTokenException", 400},
		{"invalid identity token", good, &doctortest.InvalidIdentityToken, doctor.OutcomeRefused, "InvalidIdentityToken", 400},
		{"idp rejected claim", good, &doctortest.IDPRejectedClaim, doctor.OutcomeRefused, "IDPRejectedClaim", 403},
		{"idp communication error", good, &doctortest.IDPCommunicationError, doctor.OutcomeUnreachable, "IDPCommunicationError", 400},
		{"throttling", good, &doctortest.Throttling, doctor.OutcomeUnreachable, "Throttling", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sts.Force(tc.force)
			before := len(sts.Calls())
			ans, err := doctor.CallSTS(context.Background(), doctor.STSCall{RoleARN: roleARN, SessionName: "stsguard-doctor", Env: os.Getenv}, tc.tok)
			if err != nil {
				t.Fatal(err)
			}
			if ans.Outcome != tc.outcome || ans.ErrorCode != tc.code || ans.HTTPStatus != tc.status {
				t.Fatalf("got outcome %q code %q status %d, want %q %q %d (%+v)", ans.Outcome, ans.ErrorCode, ans.HTTPStatus, tc.outcome, tc.code, tc.status, ans)
			}
			if !strings.HasPrefix(ans.RequestID, "5tand1n0-") {
				t.Errorf("request ID %q: not the stand-in's", ans.RequestID)
			}
			if ans.Endpoint != sts.URL || ans.EndpointBy != "environment AWS_ENDPOINT_URL_STS" || ans.Region != "eu-west-1" {
				t.Errorf("endpoint %q (%s), region %q: want the stand-in from AWS_ENDPOINT_URL_STS in eu-west-1", ans.Endpoint, ans.EndpointBy, ans.Region)
			}
			calls := sts.Calls()
			if len(calls) != before+1 {
				t.Fatalf("%d calls, want exactly one (doctor never retries)", len(calls)-before)
			}
			f := calls[len(calls)-1]
			if f.Get("DurationSeconds") != "900" || f.Get("RoleSessionName") != "stsguard-doctor" || f.Get("RoleArn") != roleARN || f.Get("WebIdentityToken") != tc.tok {
				t.Errorf("request parameters %v", f)
			}
			if tc.outcome == doctor.OutcomeSuccess {
				if ans.AssumedRoleARN != "arn:aws:sts::111122223333:assumed-role/payments-api/stsguard-doctor" || ans.Expiration == nil || !ans.Expiration.Equal(clock.Add(900*time.Second)) {
					t.Errorf("success answer %+v", ans)
				}
			} else if ans.Message == "" {
				t.Error("no message")
			}
		})
	}
}

// TestCallSTSUnreachable: no server on the endpoint is "unreachable".
func TestCallSTSUnreachable(t *testing.T) {
	doctortest.Isolate(t)
	t.Setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1")
	ans, err := doctor.CallSTS(context.Background(), doctor.STSCall{RoleARN: roleARN, SessionName: "x1", Env: os.Getenv}, "a.b.c")
	if err != nil {
		t.Fatal(err)
	}
	if ans.Outcome != doctor.OutcomeUnreachable || !strings.Contains(ans.Detail, "could not be reached") || ans.Region != doctor.DefaultRegion {
		t.Fatalf("%+v", ans)
	}
}
