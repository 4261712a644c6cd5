package identity

import "testing"

// TestMultivaluedKey: keys are multivalued by type, whatever the number
// of values a request gives them (spec §4.4, [S11][S12][S24]).
func TestMultivaluedKey(t *testing.T) {
	cases := map[string]bool{
		"cognito-identity.amazonaws.com:amr":      true,
		"COGNITO-IDENTITY.amazonaws.com:AMR":      true,
		"idp.example.com/x:amr":                   true,
		"aws:TagKeys":                             true,
		"AWS:TAGKEYS":                             true,
		"sts:TransitiveTagKeys":                   true,
		"aws:PrincipalOrgPaths":                   true,
		"aws:CalledVia":                           true,
		"aws:RequestTag/team":                     false,
		"token.actions.githubusercontent.com:sub": false,
		"x:amrx": false,
		"amr":    false,
		"":       false,
	}
	for key, want := range cases {
		if got := MultivaluedKey(key); got != want {
			t.Errorf("MultivaluedKey(%q) = %v, want %v", key, got, want)
		}
	}
	r := &Resolved{}
	if !r.Multivalued("aws:TagKeys") || r.Multivalued("aws:SourceIp") {
		t.Errorf("Resolved.Multivalued disagrees with MultivaluedKey")
	}
}
