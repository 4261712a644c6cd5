package tfplan

import (
	"encoding/json"
	"io"
	"os"
	"testing"
)

// BenchmarkScan compares the streaming scanner's syntax check of a whole
// plan (skip: every byte read, every key compared, nothing kept) with
// encoding/json.Valid of the same bytes, in the same run. The plan is
// $STSGUARD_BENCH_PLAN (tests/bench/benchtool gen), else skipped.
func BenchmarkScan(b *testing.B) {
	path := os.Getenv("STSGUARD_BENCH_PLAN")
	if path == "" {
		b.Skip("set STSGUARD_BENCH_PLAN to a plan JSON (tests/bench/benchtool gen -resources 10000 -o plan.json)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("json.Valid", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if !json.Valid(data) {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("scanner", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			s := newStream(&sliceReader{data: data})
			if err := s.skip(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// sliceReader reads a byte slice without the copy-free shortcuts of
// bytes.Reader (WriterTo), as a file would be read.
type sliceReader struct{ data []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
