package admits

import (
	"testing"
)

// TestTenantWildcards: a subject pattern whose owner or namespace part is
// a wildcard is open to any tenant (ShapeWildcardSubject, AnyTenant); a
// wildcard within one owner or namespace is not.
func TestTenantWildcards(t *testing.T) {
	like := func(host, sub string) string {
		arn := "arn:aws:iam::111122223333:oidc-provider/" + host
		return trust(allow(arn, `"StringEquals": {"`+host+`:aud": "sts.amazonaws.com"}, "StringLike": {"`+host+`:sub": "`+sub+`"}`))
	}
	const gl, bk, tfc = "gitlab.com", "agent.buildkite.com", "app.terraform.io"
	for _, tc := range []struct {
		name, policy string
		// want is the shape code expected ("" for none); anyTenant its AnyTenant.
		want      string
		anyTenant bool
	}{
		{"github repo:*", like("token.actions.githubusercontent.com", "repo:*"), ShapeWildcardSubject, true},
		{"github repo:*/app:*", like("token.actions.githubusercontent.com", "repo:*/app:*"), ShapeWildcardSubject, true},
		{"github *", like("token.actions.githubusercontent.com", "*"), ShapeWildcardSubject, true},
		{"github repo:octo-org/*", like("token.actions.githubusercontent.com", "repo:octo-org/*"), ShapeOrganisationWide, false},
		{"github repo:octo-org/app:*", like("token.actions.githubusercontent.com", "repo:octo-org/app:*"), ShapePullRequest, false},
		{"eks system:serviceaccount:*:x", trust(allow(eksARN, `"StringLike": {"`+eksHost+`:sub": "system:serviceaccount:*:x"}`)), ShapeWildcardSubject, true},
		{"eks system:serviceaccount:payments:*", trust(allow(eksARN, `"StringLike": {"`+eksHost+`:sub": "system:serviceaccount:payments:*"}`)), "", false},
		{"gitlab project_path:*", like(gl, "project_path:*"), ShapeWildcardSubject, true},
		{"gitlab project_path:*/app:ref_type:branch:ref:main", like(gl, "project_path:*/app:ref_type:branch:ref:main"), ShapeWildcardSubject, true},
		{"gitlab project_path:my*", like(gl, "project_path:my*"), ShapeWildcardSubject, true},
		{"buildkite organization:*:pipeline:deploy:*", like(bk, "organization:*:pipeline:deploy:*"), ShapeWildcardSubject, true},
		{"gitlab project_path:mygroup/*", like(gl, "project_path:mygroup/*"), "", false},
		{"buildkite organization:*", like(bk, "organization:*"), ShapeWildcardSubject, true},
		{"buildkite organization:acme:*", like(bk, "organization:acme:*"), "", false},
		{"terraform cloud organization:*", like(tfc, "organization:*"), ShapeWildcardSubject, true},
		{"terraform cloud organization:acme:*", like(tfc, "organization:acme:*"), "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Analyze(mustParse(t, tc.policy), testRole, nil)
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			var got []Shape
			for _, s := range a.Shapes {
				if s.Code != ShapeForAllValues {
					got = append(got, s)
				}
			}
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("want no shape, got %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Code != tc.want {
				t.Fatalf("want shape %s, got %+v", tc.want, got)
			}
			if got[0].AnyTenant() != tc.anyTenant {
				t.Errorf("AnyTenant = %v, want %v", got[0].AnyTenant(), tc.anyTenant)
			}
			if got[0].Example == nil {
				t.Errorf("no example: %+v", got[0])
			}
		})
	}
}
