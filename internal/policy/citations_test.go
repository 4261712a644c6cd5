package policy

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestProblemSourcesCite: every problem code's source is AWS documentation
// URLs and/or headings of docs/guides/aws-reference.md that exist,
// separated by " ; ".
func TestProblemSourcesCite(t *testing.T) {
	data, err := os.ReadFile("../../docs/guides/aws-reference.md")
	if err != nil {
		t.Fatal(err)
	}
	drop := regexp.MustCompile(`[^a-z0-9 _-]`)
	anchors := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if h, ok := strings.CutPrefix(line, "#"); ok {
			h = strings.TrimSpace(strings.TrimLeft(h, "#"))
			anchors[strings.ReplaceAll(drop.ReplaceAllString(strings.ToLower(h), ""), " ", "-")] = true
		}
	}
	for code, src := range problemSources {
		if src == "" {
			t.Errorf("%s: no source", code)
		}
		for _, part := range strings.Split(src, " ; ") {
			if anchor, ok := strings.CutPrefix(part, "docs/guides/aws-reference.md#"); ok {
				if !anchors[anchor] {
					t.Errorf("%s: source cites #%s, which is not a heading of the guide", code, anchor)
				}
			} else if !strings.HasPrefix(part, "https://") {
				t.Errorf("%s: source part %q is neither a URL nor docs/guides/aws-reference.md#ANCHOR", code, part)
			}
		}
	}
}
