package identity

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestParseRequest covers the request JSON of design.md.
func TestParseRequest(t *testing.T) {
	cases := []struct {
		name, in, wantErr string
	}{
		{name: "design: full request", in: `{"role_arn":"arn:aws:iam::111122223333:role/app","principal":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
			"claims":{"iss":"https://token.actions.githubusercontent.com","aud":"sts.amazonaws.com","exp":1795867200},
			"context":{"sts:RoleSessionName":"ci-42","x:list":["a","b"]},"oidc_providers":[{"url":"https://token.actions.githubusercontent.com","client_ids":["sts.amazonaws.com"]}],
			"now":"2026-11-28T12:00:00Z"}`},
		{name: "design: unknown fields are refused", in: `{"role_arn":"arn:aws:iam::111122223333:role/app","claim":{}}`, wantErr: `unknown field "claim"`},
		{name: "design: empty input", in: "  ", wantErr: "request is empty"},
		{name: "design: trailing data", in: `{} {}`, wantErr: "data after the JSON object"},
		{name: "design: context value of the wrong type", in: `{"context":{"k":1}}`, wantErr: "string or a list of strings"},
		{name: "design: context value null is refused", in: `{"context":{"k":null}}`, wantErr: "null"},
		{name: "design: syntax error names line and column", in: "{\n  \"claims\": {,}\n}", wantErr: "2:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRequest([]byte(tc.in))
			if tc.wantErr == "" && err != nil {
				t.Fatalf("ParseRequest: %v", err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("ParseRequest error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestResolve covers principal derivation and required actions (spec §1.2,
// §2.2, §3).
func TestResolve(t *testing.T) {
	ghARN := "arn:aws:iam::111122223333:oidc-provider/" + gh
	cases := []struct {
		name      string
		req       Request
		principal string
		typ       string
		actions   []string
		wantErr   string
	}{
		{name: "§2.2 principal derived from iss and the role's account [S6][S15]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh)},
			principal: ghARN, typ: "Federated", actions: []string{ActionAssumeRoleWithWebIdentity}},
		{name: "§2.2 explicit principal is kept [S6]", req: Request{Principal: ghARN, Claims: claims("sub", "x")},
			principal: ghARN, typ: "Federated", actions: []string{ActionAssumeRoleWithWebIdentity}},
		{name: "§2.1 built-in provider needs no role ARN [S13]", req: Request{Claims: claims("iss", "https://cognito-identity.amazonaws.com")},
			principal: "cognito-identity.amazonaws.com", typ: "Federated", actions: []string{ActionAssumeRoleWithWebIdentity}},
		{name: "§3 session tags add sts:TagSession [S16]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh, TagsClaim, map[string]any{"principal_tags": map[string]any{"team": []any{"platform"}}})},
			principal: ghARN, typ: "Federated", actions: []string{ActionAssumeRoleWithWebIdentity, ActionTagSession}},
		{name: "§3 source identity adds sts:SetSourceIdentity [S17]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh, SourceIdentityClaim, "alice")},
			principal: ghARN, typ: "Federated", actions: []string{ActionAssumeRoleWithWebIdentity, ActionSetSourceIdentity}},
		{name: "§3 both extra actions [S16][S17]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh, SourceIdentityClaim, "alice", TagsClaim, map[string]any{"principal_tags": map[string]any{}})},
			principal: ghARN, typ: "Federated", actions: []string{ActionAssumeRoleWithWebIdentity, ActionTagSession, ActionSetSourceIdentity}},
		{name: "§8.3 Service principal type calls sts:AssumeRole [S32]", req: Request{PrincipalType: "Service", Principal: "pods.eks.amazonaws.com"},
			principal: "pods.eks.amazonaws.com", typ: "Service", actions: []string{ActionAssumeRole}},
		{name: "design: no principal and no iss", req: Request{Claims: claims("sub", "x")}, wantErr: "give principal, or claims.iss together with role_arn"},
		{name: "design: iss of an IAM OIDC provider needs role_arn", req: Request{Claims: claims("iss", "https://"+gh)}, wantErr: "without role_arn"},
		{name: "design: SAML provider is not a web-identity principal", req: Request{Principal: "arn:aws:iam::111122223333:saml-provider/corp"}, wantErr: "neither an IAM OIDC provider ARN"},
		{name: "design: role_arn must be a role", req: Request{RoleARN: "arn:aws:iam::111122223333:user/u", Claims: claims("iss", "https://"+gh)}, wantErr: "not an IAM role ARN"},
		{name: "design: now must be RFC 3339", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh), Now: "tomorrow"}, wantErr: "RFC 3339"},
		{name: "design: unknown principal type", req: Request{PrincipalType: "Canonical", Principal: "x"}, wantErr: "not one of Federated, AWS, Service"},
		{name: "§3 session tag without a value is refused [S16]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh, TagsClaim, map[string]any{"principal_tags": map[string]any{"team": []any{}}})}, wantErr: "one string value"},
		{name: "§3 tags claim must be an object [S16]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh, TagsClaim, "team=x")}, wantErr: "must be an object"},
		{name: "§3 source identity must be a string [S17]", req: Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh, SourceIdentityClaim, 7.0)}, wantErr: "must be a string"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.req.Resolve()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Resolve error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if res.Principal != tc.principal || res.PrincipalType != tc.typ || !slices.Equal(res.Actions, tc.actions) {
				t.Errorf("got principal %q type %q actions %q; want %q %q %q", res.Principal, res.PrincipalType, res.Actions, tc.principal, tc.typ, tc.actions)
			}
		})
	}
}

// TestResolveNow covers the clock used for expiry (spec §1.5).
func TestResolveNow(t *testing.T) {
	res, err := (&Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh), Now: "2026-11-28T12:00:00Z"}).Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC); !res.Now.Equal(want) {
		t.Errorf("Now = %v, want %v", res.Now, want)
	}
	res, err = (&Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh)}).Resolve()
	if err != nil || time.Since(res.Now) > time.Minute {
		t.Errorf("default Now = %v, %v; want the current time", res.Now, err)
	}
}

// TestLookupCase covers key-name case folding on every lookup path (spec
// §4.2, [S2][S12]).
func TestLookupCase(t *testing.T) {
	res, err := (&Request{RoleARN: roleARN, Claims: claims("iss", "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF", "sub", "s"),
		Context: map[string]StringList{"aws:SourceIp": {"203.0.113.7"}, "x:Ünïcode": {"u"}}}).Resolve()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		key  string
		want string
	}{
		{"oidc.eks.us-east-1.amazonaws.com/id/ABCDEF:sub", "s"},
		{"OIDC.EKS.US-EAST-1.AMAZONAWS.COM/ID/abcdef:SUB", "s"},
		{"aws:SourceIp", "203.0.113.7"},
		{"AWS:SOURCEIP", "203.0.113.7"},
		{"x:Ünïcode", "u"},
		{"X:ÜNïCODE", "u"}, // ASCII letters fold, the others are kept
	}
	for _, tc := range cases {
		got, ok := res.Lookup(tc.key)
		if !ok || len(got) != 1 || got[0] != tc.want {
			t.Errorf("§4.2 Lookup(%q) = %q, %v; want %q [S2]", tc.key, got, ok, tc.want)
		}
	}
	if _, ok := res.Lookup("aws:SourceIpX"); ok {
		t.Errorf("Lookup found a key that is not there")
	}
	// Key names fold ASCII only (names.Fold): a spelling equal to a request
	// key only through Unicode folding names no key.
	for _, k := range []string{
		"oidc.eks.us-east-1.amazonaws.com/id/ABCDEF:\u017fub", // U+017F long s
		"aws:\u017fourceIp",
		"x:üNÏCODE", // ü and Ï are not ASCII: Ü/ï as in the request differ
	} {
		if got, ok := res.Lookup(k); ok {
			t.Errorf("Lookup(%q) = %q; want absent: only non-ASCII folding relates it to a request key", k, got)
		}
	}

	// Tag keys differing only in case: one of them wins, whatever the
	// spelling asked for.
	res, err = (&Request{RoleARN: roleARN, Claims: claims("iss", "https://"+gh, TagsClaim,
		map[string]any{"principal_tags": map[string]any{"Team": []any{"a"}, "team": []any{"b"}}})}).Resolve()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := res.Lookup("aws:RequestTag/Team")
	b, _ := res.Lookup("aws:RequestTag/team")
	c, _ := res.Lookup("AWS:REQUESTTAG/TEAM")
	if !slices.Equal(a, b) || !slices.Equal(b, c) {
		t.Errorf("§4.2 case variants of one tag key disagree: %q %q %q [S12]", a, b, c)
	}
}

// TestParseRequestRefusesCaseVariants (issue 16 point 7): encoding/json
// fills a field from a member of any letter case (Unicode folding
// included), so {"claims":…,"Claims":…} let the second object win. The
// provider's evaluate and allows functions read requests here without the
// CLI's own shape check, so ParseRequest refuses a case variant itself,
// at any depth of the request's structure, with line:column.
func TestParseRequestRefusesCaseVariants(t *testing.T) {
	for _, tc := range []struct{ doc, member string }{
		{`{"claims":{"sub":"a"},"Claims":{"sub":"b"}}`, "Claims"},
		{`{"role_arn":"arn:aws:iam::1:role/x","roLe_arn":"arn:aws:iam::1:role/y"}`, "roLe_arn"},
		{"{\"claims\":{},\n \"oidc_providers\":[{\"url\":\"https://x\",\"URL\":\"https://y\"}]}", "URL"},
		{`{"claimſ":{"sub":"a"}}`, "claimſ"},
	} {
		_, err := ParseRequest([]byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), `"`+tc.member+`"`) || !strings.Contains(err.Error(), ":") {
			t.Errorf("%s: err = %v, want a refusal naming %q", tc.doc, err, tc.member)
		}
	}
	if _, err := ParseRequest([]byte(`{"claims":{"Sub":"a","sub":"b"}}`)); err != nil {
		t.Errorf("claim names are data, not fields: %v", err)
	}
}

// TestResolvedKeysDifferingInCase: of keys whose names differ only in
// ASCII case, the last wins under every spelling, whether find scans the
// keys (a few) or indexes them (more than scanKeys).
func TestResolvedKeysDifferingInCase(t *testing.T) {
	for _, extra := range []int{0, scanKeys} {
		ctx := map[string]StringList{"aws:Foo": {"upper"}, "aws:foo": {"lower"}, "aws:Bar": {"bar"}}
		for i := range extra {
			ctx[fmt.Sprintf("aws:K%d", i)] = StringList{fmt.Sprint(i)}
		}
		req := &Request{RoleARN: "arn:aws:iam::111122223333:role/app", Claims: map[string]any{"iss": "https://" + GitHubHost, "sub": "repo:o/r:ref:refs/heads/main", "aud": "sts.amazonaws.com"},
			Context: ctx}
		res, err := req.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		if indexed := res.index != nil; indexed != (len(res.Keys) > scanKeys) {
			t.Fatalf("%d keys: indexed %v", len(res.Keys), indexed)
		}
		want := map[string]string{"aws:Foo": "lower", "aws:foo": "lower", "AWS:FOO": "lower", "aws:bar": "bar", "aws:Bar": "bar",
			GitHubHost + ":SUB": "repo:o/r:ref:refs/heads/main"}
		if extra > 0 {
			want["aws:k3"], want["AWS:K15"] = "3", "15"
		}
		for key, want := range want {
			if got, ok := res.Lookup(key); !ok || len(got) != 1 || got[0] != want {
				t.Errorf("%d keys: Lookup(%q) = %q %v, want [%q]", len(res.Keys), key, got, ok, want)
			}
		}
		if _, ok := res.Lookup("aws:fooo"); ok {
			t.Errorf("%d keys: Lookup of a key the request does not have found one", len(res.Keys))
		}
	}
}
