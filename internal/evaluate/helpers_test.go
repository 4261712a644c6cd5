package evaluate

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// Fixtures of spec §11.
const (
	acct    = "111122223333"
	roleARN = "arn:aws:iam::111122223333:role/R"
	ghHost  = "token.actions.githubusercontent.com"
	ghARN   = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	ghIss   = "https://token.actions.githubusercontent.com"
	mainSub = "repo:octo-org/octo-repo:ref:refs/heads/main"
	// now is the clock of every request; tokens expire an hour later.
	now = "2026-11-28T12:00:00Z"
	// BASE of spec §11.
	base = `{"StringEquals":{"GH:aud":"sts.amazonaws.com","GH:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`
)

// Token times relative to now (2026-11-28T12:00:00Z = 1795867200).
const (
	nowUnix     = 1795867200
	expInHour   = nowUnix + 3600
	expHourAgo  = nowUnix - 3600
	tagsClaim   = identity.TagsClaim
	sourceClaim = identity.SourceIdentityClaim
)

// fixtures replaces the spec's abbreviations GHARN and GH: in policy text.
var fixtures = strings.NewReplacer("GHARN", ghARN, "GH:", ghHost+":")

// A is spec §11's A(cond): an Allow for GHARN and
// sts:AssumeRoleWithWebIdentity with the given condition block.
func A(cond string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"GHARN"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":` + cond + `}]}`
}

// stmt builds one statement object for a GHARN principal.
func stmt(effect, action, cond string) string {
	s := `{"Effect":"` + effect + `","Principal":{"Federated":"GHARN"},"Action":` + action
	if cond != "" {
		s += `,"Condition":` + cond
	}
	return s + `}`
}

// doc builds a 2012-10-17 policy from statement objects.
func doc(stmts ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

// merge joins condition blocks written as JSON objects into one block.
func merge(blocks ...string) string {
	out := map[string]map[string]any{}
	for _, b := range blocks {
		var m map[string]map[string]any
		if err := json.Unmarshal([]byte(b), &m); err != nil {
			panic("merge: " + err.Error() + ": " + b)
		}
		for op, kv := range m {
			if out[op] == nil {
				out[op] = map[string]any{}
			}
			maps.Copy(out[op], kv)
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// parse parses a policy written with the fixture abbreviations.
func parse(t testing.TB, text string) (*policy.Document, []policy.Problem) {
	t.Helper()
	d, problems, err := policy.Parse([]byte(fixtures.Replace(text)))
	if err != nil {
		t.Fatalf("policy.Parse: %v\n%s", err, text)
	}
	return d, problems
}

// mod changes a request.
type mod func(*identity.Request)

// tMain is spec §11's T_main: GitHub token for octo-org/octo-repo main,
// P_GH registered, public internet, RoleSessionName gha-42.
func tMain(mods ...mod) *identity.Request {
	r := &identity.Request{
		RoleARN: roleARN,
		Claims: map[string]any{
			"iss": ghIss, "aud": "sts.amazonaws.com", "sub": mainSub,
			"repository": "octo-org/octo-repo", "ref": "refs/heads/main", "actor": "octocat",
			"repository_id": "456789", "exp": json.Number("1795870800"), "iat": json.Number("1795866900"),
		},
		Context:       map[string]identity.StringList{"sts:RoleSessionName": {"gha-42"}, "aws:SourceIp": {"203.0.113.7"}},
		OIDCProviders: []identity.OIDCProvider{{URL: ghIss, ClientIDs: []string{"sts.amazonaws.com"}}},
		Now:           now,
	}
	for _, m := range mods {
		m(r)
	}
	return r
}

func claim(k string, v any) mod { return func(r *identity.Request) { r.Claims[k] = v } }
func noClaim(k string) mod      { return func(r *identity.Request) { delete(r.Claims, k) } }
func ctxKey(k string, v ...string) mod {
	return func(r *identity.Request) { r.Context[k] = v }
}
func noCtx(k string) mod { return func(r *identity.Request) { delete(r.Context, k) } }
func providers(ps ...identity.OIDCProvider) mod {
	return func(r *identity.Request) { r.OIDCProviders = append([]identity.OIDCProvider{}, ps...) }
}
func sub(s string) mod { return claim("sub", s) }

// decide parses the policy and RCPs and evaluates the request.
func decide(t testing.TB, policyText string, req *identity.Request, rcps ...string) *Result {
	t.Helper()
	d, _ := parse(t, policyText)
	var rcpDocs []*policy.Document
	for _, r := range rcps {
		rd, _ := parse(t, r)
		rcpDocs = append(rcpDocs, rd)
	}
	res, err := Request(d, req, rcpDocs...)
	if err != nil {
		t.Fatalf("Request: %v", err)
	}
	return res
}

// decisionCase is one evaluation with its expected decision.
type decisionCase struct {
	name   string
	policy string
	req    *identity.Request
	rcps   []string
	want   Decision
	// assumption must be named by the result when set; when empty the
	// result must name none of the rules listed in forbid.
	assumption string
	forbid     []string
	// failedAction, when set, is the action the deny is reported for.
	failedAction string
	// problem, when set, is a policy problem code the parser must report
	// (a document IAM refuses at write time).
	problem string
	// byRCP is true when an RCP's Deny must decide.
	byRCP bool
}

func runDecisionCases(t *testing.T, cases []decisionCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := decide(t, tc.policy, tc.req, tc.rcps...)
			if res.Decision != tc.want {
				t.Fatalf("decision = %s, want %s\n%s", res.Decision, tc.want, describe(res))
			}
			checkInvariants(t, res)
			if tc.assumption != "" && !slices.Contains(res.Assumptions, tc.assumption) {
				t.Errorf("assumptions %q do not name %q", res.Assumptions, tc.assumption)
			}
			for _, f := range tc.forbid {
				if slices.Contains(res.Assumptions, f) {
					t.Errorf("assumptions name %q, which this decision does not rely on", f)
				}
			}
			if tc.failedAction != "" && res.FailedAction != tc.failedAction {
				t.Errorf("failed action = %q, want %q", res.FailedAction, tc.failedAction)
			}
			if tc.byRCP != (res.DecidedByRCP != nil) {
				t.Errorf("decided by an RCP = %v, want %v", res.DecidedByRCP != nil, tc.byRCP)
			}
			if tc.problem != "" {
				_, problems := parse(t, tc.policy)
				if !slices.ContainsFunc(problems, func(p policy.Problem) bool { return p.Code == tc.problem }) {
					t.Errorf("policy problems %v do not include %q", problems, tc.problem)
				}
			}
		})
	}
}

// describe summarises a result for failure messages.
func describe(r *Result) string {
	var b strings.Builder
	b.WriteString("error: " + r.Error + "\n")
	for _, c := range r.Checks {
		b.WriteString("check " + c.Name + ": " + c.Detail + "\n")
	}
	for _, s := range r.Statements {
		b.WriteString(s.Loc.Path + " " + string(s.Effect) + ": principal " + s.Principal.Reason + "; skipped " + s.Skipped + "\n")
		for _, a := range s.Actions {
			b.WriteString("  action " + a.Reason + "\n")
		}
		for _, c := range s.Conditions {
			b.WriteString("  condition " + c.Operator + " " + c.Key + ": " + c.Reason + "\n")
		}
	}
	b.WriteString("assumptions: " + strings.Join(r.Assumptions, " | "))
	return b.String()
}
