package redact

import (
	"bytes"
	"io"
)

// Writer holds a command's output and writes it, with every JSON Web Token
// replaced, on Flush: a token may be split across writes, so the text is
// redacted whole.
type Writer struct {
	w   io.Writer
	buf bytes.Buffer
}

// NewWriter returns a Writer in front of w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write buffers p.
func (x *Writer) Write(p []byte) (int, error) { return x.buf.Write(p) }

// Flush writes what was buffered, tokens removed, and empties the buffer.
func (x *Writer) Flush() error {
	if x.buf.Len() == 0 {
		return nil
	}
	_, err := io.WriteString(x.w, JWTs(x.buf.String()))
	x.buf.Reset()
	return err
}
