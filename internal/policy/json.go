package policy

import (
	"fmt"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of objects and arrays Parse accepts. A
// trust policy needs six levels; anything deeper is refused before it can
// exhaust memory or the stack.
const MaxDepth = 32

// jsonKind is the type of a JSON value.
type jsonKind uint8

const (
	jsonObject jsonKind = iota
	jsonArray
	jsonString
	jsonNumber
	jsonBool
	jsonNull
)

// describe names the kind for error messages, with an article.
func (k jsonKind) describe() string {
	switch k {
	case jsonObject:
		return "an object"
	case jsonArray:
		return "a list"
	case jsonString:
		return "a string"
	case jsonNumber:
		return "a number"
	case jsonBool:
		return "a boolean"
	}
	return "null"
}

// jsonNode is one parsed JSON value with the byte offset where it starts.
type jsonNode struct {
	kind   jsonKind
	offset int
	// text is the decoded value of a string, the exact source text of a
	// number, or "true"/"false".
	text string
	// members of an object, duplicates removed (the last occurrence of a
	// key wins and keeps its place).
	members []jsonMember
	// items of an array.
	items []jsonNode
}

// jsonMember is one key/value pair of an object.
type jsonMember struct {
	key       string
	keyOffset int
	value     jsonNode
}

// duplicateKey records a key that appears more than once in one object.
type duplicateKey struct {
	key         string
	path        string // path of the repeated key
	offset      int    // offset of the later occurrence
	firstOffset int    // offset of the first occurrence
}

// scanError is a JSON-level error before positions are computed.
type scanError struct {
	offset int
	path   string
	msg    string
}

// scanner is a small recursive-descent JSON reader that keeps byte offsets
// and the JSON path of the value being read. Recursion is bounded by
// MaxDepth.
type scanner struct {
	data  []byte
	pos   int
	depth int
	path  []pathSegment
	dups  []duplicateKey
}

// scanDocument reads one JSON value filling the whole input.
func scanDocument(data []byte) (jsonNode, []duplicateKey, *scanError) {
	s := &scanner{data: data}
	s.skipSpace()
	if s.pos == len(data) {
		return jsonNode{}, nil, &scanError{offset: 0, path: rootPath,
			msg: "the document is empty; expected a JSON object such as {\"Version\": \"2012-10-17\", \"Statement\": [...]}"}
	}
	root, err := s.value()
	if err != nil {
		return jsonNode{}, nil, err
	}
	s.skipSpace()
	if s.pos < len(data) {
		return jsonNode{}, nil, s.unexpected("the end of the document after the top-level value")
	}
	return root, s.dups, nil
}

func (s *scanner) fail(offset int, format string, args ...any) *scanError {
	return &scanError{offset: offset, path: formatPath(s.path), msg: fmt.Sprintf(format, args...)}
}

// unexpected reports the byte at s.pos (or the end of input) where
// something else was expected.
func (s *scanner) unexpected(expected string) *scanError {
	if s.pos >= len(s.data) {
		return s.fail(s.pos, "invalid JSON: the input ends here (truncated?); expected %s", expected)
	}
	c := s.data[s.pos]
	if c >= utf8.RuneSelf {
		r, size := utf8.DecodeRune(s.data[s.pos:])
		if r == utf8.RuneError && size == 1 {
			return s.invalidUTF8(s.pos)
		}
		if r == '\uFEFF' {
			return s.fail(s.pos, "invalid JSON: unexpected byte-order mark (U+FEFF); remove it, expected %s", expected)
		}
		return s.fail(s.pos, "invalid JSON: unexpected character %q; expected %s", r, expected)
	}
	return s.fail(s.pos, "invalid JSON: unexpected character %q; expected %s", rune(c), expected)
}

func (s *scanner) invalidUTF8(offset int) *scanError {
	return s.fail(offset, "invalid UTF-8: byte 0x%02X does not form a valid UTF-8 character; save the document as UTF-8 text", s.data[offset])
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

const expectValue = "a value (an object, list, string, number, true, false or null)"

func (s *scanner) value() (jsonNode, *scanError) {
	if s.pos >= len(s.data) {
		return jsonNode{}, s.unexpected(expectValue)
	}
	start := s.pos
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == '"':
		text, err := s.str()
		return jsonNode{kind: jsonString, offset: start, text: text}, err
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 't':
		return jsonNode{kind: jsonBool, offset: start, text: "true"}, s.literal("true")
	case c == 'f':
		return jsonNode{kind: jsonBool, offset: start, text: "false"}, s.literal("false")
	case c == 'n':
		return jsonNode{kind: jsonNull, offset: start}, s.literal("null")
	}
	return jsonNode{}, s.unexpected(expectValue)
}

func (s *scanner) enter() *scanError {
	if s.depth >= MaxDepth {
		return s.fail(s.pos, "the document nests objects and lists deeper than %d levels; expected a policy document (at most 6 levels)", MaxDepth)
	}
	s.depth++
	s.pos++ // the opening bracket
	return nil
}

func (s *scanner) object() (jsonNode, *scanError) {
	node := jsonNode{kind: jsonObject, offset: s.pos}
	if err := s.enter(); err != nil {
		return node, err
	}
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		return node, nil
	}
	for {
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			expected := "a member name in double quotes"
			if len(node.members) == 0 {
				expected += " or '}'"
			}
			return node, s.unexpected(expected)
		}
		keyOffset := s.pos
		key, err := s.str()
		if err != nil {
			return node, err
		}
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return node, s.unexpected(fmt.Sprintf("':' after the member name %s", quoteKey(key)))
		}
		s.pos++
		s.skipSpace()
		s.path = append(s.path, pathSegment{key: key})
		val, err := s.value()
		if err != nil {
			return node, err
		}
		node.members = append(node.members, jsonMember{key: key, keyOffset: keyOffset, value: val})
		s.skipSpace()
		if s.pos < len(s.data) && s.data[s.pos] == ',' {
			s.path = s.path[:len(s.path)-1]
			s.pos++
			continue
		}
		if s.pos < len(s.data) && s.data[s.pos] == '}' {
			s.path = s.path[:len(s.path)-1]
			s.pos++
			s.depth--
			node.members = s.dedupe(node.members)
			return node, nil
		}
		return node, s.unexpected("',' or '}' after the value of " + quoteKey(key))
	}
}

func (s *scanner) array() (jsonNode, *scanError) {
	node := jsonNode{kind: jsonArray, offset: s.pos}
	if err := s.enter(); err != nil {
		return node, err
	}
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.depth--
		return node, nil
	}
	s.path = append(s.path, pathSegment{isIndex: true})
	for {
		s.skipSpace()
		s.path[len(s.path)-1].index = len(node.items)
		val, err := s.value()
		if err != nil {
			return node, err
		}
		node.items = append(node.items, val)
		s.skipSpace()
		if s.pos < len(s.data) && s.data[s.pos] == ',' {
			s.pos++
			continue
		}
		if s.pos < len(s.data) && s.data[s.pos] == ']' {
			s.path = s.path[:len(s.path)-1]
			s.pos++
			s.depth--
			return node, nil
		}
		return node, s.unexpected("',' or ']' after a list item")
	}
}

// dedupe records keys that repeat in one object and keeps only the last
// occurrence of each, in the order of those last occurrences.
func (s *scanner) dedupe(members []jsonMember) []jsonMember {
	n := len(members)
	if n < 2 {
		return members
	}
	// firstOf[i] is the index of the first member with members[i].key;
	// lastOf[f] is the index of the last member whose key first appeared
	// at f.
	const small = 16
	var buf [2 * small]int
	var firstOf, lastOf []int
	if n <= small {
		firstOf, lastOf = buf[:n], buf[small:small+n]
	} else {
		firstOf, lastOf = make([]int, n), make([]int, n)
	}
	if n <= small {
		for i := range members {
			firstOf[i] = i
			for j := 0; j < i; j++ {
				if members[j].key == members[i].key {
					firstOf[i] = j
					break
				}
			}
		}
	} else {
		seen := make(map[string]int, n)
		for i, m := range members {
			j, ok := seen[m.key]
			if !ok {
				j = i
				seen[m.key] = i
			}
			firstOf[i] = j
		}
	}
	repeated := false
	for i := range members {
		if f := firstOf[i]; f != i {
			repeated = true
			s.dups = append(s.dups, duplicateKey{
				key:         members[i].key,
				path:        childKey(formatPath(s.path), members[i].key),
				offset:      members[i].keyOffset,
				firstOffset: members[f].keyOffset,
			})
		}
		lastOf[firstOf[i]] = i
	}
	if !repeated {
		return members
	}
	kept := make([]jsonMember, 0, n)
	for i, m := range members {
		if lastOf[firstOf[i]] == i {
			kept = append(kept, m)
		}
	}
	return kept
}
