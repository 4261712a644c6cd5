package condition

import "testing"

// TestNumericDateBoolBinary covers the Numeric*, Date*, Bool and
// BinaryEquals families of spec §4.3 ([S3]).
func TestNumericDateBoolBinary(t *testing.T) {
	const org = "accounts.google.com:google/organization_number"
	orgCtx := mapContext{org: {"123456789012"}}
	nowCtx := mapContext{"aws:CurrentTime": {"2026-11-28T12:00:00Z"}}
	runEntryCases(t, []entryCase{
		{name: "§4.3 NumericEquals compares numbers [S3][S24]", op: "NumericEquals", key: org, values: vals("123456789012"), ctx: orgCtx, want: true},
		{name: "§4.3 NumericEquals 10 equals 10.0 [S3]", op: "NumericEquals", key: "x:n", values: vals("10.0"), ctx: mapContext{"x:n": {"10"}}, want: true},
		{name: "§4.3 NumericEquals differing number is false [S3]", op: "NumericEquals", key: org, values: vals("1"), ctx: orgCtx, want: false},
		{name: "§4.3 NumericNotEquals differing number is true [S3]", op: "NumericNotEquals", key: org, values: vals("1"), ctx: orgCtx, want: true},
		{name: "§4.3 NumericNotEquals absent key is true [S3]", op: "NumericNotEquals", key: "x:absent", values: vals("1"), want: true},
		{name: "§4.3 NumericLessThan [S3]", op: "NumericLessThan", key: "x:n", values: vals("10"), ctx: mapContext{"x:n": {"9"}}, want: true},
		{name: "§4.3 NumericLessThan equal is false [S3]", op: "NumericLessThan", key: "x:n", values: vals("10"), ctx: mapContext{"x:n": {"10"}}, want: false},
		{name: "§4.3 NumericLessThanEquals equal is true [S3]", op: "NumericLessThanEquals", key: "x:n", values: vals("10"), ctx: mapContext{"x:n": {"10"}}, want: true},
		{name: "§4.3 NumericGreaterThan [S3]", op: "NumericGreaterThan", key: "x:n", values: vals("10"), ctx: mapContext{"x:n": {"10.5"}}, want: true},
		{name: "§4.3 NumericGreaterThanEquals smaller is false [S3]", op: "NumericGreaterThanEquals", key: "x:n", values: vals("10"), ctx: mapContext{"x:n": {"-3"}}, want: false},
		{name: "§4.3 NumericEquals with a non-number request value is false [S3]", op: "NumericEquals", key: "x:n", values: vals("10"), ctx: mapContext{"x:n": {"ten"}}, want: false, assumption: AssumeUnparsableValue},
		{name: "§4.3 NumericEquals absent key is false [S3]", op: "NumericEquals", key: "x:absent", values: vals("10"), want: false},
		{name: "§4.3 DateEquals ISO 8601 against epoch seconds [S3]", op: "DateEquals", key: "aws:CurrentTime", values: vals("1795867200"), ctx: nowCtx, want: true},
		{name: "§4.3 DateLessThan [S3]", op: "DateLessThan", key: "aws:CurrentTime", values: vals("2027-01-01"), ctx: nowCtx, want: true, assumption: AssumeDateFormat},
		{name: "§4.3 DateLessThanEquals later request is false [S3]", op: "DateLessThanEquals", key: "aws:CurrentTime", values: vals("2026-01-01T00:00:00Z"), ctx: nowCtx, want: false},
		{name: "§4.3 DateGreaterThan [S3]", op: "DateGreaterThan", key: "aws:CurrentTime", values: vals("2026-11-28T11:59:59Z"), ctx: nowCtx, want: true},
		{name: "§4.3 DateGreaterThanEquals equal instant in another zone is true [S3]", op: "DateGreaterThanEquals", key: "aws:CurrentTime", values: vals("2026-11-28T13:00:00+01:00"), ctx: nowCtx, want: true},
		{name: "§4.3 DateNotEquals absent key is true [S3]", op: "DateNotEquals", key: "x:absent", values: vals("2026-01-01"), want: true},
		{name: "§4.3 DateEquals with an unreadable date is false [S3]", op: "DateEquals", key: "aws:CurrentTime", values: vals("yesterday"), ctx: nowCtx, want: false, assumption: AssumeUnparsableValue},
		{name: "§4.3 Bool true matches true [S3][S24]", op: "Bool", key: "sts:RoleAuthorizedByIdp", values: vals("true"), ctx: mapContext{"sts:RoleAuthorizedByIdp": {"true"}}, want: true},
		{name: "§4.3 Bool false does not match true [S3]", op: "Bool", key: "sts:RoleAuthorizedByIdp", values: vals("false"), ctx: mapContext{"sts:RoleAuthorizedByIdp": {"true"}}, want: false},
		{name: "§4.3 Bool absent key is false [S3]", op: "Bool", key: "sts:RoleAuthorizedByIdp", values: vals("true"), want: false},
		{name: "§4.3 BinaryEquals compares base64 values [S3]", op: "BinaryEquals", key: "x:b", values: vals("QmluYXJ5VmFsdWVJbkJhc2U2NA=="), ctx: mapContext{"x:b": {"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}, want: true},
		{name: "§4.3 BinaryEquals differing bytes is false [S3]", op: "BinaryEquals", key: "x:b", values: vals("QUJD"), ctx: mapContext{"x:b": {"QUJE"}}, want: false},
	})
}

// TestIPAddress covers IpAddress/NotIpAddress (spec §4.3, §4.6; [S3][S21]).
func TestIPAddress(t *testing.T) {
	v4 := mapContext{"aws:SourceIp": {"203.0.113.7"}}
	v6 := mapContext{"aws:SourceIp": {"2001:db8:1234::42"}}
	runEntryCases(t, []entryCase{
		{name: "§4.6 IpAddress CIDR contains the caller [S3][S21]", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"), ctx: v4, want: true},
		{name: "§4.6 IpAddress CIDR with host bits set still matches its block [S3]", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.99/24"), ctx: v4, want: true, assumption: AssumeIPPrefixHostBits},
		{name: "§4.6 IpAddress caller outside the block is false [S3]", op: "IpAddress", key: "aws:SourceIp", values: vals("198.51.100.0/24"), ctx: v4, want: false},
		{name: "§4.6 IpAddress single address [S3]", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.7"), ctx: v4, want: true},
		{name: "§4.6 IpAddress one of several blocks [S3][S4]", op: "IpAddress", key: "aws:SourceIp", values: vals("198.51.100.0/24", "203.0.113.0/28"), ctx: v4, want: true},
		{name: "§4.6 IpAddress IPv6 block contains the caller [S3]", op: "IpAddress", key: "aws:SourceIp", values: vals("2001:db8:1234::/48"), ctx: v6, want: true},
		{name: "§4.6 IpAddress IPv6 caller outside the block [S3]", op: "IpAddress", key: "aws:SourceIp", values: vals("2001:db8:5678::/48"), ctx: v6, want: false},
		{name: "§4.6 IpAddress IPv4 block never contains an IPv6 caller [S3]", op: "IpAddress", key: "aws:SourceIp", values: vals("0.0.0.0/0"), ctx: v6, want: false},
		{name: "§4.6 IpAddress IPv4-mapped IPv6 caller matches its IPv4 block [S3]", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"), ctx: mapContext{"aws:SourceIp": {"::ffff:203.0.113.7"}}, want: true, assumption: AssumeIPv4MappedIPv6},
		{name: "§4.6 IpAddress absent key (VPC endpoint request) is false [S21]", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"), want: false},
		{name: "§4.6 IpAddress unreadable request address is false [S3]", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"), ctx: mapContext{"aws:SourceIp": {"not-an-ip"}}, want: false, assumption: AssumeUnparsableValue},
		{name: "§4.6 NotIpAddress caller inside the block is false [S3]", op: "NotIpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"), ctx: v4, want: false},
		{name: "§4.6 NotIpAddress caller outside all blocks is true [S3]", op: "NotIpAddress", key: "aws:SourceIp", values: vals("198.51.100.0/24", "2001:db8::/32"), ctx: v4, want: true},
		{name: "§4.6 NotIpAddress IPv6 caller inside an IPv6 block is false [S3]", op: "NotIpAddress", key: "aws:SourceIp", values: vals("2001:db8::/32"), ctx: v6, want: false},
		{name: "§4.6 NotIpAddress absent key is true [S3]", op: "NotIpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"), want: true},
	})
}

// TestArnOperators covers ArnEquals/ArnLike and their negations: six
// components, each matched separately with * and ? (spec §4.3, [S3]).
func TestArnOperators(t *testing.T) {
	const key = "aws:SourceArn"
	role := mapContext{key: {"arn:aws:iam::111122223333:role/app"}}
	colon := mapContext{key: {"arn:aws:sts::111122223333:assumed-role/app:session"}}
	runEntryCases(t, []entryCase{
		{name: "§4.3 ArnEquals exact ARN [S3]", op: "ArnEquals", key: key, values: vals("arn:aws:iam::111122223333:role/app"), ctx: role, want: true},
		{name: "§4.3 ArnEquals honours wildcards like ArnLike [S3]", op: "ArnEquals", key: key, values: vals("arn:aws:iam::*:role/*"), ctx: role, want: true},
		{name: "§4.3 ArnLike * in the account component [S3]", op: "ArnLike", key: key, values: vals("arn:aws:iam::*:role/app"), ctx: role, want: true},
		{name: "§4.3 ArnLike ? in the account component [S3]", op: "ArnLike", key: key, values: vals("arn:aws:iam::11112222333?:role/app"), ctx: role, want: true},
		{name: "§4.3 ArnLike * does not span components [S3]", op: "ArnLike", key: key, values: vals("arn:aws:*:role/app"), ctx: role, want: false, assumption: AssumeUnparsableValue},
		{name: "§4.3 ArnLike is case-sensitive [S3]", op: "ArnLike", key: key, values: vals("arn:aws:iam::111122223333:role/APP"), ctx: role, want: false},
		{name: "§4.3 ArnLike sixth component keeps its colons [S3]", op: "ArnLike", key: key, values: vals("arn:aws:sts::111122223333:assumed-role/app:*"), ctx: colon, want: true},
		{name: "§4.3 ArnLike * in the sixth component spans its colons [S3]", op: "ArnLike", key: key, values: vals("arn:aws:sts::*:*"), ctx: colon, want: true},
		{name: "§4.3 ArnLike a request value that is not an ARN is false [S3]", op: "ArnLike", key: key, values: vals("arn:*:*:*:*:*"), ctx: mapContext{key: {"not-an-arn"}}, want: false, assumption: AssumeUnparsableValue},
		{name: "§4.3 ArnLike absent key is false [S3]", op: "ArnLike", key: key, values: vals("arn:*:*:*:*:*"), want: false},
		{name: "§4.3 ArnNotEquals other ARN is true [S3]", op: "ArnNotEquals", key: key, values: vals("arn:aws:iam::999988887777:role/app"), ctx: role, want: true},
		{name: "§4.3 ArnNotLike matching pattern is false [S3]", op: "ArnNotLike", key: key, values: vals("arn:aws:iam::111122223333:role/*"), ctx: role, want: false},
		{name: "§4.3 ArnNotLike absent key is true [S3]", op: "ArnNotLike", key: key, values: vals("arn:aws:iam::*:role/*"), want: true},
	})
}

// TestNull covers the Null operator (spec §4.3, §4.5a; [S3]).
func TestNull(t *testing.T) {
	const env = "token.actions.githubusercontent.com:environment"
	runEntryCases(t, []entryCase{
		{name: "§4.3 Null true: absent key matches [S3]", op: "Null", key: env, values: vals("true"), ctx: mainCtx, want: true},
		{name: "§4.3 Null true: present key does not match [S3]", op: "Null", key: ghSub, values: vals("true"), ctx: mainCtx, want: false},
		{name: "§4.3 Null false: present key matches [S3]", op: "Null", key: ghSub, values: vals("false"), ctx: mainCtx, want: true},
		{name: "§4.3 Null false: absent key does not match [S3]", op: "Null", key: env, values: vals("false"), ctx: mainCtx, want: false},
		{name: "§4.3 Null key name folds case [S2][S3]", op: "Null", key: "TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:SUB", values: vals("false"), ctx: mainCtx, want: true},
		{name: "§4.5a Null empty-string value counts as present (UNCONFIRMED)", op: "Null", key: env, values: vals("false"), ctx: mapContext{env: {""}}, want: true, assumption: AssumeNullEmptyString},
	})
}
