package tfplan

import "testing"

func TestStripKeys(t *testing.T) {
	for in, want := range map[string]string{
		"aws_iam_role.r": "aws_iam_role.r",
		`module.a["x.y"].module.b[0].aws_iam_role.r`: "module.a.module.b.aws_iam_role.r",
		`aws_iam_role.r["a]b"]`:                      "aws_iam_role.r",
		`data.aws_iam_policy_document.d[3]`:          "data.aws_iam_policy_document.d",
	} {
		if got := StripKeys(in); got != want {
			t.Errorf("stripKeys(%q) = %q, want %q", in, got, want)
		}
	}
}
