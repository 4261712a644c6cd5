package explain

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// TestWriteTextOrder: a person reads the verdict first, then why (the
// statement and the failing condition with both values), then the fix;
// the detail follows. A policy of several lines is located by line; a
// one-line policy (jsonencode(), a data source) by path, since its line
// numbers say nothing.
func TestWriteTextOrder(t *testing.T) {
	oneLine := doc(allowGH(ghBase))
	var indented bytes.Buffer
	if err := json.Indent(&indented, []byte(oneLine), "", "  "); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		policy    string
		located   []string
		notInText []string
	}{
		{"one line", oneLine, []string{
			"No Allow statement matches. The closest is Statement[0], which fails on " +
				`Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"].`,
			`  condition Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]` + "\n",
			"  - Statement[0].Condition: a problem\n",
			"  Statement[0] Allow: does not apply",
		}, []string{"(line 1)", "line 1:"}},
		{"several lines", indented.String(), []string{
			"No Allow statement matches. The closest is Statement[0] (line 4), which fails on 1 element.",
			"  condition StringEquals token.actions.githubusercontent.com:sub (line 13)\n",
			"  - line 11:7, $.Statement[0].Condition: a problem\n",
			"  Statement[0] Allow (line 4): does not apply",
		}, []string{"Statement[0].Condition.StringEquals"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, problems, err := policy.Parse([]byte(tc.policy))
			if err != nil || len(problems) != 0 {
				t.Fatalf("policy: %v %v", err, problems)
			}
			res := evaluateJSON(t, tc.policy, ghRequest("repo:octo-org/octo-repo:ref:refs/heads/mian", nil))
			cond := d.Statements[0].Conditions[0].Loc
			problem := policy.Problem{Code: "x", Message: "a problem", Path: "$.Statement[0].Condition", Position: policy.Position{Line: cond.Pos.Line - 1, Column: 7}, OneLine: cond.OneLine}
			var b bytes.Buffer
			if err := WriteText(&b, Build(res, []policy.Problem{problem})); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !strings.HasPrefix(out, `DENIED (implicit_deny): STS answers "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"`+"\n") {
				t.Errorf("the verdict is not the first line:\n%s", out)
			}
			order := []string{
				tc.located[0], tc.located[1],
				`    policy:  "repo:octo-org/octo-repo:ref:refs/heads/main"`,
				`    request: "repo:octo-org/octo-repo:ref:refs/heads/mian"`,
				`    the token is for branch "mian" but the policy expects branch "main"`,
				`Fix: In Statement[0], change "repo:octo-org/octo-repo:ref:refs/heads/main" to "repo:octo-org/octo-repo:ref:refs/heads/mian"`,
				"Policy problems", tc.located[2],
				"Token checks:",
				"Trace (principal Federated", tc.located[3],
			}
			last := -1
			for _, s := range order {
				i := strings.Index(out, s)
				if i < 0 {
					t.Errorf("output lacks %q:\n%s", s, out)
					continue
				}
				if i < last {
					t.Errorf("%q comes too early:\n%s", s, out)
				}
				last = i
			}
			for _, s := range tc.notInText {
				if strings.Contains(out, s) {
					t.Errorf("output has %q:\n%s", s, out)
				}
			}
		})
	}
}

func TestWriteTextAbsentKey(t *testing.T) {
	res := evaluateJSON(t, doc(allowGH(`{"StringEquals": {"token.actions.githubusercontent.com:repository_visibility": "private"}}`)), ghRequest(ghMain, map[string]any{"repository_visibility": "private"}))
	var b bytes.Buffer
	if err := WriteText(&b, Build(res, nil)); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"    request: (key absent)", "AWS never fills token.actions.githubusercontent.com:repository_visibility"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, b.String())
		}
	}
}

func TestWriteTextAllowed(t *testing.T) {
	res := evaluateJSON(t, doc(allowGH(ghBase)), ghRequest(ghMain, nil))
	var b bytes.Buffer
	if err := WriteText(&b, Build(res, nil)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "ALLOWED (allow): "+ghARN+" may assume the role\n") || strings.Contains(out, "Fix:") {
		t.Errorf("unexpected allowed output:\n%s", out)
	}
}

// TestReportJSONShape: lists are [] rather than null and the documented
// top-level fields are all present (docs/explain-json.md).
func TestReportJSONShape(t *testing.T) {
	for _, tc := range []struct{ name, policy, request string }{
		{"allow", doc(allowGH(ghBase)), ghRequest(ghMain, nil)},
		{"implicit deny", doc(allowGH(ghBase)), ghRequest("repo:x/y:pull_request", nil)},
		{"expired", doc(allowGH(ghBase)), ghRequest(ghMain, map[string]any{"exp": 1795781100})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(Build(evaluateJSON(t, tc.policy, tc.request), nil))
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"decision", "allowed", "error", "decided_by", "closest_allow", "summary", "causes", "request", "checks", "trace", "fix", "reasons", "assumptions", "policy_problems"} {
				if _, ok := m[f]; !ok {
					t.Errorf("field %q is missing", f)
				}
			}
			for _, f := range []string{"causes", "checks", "trace", "reasons", "assumptions", "policy_problems"} {
				if _, ok := m[f].([]any); !ok {
					t.Errorf("field %q is %v, want a list", f, m[f])
				}
			}
		})
	}
}
