package tls

import (
	"regexp"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

func TestCertificate(t *testing.T) {
	h, err := standin.NewHarness(Provider())
	if err != nil {
		t.Fatal(err)
	}
	fingerprints := func(url string) ([]string, error) {
		cfg, err := h.Config("tls_certificate", map[string]any{"url": url})
		if err != nil {
			t.Fatal(err)
		}
		state, err := h.Read("tls_certificate", cfg)
		if err != nil {
			return nil, err
		}
		obj, _ := standin.NewObject(state)
		var out []string
		for _, c := range obj.Objects("certificates") {
			out = append(out, c.Str("sha1_fingerprint"))
		}
		return out, nil
	}
	hex40 := regexp.MustCompile(`^[0-9a-f]{40}$`)
	tests := []struct {
		name, url string
		wantErr   bool
	}{
		{"github issuer", "https://token.actions.githubusercontent.com", false},
		{"eks issuer with path", "https://oidc.eks.us-east-1.amazonaws.com/id/ABC", false},
		{"tls scheme", "tls://token.actions.githubusercontent.com:443", false},
		{"plain http is refused", "http://example.com", true},
		{"no scheme is refused", "example.com", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fp, err := fingerprints(tt.url)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if len(fp) != 2 || !hex40.MatchString(fp[0]) || fp[0] == fp[1] {
				t.Errorf("fingerprints = %q, want two distinct 40-hex values (root first)", fp)
			}
		})
	}
	a, _ := fingerprints("https://token.actions.githubusercontent.com")
	b, _ := fingerprints("tls://token.actions.githubusercontent.com:443")
	c, _ := fingerprints("https://oidc.eks.us-east-1.amazonaws.com/id/ABC")
	if a[0] != b[0] {
		t.Errorf("same host, different fingerprints: %q vs %q", a[0], b[0])
	}
	if a[0] == c[0] {
		t.Errorf("different hosts, same fingerprint %q", a[0])
	}
}
