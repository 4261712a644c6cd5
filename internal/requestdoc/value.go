package requestdoc

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// Parse checks a request JSON document's shape (Check), then decodes it.
// Errors start with LINE:COLUMN.
func Parse(data []byte) (*identity.Request, error) {
	if err := Check(data); err != nil {
		return nil, err
	}
	return identity.ParseRequest(data)
}

// ParseAt is Parse for a JSON document handed over as a value rather than a
// file (a Terraform string argument): field paths start with root (e.g.
// "request.claims"), and errors start with LINE:COLUMN only when the
// document has several lines, since the one line of jsonencode() output
// has no place a reader could look up.
func ParseAt(data []byte, root string) (*identity.Request, error) {
	if err := check(data, root, multiline(data)); err != nil {
		return nil, err
	}
	return identity.ParseRequest(data)
}

// Decode decodes a request given as a Go value of the shapes encoding/json
// produces with UseNumber: map[string]any for objects, []any for lists,
// string, json.Number, bool and nil. It runs the same shape check and
// decoder as Parse; errors name the field under root ("request.claims.aud")
// and never a position or a value.
func Decode(v any, root string) (*identity.Request, error) {
	data, err := json.Marshal(v)
	if err != nil {
		// Only a caller bug can get here (a Go type outside the shapes
		// above, or a json.Number that is not a number).
		return nil, fmt.Errorf("%s: cannot be written as JSON: %v", root, err)
	}
	if err := check(data, root, false); err != nil {
		return nil, err
	}
	return identity.ParseRequest(data)
}

// multiline reports whether the document has more than one non-blank line.
func multiline(data []byte) bool {
	return bytes.ContainsRune(bytes.TrimSpace(data), '\n')
}
