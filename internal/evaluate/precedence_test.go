package evaluate

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// rcp builds a resource control policy with one Deny statement for
// sts:AssumeRoleWithWebIdentity (spec §6.6, [S35]).
func rcp(cond string) string {
	s := `{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity","Resource":"*"`
	if cond != "" {
		s += `,"Condition":` + cond
	}
	return `{"Version":"2012-10-17","Statement":[` + s + `}]}`
}

// rcpFullAccess is the auto-attached RCPFullAWSAccess policy.
const rcpFullAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`

// TestPrecedence covers spec §6: default deny, Allow, explicit Deny, RCPs.
func TestPrecedence(t *testing.T) {
	const awiwi = `"sts:AssumeRoleWithWebIdentity"`
	allow := stmt("Allow", awiwi, base)
	denyAll := stmt("Deny", awiwi, "")
	runDecisionCases(t, []decisionCase{
		{name: "§6.1 no statement applies: implicit deny [S1]", policy: doc(stmt("Allow", awiwi, `{"StringEquals":{"GH:sub":"repo:x/y:ref:refs/heads/main"}}`)), req: tMain(), want: ImplicitDeny},
		{name: "§6.1 an empty Statement list: implicit deny [S1]", policy: `{"Version":"2012-10-17","Statement":[]}`, req: tMain(), want: ImplicitDeny, problem: "no-statements"},
		{name: "§6.1 a matching Allow allows [S1]", policy: doc(allow), req: tMain(), want: Allow},
		{name: "§6.1 Deny after Allow wins [S1]", policy: doc(allow, denyAll), req: tMain(), want: ExplicitDeny},
		{name: "§6.1 Deny before Allow wins [S1]", policy: doc(denyAll, allow), req: tMain(), want: ExplicitDeny},
		{name: "§6.1 a Deny alone is an explicit deny [S1]", policy: doc(denyAll), req: tMain(), want: ExplicitDeny},
		{name: "§6.1 a Deny whose condition is false does not deny [S1]", policy: doc(allow, stmt("Deny", awiwi, `{"StringLike":{"GH:sub":"*:pull_request"}}`)), req: tMain(), want: Allow},
		{name: "§6.1 a Deny for another action does not deny [S1]", policy: doc(allow, stmt("Deny", `"sts:AssumeRole"`, "")), req: tMain(), want: Allow},
		{name: "§6.1 an invalid Effect is left out, not read as Allow [S1]", policy: doc(strings.Replace(allow, `"Allow"`, `"allow"`, 1)), req: tMain(), want: ImplicitDeny, problem: "invalid-effect"},
		{name: "§6.6 an RCP Deny refuses although the trust allows [S35]", policy: doc(allow), req: tMain(), rcps: []string{rcp(`{"StringNotEquals":{"GH:repository_owner_id":"123"}}`)}, want: ExplicitDeny, byRCP: true},
		{name: "§6.6 an RCP Deny whose condition is false does nothing [S35]", policy: doc(allow), req: tMain(claim("repository_owner_id", "123")), rcps: []string{rcp(`{"StringNotEquals":{"GH:repository_owner_id":"123"}}`)}, want: Allow},
		{name: "§6.6 RCPs never grant: RCPFullAWSAccess does not replace the trust's Allow [S35]", policy: doc(stmt("Allow", `"sts:AssumeRole"`, "")), req: tMain(), rcps: []string{rcpFullAccess}, want: ImplicitDeny},
		{name: "§6.6 RCPFullAWSAccess next to the trust's Allow: allow [S35]", policy: doc(allow), req: tMain(), rcps: []string{rcpFullAccess}, want: Allow},
		{name: "§6.6 an RCP with VPC keys: request over the internet is refused [S21][S35]", policy: doc(allow), req: tMain(), rcps: []string{rcp(`{"StringNotEqualsIfExists":{"aws:SourceVpc":"vpc-1"},"Null":{"aws:SourceVpc":"true"}}`)}, want: ExplicitDeny, byRCP: true},
		{name: "§6.6 the second of several RCPs refuses [S35]", policy: doc(allow), req: tMain(), rcps: []string{rcpFullAccess, rcp(`{"StringNotLike":{"GH:sub":"repo:octo-org/*"}}`), rcp(`{"StringLike":{"GH:sub":"repo:octo-org/*"}}`)}, want: ExplicitDeny, byRCP: true},
		{name: "§6.6 an RCP Deny on sts:TagSession refuses a tagged request [S35][S16]", policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, base)),
			req:  tMain(claim(tagsClaim, map[string]any{"principal_tags": map[string]any{"team": []any{"x"}}})),
			rcps: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sts:TagSession","Resource":"*"}]}`}, want: ExplicitDeny, byRCP: true, failedAction: identity.ActionTagSession},
		{name: "§6.6 a trust Deny is reported before an RCP Deny [S1][S35]", policy: doc(allow, denyAll), req: tMain(), rcps: []string{rcp("")}, want: ExplicitDeny},
		{name: "§6.6 an RCP Deny does not turn an implicit deny into an allow [S35]", policy: doc(stmt("Allow", awiwi, `{"StringEquals":{"GH:sub":"nope"}}`)), req: tMain(), rcps: []string{rcp(`{"StringEquals":{"GH:sub":"nope"}}`)}, want: ImplicitDeny},
		{name: "§6.6 an Allow that relies on an RCP Deny not applying names that Deny's assumptions [S35][S4]", policy: doc(allow), req: tMain(),
			rcps: []string{rcp(`{"ForAnyValue:StringNotEquals":{"GH:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}`)}, want: Allow, assumption: condition.AssumeNegatedUnderSet},
	})
}

// TestRCPDecidedBy checks which RCP and statement decided (spec §6.6).
func TestRCPDecidedBy(t *testing.T) {
	res := decide(t, doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base)), tMain(), rcpFullAccess, rcp(""))
	if res.Decision != ExplicitDeny || res.DecidedByRCP == nil || *res.DecidedByRCP != 1 || res.DecidedBy.Index != 0 {
		t.Fatalf("§6.6 want explicit deny by RCP 1 statement 0, got %s rcp=%v by=%+v", res.Decision, res.DecidedByRCP, res.DecidedBy)
	}
	if len(res.RCPStatements) != 1 || res.RCPStatements[0].Effect != policy.Deny {
		t.Fatalf("§6.6 RCPStatements = %+v", res.RCPStatements)
	}
}

// TestSCPAndBoundaryAreNotInputs: spec §6.4/§6.5 and worked examples #75,
// #77: SCPs, permissions boundaries, session and identity policies do not
// take part in the AssumeRoleWithWebIdentity decision, so the evaluator
// has no input for them.
func TestSCPAndBoundaryAreNotInputs(t *testing.T) {
	typ := reflect.TypeOf(Input{})
	for i := 0; i < typ.NumField(); i++ {
		name := strings.ToLower(typ.Field(i).Name)
		for _, banned := range []string{"scp", "boundary", "session", "identitypolic"} {
			if strings.Contains(name, banned) {
				t.Errorf("§6 Input has field %s; %s policies must not affect the decision [S1][S34]", typ.Field(i).Name, banned)
			}
		}
	}
}

// TestNilPolicy: evaluating without a document is an implicit deny, not a
// panic.
func TestNilPolicy(t *testing.T) {
	req := tMain()
	res, err := req.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(Input{Request: res, Claims: req.Claims})
	if r.Decision != ImplicitDeny {
		t.Fatalf("nil policy: %s", r.Decision)
	}
}
