package doctortest

import (
	"os"
	"path/filepath"
	"testing"
)

// isolated are the variables Isolate clears: everything the AWS SDK, IRSA,
// GitHub Actions and Pod Identity would read.
var isolated = []string{
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_SESSION_NAME",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
	"AWS_STS_REGIONAL_ENDPOINTS", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	"ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
	"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy",
}

// Isolate gives the test an empty AWS environment: no profile, no shared
// files, no IMDS, no proxies, and none of the IRSA, GitHub Actions or Pod
// Identity variables. Set the ones a case needs after calling it.
func Isolate(t *testing.T) {
	t.Helper()
	for _, k := range isolated {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "no-config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "no-credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("NO_PROXY", "*")
}

// Pod sets the environment of an EKS pod with IRSA: the role ARN, the
// projected token file (written with tok), the region, and the STS
// endpoint of the stand-in. It returns the token file's path.
func Pod(t *testing.T, sts *STS, roleARN, tok string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "eks.amazonaws.com", "serviceaccount")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "token")
	if err := os.WriteFile(file, []byte(tok), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ROLE_ARN", roleARN)
	t.Setenv("AWS_WEB_IDENTITY_TOKEN_FILE", file)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_DEFAULT_REGION", "us-east-1")
	t.Setenv("AWS_STS_REGIONAL_ENDPOINTS", "regional")
	t.Setenv("AWS_ENDPOINT_URL_STS", sts.URL)
	return file
}
