package policy

import "testing"

// BenchmarkParseEKS parses a typical one-statement EKS IRSA trust [S29].
func BenchmarkParseEKS(b *testing.B) {
	benchmarkParse(b, []byte(eksIRSATrust))
}

// BenchmarkParse40Statements parses a 40-statement multi-cluster IRSA
// trust (about 18 KB, far over the IAM size limit).
func BenchmarkParse40Statements(b *testing.B) {
	benchmarkParse(b, []byte(manyStatementsTrust(40)))
}

func benchmarkParse(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
