package requestdoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// Check checks the shape of a request document (documented in
// docs/guides/explain-request.md) before it is decoded, so that every
// mistake is reported as "LINE:COLUMN: FIELD: what is wrong" rather than as
// a Go type name. It never echoes a value: a request may hold a real
// token's claims.
func Check(data []byte) error {
	return check(data, "", true)
}

// check is Check with a root path prefixed to every field path (root
// "request" gives "request.claims.aud") and, when positions is false, no
// LINE:COLUMN: the document was written by Decode, not by a person.
func check(data []byte, root string, positions bool) error {
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		return placeError(data, off, "", fmt.Sprintf("invalid UTF-8 (byte 0x%02X); save the request as UTF-8 text", data[off]))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("the request is empty; expected a JSON object such as {\"role_arn\": \"arn:aws:iam::111122223333:role/app\", \"claims\": {...}}")
	}
	w := &walker{data: data, dec: json.NewDecoder(bytes.NewReader(data)), root: root, positions: positions}
	w.dec.UseNumber()
	if err := w.object(root, requestFields); err != nil {
		return err
	}
	start := skipSpace(data, int(w.dec.InputOffset()))
	if _, err := w.dec.Token(); err != io.EOF {
		return w.fail(start, "", "unexpected data after the request object; a request file holds one JSON object")
	}
	return nil
}

// fieldCheck validates the value of one field; path names it in messages.
type fieldCheck func(w *walker, path string) error

var requestFields = map[string]fieldCheck{
	"role_arn":       (*walker).str,
	"principal":      (*walker).str,
	"principal_type": (*walker).str,
	"action":         (*walker).str,
	"now":            (*walker).str,
	"claims":         (*walker).claims,
	"context":        (*walker).context,
	"oidc_providers": (*walker).providers,
}

var providerFields = map[string]fieldCheck{
	"url":        (*walker).str,
	"client_ids": (*walker).strList,
}

// walker reads the document token by token and knows where each starts.
type walker struct {
	data []byte
	dec  *json.Decoder
	// root prefixes every field path ("" for a request file).
	root string
	// positions is whether errors start with LINE:COLUMN.
	positions bool
}

// fail formats an error at byte offset off: "LINE:COLUMN: PATH: msg", or
// "PATH: msg" without positions (PATH omitted when empty).
func (w *walker) fail(off int, path, msg string) error {
	if w.positions {
		return placeError(w.data, off, path, msg)
	}
	if path != "" {
		return fmt.Errorf("%s: %s", path, msg)
	}
	return errors.New(msg)
}

// next returns the next token and the offset where it starts.
func (w *walker) next() (json.Token, int, error) {
	start := skipSpace(w.data, int(w.dec.InputOffset()))
	tok, err := w.dec.Token()
	if err != nil {
		return nil, start, w.syntaxError(err, start)
	}
	return tok, start, nil
}

func (w *walker) syntaxError(err error, start int) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return w.fail(max(0, int(se.Offset)-1), "", "invalid JSON: "+se.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return w.fail(len(w.data), "", "the request ends too early (truncated?)")
	}
	return w.fail(start, "", "invalid JSON: "+err.Error())
}

// object reads an object whose fields are checked by fields; unknown or
// repeated fields are refused.
func (w *walker) object(path string, fields map[string]fieldCheck) error {
	tok, start, err := w.next()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		if path != w.root {
			return w.fail(start, path, fmt.Sprintf("expected %s, found %s", w.anObject(), kindOf(tok)))
		}
		return w.fail(start, "", fmt.Sprintf("the request must be %s, found %s", w.anObject(), kindOf(tok)))
	}
	seen := map[string]bool{}
	for w.dec.More() {
		ktok, kstart, err := w.next()
		if err != nil {
			return err
		}
		name, _ := ktok.(string)
		field := joinPath(path, name)
		check, known := fields[name]
		switch {
		case !known:
			return w.fail(kstart, "", unknownField(field, name, fields))
		case seen[name]:
			return w.fail(kstart, field, "the field appears twice; keep one")
		}
		seen[name] = true
		if err := check(w, field); err != nil {
			return err
		}
	}
	_, _, err = w.next() // '}'
	return err
}

// anObject names the object type expected: a JSON object in a file, an
// object (or a JSON string) for a Terraform value.
func (w *walker) anObject() string {
	if w.positions {
		return "a JSON object"
	}
	return "an object"
}

func unknownField(field, name string, fields map[string]fieldCheck) string {
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	sort.Strings(names)
	msg := fmt.Sprintf("unknown field %q; expected one of %s", field, strings.Join(names, ", "))
	if guess := explain.Suggest(name, names); guess != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", guess)
	}
	return msg
}

func (w *walker) str(path string) error {
	tok, start, err := w.next()
	if err != nil {
		return err
	}
	if _, ok := tok.(string); !ok {
		return w.typeError(tok, start, path, "a string")
	}
	return nil
}

func (w *walker) strList(path string) error {
	tok, start, err := w.next()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return w.typeError(tok, start, path, "a list of strings")
	}
	return w.restOfStringList(path)
}

func (w *walker) strOrList(path string) error {
	tok, start, err := w.next()
	if err != nil {
		return err
	}
	if _, ok := tok.(string); ok {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return w.typeError(tok, start, path, "a string or a list of strings")
	}
	return w.restOfStringList(path)
}

func (w *walker) restOfStringList(path string) error {
	for i := 0; w.dec.More(); i++ {
		if err := w.str(fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	_, _, err := w.next() // ']'
	return err
}

func (w *walker) claims(path string) error {
	tok, start, err := w.next()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return w.typeError(tok, start, path, "a JSON object of token claims")
	}
	for w.dec.More() {
		ktok, _, err := w.next()
		if err != nil {
			return err
		}
		// Claim values are token content: the engine judges them as STS
		// would (a non-integer exp is InvalidIdentityToken, a decision).
		name, _ := ktok.(string)
		if err := w.skip(joinPath(path, name)); err != nil {
			return err
		}
	}
	_, _, err = w.next()
	return err
}

func (w *walker) context(path string) error {
	tok, start, err := w.next()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return w.typeError(tok, start, path, `a JSON object of condition keys, e.g. {"sts:RoleSessionName": "ci-42"}`)
	}
	for w.dec.More() {
		ktok, _, err := w.next()
		if err != nil {
			return err
		}
		name, _ := ktok.(string)
		if err := w.strOrList(fmt.Sprintf("%s[%q]", path, name)); err != nil {
			return err
		}
	}
	_, _, err = w.next()
	return err
}

func (w *walker) providers(path string) error {
	tok, start, err := w.next()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return w.typeError(tok, start, path, `a list of providers such as [{"url": "https://token.actions.githubusercontent.com", "client_ids": ["sts.amazonaws.com"]}]`)
	}
	for i := 0; w.dec.More(); i++ {
		if err := w.object(fmt.Sprintf("%s[%d]", path, i), providerFields); err != nil {
			return err
		}
	}
	_, _, err = w.next()
	return err
}

// maxClaimDepth bounds nesting inside claim values; real tokens nest a few
// levels (session tags), never hundreds.
const maxClaimDepth = 64

// skip reads one value of any shape.
func (w *walker) skip(path string) error {
	depth := 0
	for {
		tok, start, err := w.next()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if depth++; depth > maxClaimDepth {
				return w.fail(start, path, fmt.Sprintf("the value nests deeper than %d levels", maxClaimDepth))
			}
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// FieldOffset returns where the top-level field name starts in a request
// document already known to be well formed.
func FieldOffset(data []byte, name string) (int, bool) {
	w := &walker{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	if tok, _, err := w.next(); err != nil || tok != json.Delim('{') {
		return 0, false
	}
	for w.dec.More() {
		ktok, start, err := w.next()
		if err != nil {
			return 0, false
		}
		if ktok == name {
			return start, true
		}
		if err := w.skip(name); err != nil {
			return 0, false
		}
	}
	return 0, false
}

func (w *walker) typeError(tok json.Token, start int, path, want string) error {
	if !w.positions {
		want = strings.Replace(want, "a JSON object", "an object", 1)
	}
	return w.fail(start, path, fmt.Sprintf("expected %s, found %s", want, kindOf(tok)))
}

// kindOf names a token's JSON type without showing its value.
func kindOf(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "a list"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "true/false"
	case nil:
		return "null"
	}
	return "an unexpected value"
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// placeError formats "LINE:COLUMN: PATH: msg" (PATH omitted when empty).
func placeError(data []byte, off int, path, msg string) error {
	line, col := LineColumn(data, off)
	if path != "" {
		return fmt.Errorf("%d:%d: %s: %s", line, col, path, msg)
	}
	return fmt.Errorf("%d:%d: %s", line, col, msg)
}

// LineColumn turns a byte offset into a 1-based line and a column counted
// in code points, as policy positions are (policy.PositionAt).
func LineColumn(data []byte, off int) (int, int) {
	p := policy.PositionAt(data, off)
	return p.Line, p.Column
}

func skipSpace(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}
