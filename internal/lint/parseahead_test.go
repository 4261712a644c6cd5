package lint

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// TestParseAheadSameTrusts: the world of a plan with many roles has the
// same trusts (text, document, problems, syntax errors, origin) whether
// they are parsed ahead on several goroutines or one by one, for valid
// trusts, trusts with problems, texts that are no policy, texts shared by
// several roles and a trust that changes.
func TestParseAheadSameTrusts(t *testing.T) {
	var changes []any
	for i := 0; i < 150; i++ {
		trust := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:o/r%d:ref:refs/heads/main"}}}]}`, i%120)
		switch i % 10 {
		case 3:
			trust = strings.Replace(trust, `"Effect":"Allow"`, `"Effect":"allow"`, 1) // a problem
		case 7:
			trust = `{"Statement":` // not a policy
		}
		before := map[string]any{"arn": fmt.Sprintf("arn:aws:iam::111122223333:role/r%d", i), "name": fmt.Sprintf("r%d", i), "assume_role_policy": trust}
		after := map[string]any{}
		for k, v := range before {
			after[k] = v
		}
		if i%9 == 0 {
			after["assume_role_policy"] = strings.Replace(trust, "main", "dev", 1)
		}
		changes = append(changes, map[string]any{"address": fmt.Sprintf("aws_iam_role.r%d", i), "mode": "managed", "type": "aws_iam_role", "name": fmt.Sprintf("r%d", i),
			"change": map[string]any{"actions": []string{"update"}, "before": before, "after": after}})
	}
	doc, err := json.Marshal(map[string]any{"format_version": "1.2", "resource_changes": changes})
	if err != nil {
		t.Fatal(err)
	}
	world := func(procs int) *model.World {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		p, err := tfplan.Load(strings.NewReader(string(doc)), "plan.json", model.LoadOptions)
		if err != nil {
			t.Fatal(err)
		}
		return model.NewWorld(p)
	}
	one, several := world(1), world(4)
	if len(one.Roles) != 150 || len(several.Roles) != 150 {
		t.Fatalf("%d and %d roles, want 150", len(one.Roles), len(several.Roles))
	}
	for i := range one.Roles {
		for s := range one.Roles[i].Trust {
			a, b := one.Roles[i].Trust[s], several.Roles[i].Trust[s]
			if fmt.Sprint(a.SyntaxErr) != fmt.Sprint(b.SyntaxErr) || a.Text != b.Text || a.From != b.From ||
				!reflect.DeepEqual(a.Doc, b.Doc) || !reflect.DeepEqual(a.Problems, b.Problems) {
				t.Fatalf("%s %v: the trust parsed ahead differs: %+v, one by one %+v", one.Roles[i].Address(), s, b, a)
			}
		}
	}
}
