package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/strictjson"
)

// Environment variables doctor reads, as an EKS pod with IRSA (the pod
// identity webhook) and aws-actions/configure-aws-credentials set them.
const (
	EnvRoleARN        = "AWS_ROLE_ARN"
	EnvTokenFile      = "AWS_WEB_IDENTITY_TOKEN_FILE"
	EnvSessionName    = "AWS_ROLE_SESSION_NAME"
	EnvGitHubURL      = "ACTIONS_ID_TOKEN_REQUEST_URL"
	EnvGitHubToken    = "ACTIONS_ID_TOKEN_REQUEST_TOKEN"
	EnvPodIdentityURI = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
)

// DefaultAudience is the audience doctor asks the GitHub Actions token
// service for, the one aws-actions/configure-aws-credentials uses.
const DefaultAudience = "sts.amazonaws.com"

// DefaultSessionName is the RoleSessionName of doctor's call when neither
// --role-session-name nor AWS_ROLE_SESSION_NAME gives one; it makes the
// call recognisable in CloudTrail.
const DefaultSessionName = "stsguard-doctor"

// maxTokenFileBytes bounds a token file: STS refuses tokens over 20,000
// characters, so anything much larger is not a token.
const maxTokenFileBytes = 1 << 20

// InputError is bad input or usage: the CLI exits 2.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputError(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// Sources says where each input came from, for the output.
type Sources struct {
	RoleARN     string `json:"role_arn"`
	RoleFrom    string `json:"role_arn_from"`
	TokenFrom   string `json:"token_from"`
	SessionName string `json:"session_name"`
	SessionFrom string `json:"session_name_from"`
	// PodIdentity explains EKS Pod Identity when its variable is set; ""
	// otherwise.
	PodIdentity string `json:"pod_identity,omitempty"`
}

// InputFlags are the flag values that override the environment.
type InputFlags struct {
	RoleARN, TokenFile, SessionName, Audience string
	// Token is a token given directly (the health check's token
	// attribute), named TokenFrom in the output; it wins over TokenFile.
	Token, TokenFrom string
	// RoleFrom names where RoleARN came from; default "flag --role-arn".
	RoleFrom string
}

// resolveInputs finds the role, the token and the session name: flags
// first, then the IRSA variables, then (for the token) the GitHub Actions
// OIDC token service. It returns the raw token separately; it never goes
// into Sources.
func resolveInputs(ctx context.Context, f InputFlags, env func(string) string, client *http.Client) (Sources, string, error) {
	var s Sources
	if uri := env(EnvPodIdentityURI); uri != "" {
		s.PodIdentity = podIdentityNote(uri)
	}
	switch {
	case f.RoleARN != "":
		s.RoleARN, s.RoleFrom = f.RoleARN, f.RoleFrom
		if s.RoleFrom == "" {
			s.RoleFrom = "flag --role-arn"
		}
	case env(EnvRoleARN) != "":
		s.RoleARN, s.RoleFrom = env(EnvRoleARN), "environment "+EnvRoleARN
	}
	switch {
	case f.SessionName != "":
		s.SessionName, s.SessionFrom = f.SessionName, "flag --role-session-name"
	case env(EnvSessionName) != "":
		s.SessionName, s.SessionFrom = env(EnvSessionName), "environment "+EnvSessionName
	default:
		s.SessionName, s.SessionFrom = DefaultSessionName, "doctor's default"
	}
	var raw string
	var err error
	switch {
	case f.Token != "":
		s.TokenFrom, raw = f.TokenFrom, strings.TrimSpace(f.Token)
	case f.TokenFile != "":
		s.TokenFrom = "flag --token " + f.TokenFile
		raw, err = readTokenFile(f.TokenFile, "--token")
	case env(EnvTokenFile) != "":
		s.TokenFrom = "environment " + EnvTokenFile + "=" + env(EnvTokenFile)
		raw, err = readTokenFile(env(EnvTokenFile), EnvTokenFile)
	case env(EnvGitHubURL) != "" && env(EnvGitHubToken) != "":
		aud := f.Audience
		if aud == "" {
			aud = DefaultAudience
		}
		s.TokenFrom = fmt.Sprintf("GitHub Actions OIDC token service (%s, audience %q)", EnvGitHubURL, aud)
		raw, err = fetchGitHubToken(ctx, client, env(EnvGitHubURL), env(EnvGitHubToken), aud)
	case env(EnvGitHubURL) != "":
		err = inputError("%s is set but %s is not; give the job `permissions: id-token: write`, or pass the token with --token FILE", EnvGitHubURL, EnvGitHubToken)
	default:
		hint := ""
		if s.PodIdentity != "" {
			hint = " " + s.PodIdentity
		}
		err = inputError("no web identity token: pass --token FILE or set %s (an EKS pod with IRSA has it); inside GitHub Actions give the job `permissions: id-token: write` so that %s and %s are set.%s",
			EnvTokenFile, EnvGitHubURL, EnvGitHubToken, hint)
	}
	if err != nil {
		return s, "", err
	}
	if s.RoleARN == "" {
		return s, "", inputError("no role to assume: pass --role-arn ARN or set %s (an EKS pod with IRSA has it; in GitHub Actions it is the role-to-assume input)", EnvRoleARN)
	}
	if !identity.IsRoleARN(s.RoleARN) {
		return s, "", inputError("%s: %q is not an IAM role ARN; expected arn:aws:iam::ACCOUNT:role/NAME", s.RoleFrom, s.RoleARN)
	}
	return s, raw, nil
}

// podIdentityNote explains EKS Pod Identity, which doctor does not check.
func podIdentityNote(uri string) string {
	return fmt.Sprintf("%s is set (%s): this pod also gets credentials from EKS Pod Identity, a different mechanism. "+
		"Its agent calls sts:AssumeRole for the role of the pod identity association (trust principal Service pods.eks.amazonaws.com, "+
		"actions sts:AssumeRole and sts:TagSession), not AssumeRoleWithWebIdentity; doctor checks only the web identity path. "+
		"When both are configured, the AWS SDKs' default chain uses the web identity variables first.", EnvPodIdentityURI, uri)
}

// readTokenFile reads a token file; place names the flag or variable.
func readTokenFile(path, place string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", inputError("%s: cannot read the token file %s: %v", place, path, unwrapPathErr(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return "", inputError("%s: %s is a directory; give the file holding the token", place, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxTokenFileBytes+1))
	if err != nil {
		return "", inputError("%s: cannot read the token file %s: %v", place, path, unwrapPathErr(err))
	}
	if len(data) > maxTokenFileBytes {
		return "", inputError("%s: %s is larger than 1 MiB; a web identity token is at most 20,000 characters", place, path)
	}
	raw := strings.TrimSpace(string(data))
	if raw == "" {
		return "", inputError("%s: the token file %s is empty", place, path)
	}
	return raw, nil
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// fetchGitHubToken asks the GitHub Actions OIDC token service for a fresh
// token for aud, as actions/core getIDToken does.
func fetchGitHubToken(ctx context.Context, client *http.Client, requestURL, bearer, aud string) (string, error) {
	u, err := url.Parse(requestURL)
	if err != nil {
		return "", inputError("%s is not a URL: %v", EnvGitHubURL, err)
	}
	q := u.Query()
	q.Set("audience", aud)
	u.RawQuery = q.Encode()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", inputError("%s: %v", EnvGitHubURL, err)
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", &UnreachableError{Msg: fmt.Sprintf("the GitHub Actions OIDC token service (%s) did not answer: %v", EnvGitHubURL, redactURLError(err))}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxTokenFileBytes))
	if resp.StatusCode != http.StatusOK {
		return "", &UnreachableError{Msg: fmt.Sprintf("the GitHub Actions OIDC token service answered HTTP %d; check that the job has `permissions: id-token: write`", resp.StatusCode)}
	}
	var out struct {
		Value string `json:"value"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Value == "" || strictjson.CheckNames(body, &out) != nil {
		return "", &UnreachableError{Msg: "the GitHub Actions OIDC token service answered without a token (no \"value\" in its JSON)"}
	}
	return out.Value, nil
}

// UnreachableError is a service that did not answer usefully: the CLI
// exits 3.
type UnreachableError struct{ Msg string }

func (e *UnreachableError) Error() string { return e.Msg }

// redactURLError keeps the operation and cause of a *url.Error but drops
// the URL, whose query may carry request parameters.
func redactURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return fmt.Errorf("%s: %v", ue.Op, ue.Err)
	}
	return err
}
