package lint

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
)

// TestRequestKeyDistinct: requests that differ in any field, or only in
// how a value is typed or split, have different evaluation cache keys;
// the same request built twice has the same key.
func TestRequestKeyDistinct(t *testing.T) {
	trust := &model.Trust{Text: `{"Statement":[]}`}
	base := func() *identity.Request {
		return &identity.Request{RoleARN: "arn:aws:iam::111122223333:role/a", Principal: "p",
			Claims:  map[string]any{"sub": "x", "aud": "sts.amazonaws.com"},
			Context: map[string]identity.StringList{"aws:SourceIp": {"10.0.0.1"}}}
	}
	reqs := map[string]*identity.Request{"base": base()}
	vary := func(name string, f func(r *identity.Request)) {
		r := base()
		f(r)
		reqs[name] = r
	}
	vary("role", func(r *identity.Request) { r.RoleARN += "x" })
	vary("principal", func(r *identity.Request) { r.Principal = "q" })
	vary("type", func(r *identity.Request) { r.PrincipalType = "Federated" })
	vary("action", func(r *identity.Request) { r.Action = "sts:AssumeRole" })
	vary("now", func(r *identity.Request) { r.Now = "2026-01-01T00:00:00Z" })
	vary("claim value", func(r *identity.Request) { r.Claims["sub"] = "y" })
	vary("claim as number", func(r *identity.Request) { r.Claims["sub"] = 1 })
	vary("claim as text of number", func(r *identity.Request) { r.Claims["sub"] = "1" })
	vary("claim as list", func(r *identity.Request) { r.Claims["sub"] = []any{"x"} })
	vary("claim split", func(r *identity.Request) { delete(r.Claims, "sub"); r.Claims["su"] = "bx" })
	vary("no claims", func(r *identity.Request) { r.Claims = nil })
	vary("empty claims", func(r *identity.Request) { r.Claims = map[string]any{} })
	vary("context value", func(r *identity.Request) { r.Context["aws:SourceIp"] = identity.StringList{"10.0.0.2"} })
	vary("context two values", func(r *identity.Request) { r.Context["aws:SourceIp"] = identity.StringList{"10.0.0.1", ""} })
	vary("context empty list", func(r *identity.Request) { r.Context["aws:SourceIp"] = identity.StringList{} })
	vary("context nil list", func(r *identity.Request) { r.Context["aws:SourceIp"] = nil })
	vary("no context", func(r *identity.Request) { r.Context = nil })
	vary("empty context", func(r *identity.Request) { r.Context = map[string]identity.StringList{} })
	vary("providers", func(r *identity.Request) { r.OIDCProviders = []identity.OIDCProvider{{URL: "u"}} })
	vary("provider clients", func(r *identity.Request) {
		r.OIDCProviders = []identity.OIDCProvider{{URL: "u", ClientIDs: []string{"c"}}}
	})
	vary("empty providers", func(r *identity.Request) { r.OIDCProviders = []identity.OIDCProvider{} })
	seen := map[[32]byte]string{}
	var buf []byte // reused, as the analyzer does
	for name, r := range reqs {
		k := requestKey(&buf, trust, r, "")
		if k != requestKey(nil, trust, r, "") {
			t.Errorf("%s: the key depends on the buffer", name)
		}
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s have the same key", name, other)
		}
		seen[k] = name
	}
	if a, b := requestKey(nil, trust, base(), ""), requestKey(nil, trust, reqs["base"], ""); a != b {
		t.Error("the same request has two keys")
	}
	if requestKey(nil, trust, base(), "") == requestKey(nil, trust, base(), "r") {
		t.Error("the RCP key is not in the key")
	}
	if requestKey(nil, trust, base(), "") == requestKey(nil, &model.Trust{Text: trust.Text + " "}, base(), "") {
		t.Error("the trust text is not in the key")
	}
}
