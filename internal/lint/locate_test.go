package lint

import "testing"

func TestStatementNumber(t *testing.T) {
	for path, want := range map[string]int{
		"$.Statement[0]":                     1,
		"$.Statement[12].Condition.X":        13,
		"$.Statement":                        0,
		"$":                                  0,
		"$.Statement[x]":                     0,
		"$.Statement[3":                      0,
		`$.Statement[1].Condition["a:b"][0]`: 2,
	} {
		if got := statementNumber(path); got != want {
			t.Errorf("statementNumber(%q) = %d, want %d", path, got, want)
		}
	}
}

func TestModulePrefix(t *testing.T) {
	for addr, want := range map[string]string{
		"aws_iam_role.a":                             "",
		"module.m.aws_iam_role.a":                    "module.m.",
		`module.m["k.v"].module.n[0].aws_iam_role.a`: `module.m["k.v"].module.n[0].`,
	} {
		if got := modulePrefix(addr); got != want {
			t.Errorf("modulePrefix(%q) = %q, want %q", addr, got, want)
		}
	}
}
