package condition

import (
	"strings"
	"testing"
)

// TestParseOperator covers operator names (spec §4.2, §4.3, §4.4).
func TestParseOperator(t *testing.T) {
	cases := []struct {
		name, in string
		want     Operator
		wantErr  string
	}{
		{name: "§4.3 StringEquals [S3]", in: "StringEquals", want: Operator{Base: StringEquals}},
		{name: "§4.3 IpAddress spelling [S3]", in: "IpAddress", want: Operator{Base: IPAddress}},
		{name: "§4.3 IfExists suffix [S3]", in: "StringNotEqualsIfExists", want: Operator{Base: StringNotEquals, IfExists: true}},
		{name: "§4.4 ForAllValues prefix [S4]", in: "ForAllValues:StringEquals", want: Operator{Set: ForAllValues, Base: StringEquals}},
		{name: "§4.4 ForAnyValue prefix with IfExists [S4]", in: "ForAnyValue:StringLikeIfExists", want: Operator{Set: ForAnyValue, Base: StringLike, IfExists: true}},
		{name: "§4.3 Null [S3]", in: "Null", want: Operator{Base: Null}},
		{name: "§4.2 missing colon is refused (Invalid Condition type) [S38n]", in: "ForAllValuesStringEquals", wantErr: `did you mean "ForAllValues:StringEquals"`},
		{name: "§4.2 lower-case spelling is refused (UNCONFIRMED, exact spelling) [S38n]", in: "stringequals", wantErr: `did you mean "StringEquals"`},
		{name: "§4.3 NullIfExists does not exist [S3]", in: "NullIfExists", wantErr: "invalid condition operator"},
		{name: "§4.3 Null takes no set qualifier [S3]", in: "ForAnyValue:Null", wantErr: "Null cannot take a set qualifier"},
		{name: "§4.2 unknown operator [S38n]", in: "StringContains", wantErr: "invalid condition operator"},
		{name: "§4.2 empty name", in: "", wantErr: "invalid condition operator"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseOperator(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseOperator(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseOperator(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
			if got.String() != tc.in {
				t.Errorf("String() = %q, want the canonical %q", got.String(), tc.in)
			}
		})
	}
}

// TestOperatorProperties checks the negation and family tables that the
// missing-key rule depends on (spec §4.3, [S3]).
func TestOperatorProperties(t *testing.T) {
	negated := map[Base]bool{StringNotEquals: true, StringNotEqualsIgnoreCase: true, StringNotLike: true,
		NumericNotEquals: true, DateNotEquals: true, NotIPAddress: true, ArnNotEquals: true, ArnNotLike: true}
	for b := StringEquals; b <= Null; b++ {
		if b.Negated() != negated[b] {
			t.Errorf("§4.3 %s.Negated() = %v, want %v [S3]", b, b.Negated(), negated[b])
		}
		op, err := ParseOperator(b.String())
		if err != nil || op.Base != b {
			t.Errorf("§4.3 %s does not round-trip through ParseOperator: %v", b, err)
		}
		wantVars := b.Family() == FamilyString || b.Family() == FamilyARN
		if b.AllowsVariables() != wantVars {
			t.Errorf("§4.5 %s.AllowsVariables() = %v, want %v [S10]", b, b.AllowsVariables(), wantVars)
		}
	}
}
