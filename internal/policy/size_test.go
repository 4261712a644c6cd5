package policy

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPolicySize checks the IAM size count: code points, without
// whitespace outside string literals (spec §7, IAM quotas).
func TestPolicySize(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  int
	}{
		{"empty object", `{}`, 2},
		{"whitespace outside strings is not counted", "{ \"a\" :\n\t\"b\" }\r\n", 9},
		{"whitespace inside strings is counted", `{"a":"b c"}`, 11},
		{"multibyte characters count once", `{"a":"日本"}`, 10},
		{"escapes count as written", `{"a":"x\"y\n"}`, 14},
		{"escaped backslash before the closing quote", `{"a":"\\"  ,  "b" : 1}`, 16},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, _ := mustParse(t, tc.input)
			if doc.Size != tc.want {
				t.Errorf("Size = %d, want %d", doc.Size, tc.want)
			}
		})
	}
}

// TestPolicySizeMatchesCompactJSON compares the count with the length of
// the document compacted by encoding/json, for realistic documents.
func TestPolicySizeMatchesCompactJSON(t *testing.T) {
	for _, src := range []string{eksIRSATrust, gitHubTrust, cognitoTrust, terraformEncodedTrust, manyStatementsTrust(5)} {
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(src)); err != nil {
			t.Fatal(err)
		}
		doc, _ := mustParse(t, src)
		if want := utf8.RuneCount(compact.Bytes()); doc.Size != want {
			t.Errorf("Size = %d, want %d (compact length)", doc.Size, want)
		}
	}
}

// TestPolicySizeLimit checks the boundary: 2,048 characters are accepted,
// 2,049 are reported (spec §7).
func TestPolicySizeLimit(t *testing.T) {
	build := func(size int) string {
		base := stmt(okHead + `, "Sid": ""`)
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(base)); err != nil {
			t.Fatal(err)
		}
		pad := size - compact.Len()
		return strings.Replace(base, `"Sid": ""`, `"Sid": "`+strings.Repeat("x", pad)+`"`, 1)
	}
	for _, tc := range []struct {
		size     int
		reported bool
	}{{2047, false}, {MaxTrustPolicySize, false}, {2049, true}} {
		doc, problems := mustParse(t, build(tc.size))
		if doc.Size != tc.size {
			t.Fatalf("built a document of size %d, want %d", doc.Size, tc.size)
		}
		if got := slices.Contains(problemCodes(problems), CodePolicyTooLarge); got != tc.reported {
			t.Errorf("size %d: policy-too-large reported = %v, want %v", tc.size, got, tc.reported)
		}
	}
}
