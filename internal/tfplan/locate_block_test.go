package tfplan

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

const blockTF = `resource "aws_iam_role" "inline" {
  name = "x" # assume_role_policy = "not this one"
  /* assume_role_policy = { */
  description = "a } brace and \" a quote"
  assume_role_policy = jsonencode({
    Statement = [{ assume_role_policy = "nested, not top level" }]
  })
}

resource "aws_iam_role" "heredoc" {
  assume_role_policy = <<EOF
{
  "statement {": "}"
}
EOF
  name = "y"
}

data "aws_iam_policy_document" "doc" {
  statement {
    effect = "Allow"
    condition {
      statement = "not a statement block"
    }
  }
  // statement {
  dynamic "statement" {
    for_each = ["a"]
    content {}
  }
  statement {}
}

resource "aws_iam_role" "empty" {}

resource "aws_iam_role" "after_empty" {
  assume_role_policy = "{}"
}
`

// TestInBlock: attributes and nested blocks are found at the block's top
// level only, past strings, comments, heredocs and nested blocks.
func TestInBlock(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(file, []byte(blockTF), 0o600); err != nil {
		t.Fatal(err)
	}
	l := (&Plan{}).NewLocator(dir)
	tests := []struct {
		address, name string
		want          []int
	}{
		{"aws_iam_role.inline", "assume_role_policy", []int{5}},
		{"aws_iam_role.heredoc", "assume_role_policy", []int{11}},
		{"aws_iam_role.heredoc", "name", []int{16}},
		{"data.aws_iam_policy_document.doc", "statement", []int{20, 27, 31}},
		{"aws_iam_role.empty", "assume_role_policy", nil},
		{"aws_iam_role.after_empty", "assume_role_policy", []int{37}},
		{"aws_iam_role.missing", "assume_role_policy", nil},
	}
	for _, tc := range tests {
		var got []int
		for _, loc := range l.InBlock(tc.address, tc.name) {
			if loc.File != file {
				t.Errorf("%s %s: file %s, want %s", tc.address, tc.name, loc.File, file)
			}
			got = append(got, loc.Line)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("InBlock(%s, %s) = %v, want %v", tc.address, tc.name, got, tc.want)
		}
	}
}
