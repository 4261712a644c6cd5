package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/doctor"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// ExitUnreachable is doctor's exit code when STS (or the GitHub Actions
// token service) gave no decision.
const ExitUnreachable = doctor.ExitUnreachable

const doctorUsage = "usage: terraform-provider-stsguard doctor [--role-arn ARN] [--token FILE] [--policy FILE | --plan PLAN_JSON] [--jwks FILE] [--audience AUD] [--region R] [--role-session-name NAME] [--now RFC3339] [--offline] [--format text|json]"

// doctorHTTPClient fetches discovery documents and the GitHub Actions
// token; doctorSTSClient talks to STS. Tests replace them; nil means the
// defaults.
var doctorHTTPClient, doctorSTSClient *http.Client

// doctorEnv reads the environment; tests may replace it.
var doctorEnv = os.Getenv

func runDoctor(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f doctor.InputFlags
	fs.StringVar(&f.RoleARN, "role-arn", "", "ARN of the role to assume; default: "+doctor.EnvRoleARN)
	fs.StringVar(&f.TokenFile, "token", "", "file holding the web identity token; default: "+doctor.EnvTokenFile+", then (in GitHub Actions) a fresh token from the OIDC token service. It is never printed")
	fs.StringVar(&f.SessionName, "role-session-name", "", "RoleSessionName of the call; default: "+doctor.EnvSessionName+", then "+doctor.DefaultSessionName)
	fs.StringVar(&f.Audience, "audience", doctor.DefaultAudience, "audience to request from the GitHub Actions OIDC token service")
	policyFile := fs.String("policy", "", "the role's trust policy JSON; the engine decides the same request and explains it")
	planFile := fs.String("plan", "", "a saved plan (terraform show -json); the role is found in it by ARN and its assume_role_policy used as --policy")
	jwksFile := fs.String("jwks", "", "JWKS JSON file to verify the signature with, instead of the issuer's OIDC discovery")
	region := fs.String("region", "", "AWS region of the STS endpoint; default: the SDK's configuration (AWS_REGION, profile), then "+doctor.DefaultRegion)
	now := fs.String("now", "", "the time to judge the token's expiry at, RFC 3339; default: the current time")
	offline := fs.Bool("offline", false, "do not fetch the issuer's keys and do not call STS")
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, doctorUsage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return ExitOK
		}
		fmt.Fprintf(stderr, "doctor: %v\n%s\nRun 'terraform-provider-stsguard doctor -h' for every flag.\n", err, doctorUsage)
		return ExitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "doctor: unexpected argument %q\n%s\n", fs.Arg(0), doctorUsage)
		return ExitBadInput
	}
	opts, err := doctorOptions(f, *policyFile, *planFile, *jwksFile, *region, *now, *offline, *format)
	if err != nil {
		fmt.Fprintf(stderr, "doctor: %v\n", err)
		return ExitBadInput
	}
	rep, err := doctor.Run(context.Background(), opts)
	if err != nil {
		fmt.Fprintf(stderr, "doctor: %v\n", err)
		var ue *doctor.UnreachableError
		if errors.As(err, &ue) {
			return ExitUnreachable
		}
		return ExitBadInput
	}
	if *format == "json" {
		err = doctor.WriteJSON(stdout, rep)
	} else {
		err = doctor.WriteText(stdout, rep)
	}
	if err != nil {
		fmt.Fprintf(stderr, "doctor: writing output: %v\n", err)
		return ExitBadInput
	}
	return rep.Verdict.Exit
}

// doctorOptions checks the flags and reads the policy (or plan) and JWKS.
func doctorOptions(f doctor.InputFlags, policyFile, planFile, jwksFile, region, now string, offline bool, format string) (doctor.Options, error) {
	o := doctor.Options{Flags: f, Region: region, Offline: offline, Env: doctorEnv,
		HTTPClient: doctorHTTPClient, STSClient: doctorSTSClient}
	if format != "text" && format != "json" {
		return o, badInput("--format %q: expected text or json", format)
	}
	if policyFile != "" && planFile != "" {
		return o, badInput("give --policy FILE or --plan PLAN_JSON, not both\n%s", doctorUsage)
	}
	if f.Audience == "" {
		return o, badInput("--audience is empty; leave it out to request %q", doctor.DefaultAudience)
	}
	if now != "" {
		t, err := time.Parse(time.RFC3339, now)
		if err != nil {
			return o, badInput("--now %q: expected an RFC 3339 time such as 2026-11-28T12:00:00Z", now)
		}
		o.Now = t.UTC()
	}
	if jwksFile != "" {
		data, err := readFile("--jwks", jwksFile)
		if err != nil {
			return o, err
		}
		o.JWKS, o.JWKSFile = data, jwksFile
	}
	var doc *policy.Document
	var problems []policy.Problem
	var err error
	switch {
	case policyFile != "":
		doc, problems, err = readPolicy("--policy", policyFile)
		o.TrustSource = "--policy " + policyFile
	case planFile != "":
		roleARN := f.RoleARN
		if roleARN == "" {
			roleARN = doctorEnv(doctor.EnvRoleARN)
		}
		doc, problems, o.TrustSource, err = trustFromPlan(planFile, roleARN)
	}
	if err != nil {
		return o, err
	}
	if doc != nil {
		o.Engine = func(req *identity.Request) (*explain.Report, error) {
			res, err := evaluate.Request(doc, req)
			if err != nil {
				if msg := err.Error(); strings.HasPrefix(msg, "role_arn:") {
					return nil, &doctor.InputError{Msg: "the role ARN" + strings.TrimPrefix(msg, "role_arn")}
				}
				return nil, &doctor.InputError{Msg: "the engine cannot evaluate this token: " + err.Error()}
			}
			return explainResult(doc, problems, req, res), nil
		}
	}
	return o, nil
}
