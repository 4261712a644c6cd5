package redact

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Forms returns s and every form the project's messages may write it in:
// what the extra functions make of it (e.g. a GitHub subject writing ':'
// as %3A, IAM's ${*} glob escapes), the ASCII lower and upper case of
// each (IgnoreCase comparisons, folded names), and each of those as it is,
// inside a Go-quoted string (%q, strconv.Quote and QuoteToASCII), inside
// a JSON string (with and without HTML escaping) and URL-encoded (path
// and query). Forms are unique, longest first.
func Forms(s string, extra ...func(string) string) []string {
	if s == "" {
		return nil
	}
	bases := []string{s}
	for _, f := range extra {
		bases = append(bases, f(s))
	}
	for _, b := range bases[:len(bases):len(bases)] {
		bases = append(bases, asciiLower(b), asciiUpper(b))
	}
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, b := range bases {
		add(b)
		add(unquote(strconv.Quote(b)))
		add(unquote(strconv.QuoteToASCII(b)))
		add(jsonInner(b, true))
		add(jsonInner(b, false))
		add(url.PathEscape(b))
		add(url.QueryEscape(b))
	}
	sortLongestFirst(out)
	return out
}

func unquote(q string) string { return q[1 : len(q)-1] }

// jsonInner is s encoded as a JSON string, without the quotes.
func jsonInner(s string, html bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if enc.Encode(s) != nil {
		return ""
	}
	q := strings.TrimSuffix(b.String(), "\n")
	return unquote(q)
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

func asciiUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - ('a' - 'A')
		}
		return r
	}, s)
}

func sortLongestFirst(l []string) {
	sort.Slice(l, func(i, j int) bool {
		if len(l[i]) != len(l[j]) {
			return len(l[i]) > len(l[j])
		}
		return l[i] < l[j]
	})
}
