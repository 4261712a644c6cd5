package evaluate

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// TestActionMatching covers spec §3.
func TestActionMatching(t *testing.T) {
	withTags := claim(tagsClaim, map[string]any{"principal_tags": map[string]any{"team": []any{"platform"}}})
	withSource := claim(sourceClaim, "alice")
	notAction := func(v string) string {
		return doc(`{"Effect":"Allow","Principal":{"Federated":"GHARN"},"NotAction":` + v + `,"Condition":` + base + `}`)
	}
	runDecisionCases(t, []decisionCase{
		{name: "§3 exact action [S8]", policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base)), req: tMain(), want: Allow, forbid: []string{AssumeActionQuestion, AssumeNotActionAccepted}},
		{name: "§3 prefix and name are case-insensitive [S8]", policy: doc(stmt("Allow", `"STS:ASSUMEROLEWITHWEBIDENTITY"`, base)), req: tMain(), want: Allow},
		{name: "§3 * matches every action [S8]", policy: doc(stmt("Allow", `"*"`, base)), req: tMain(), want: Allow},
		{name: "§3 sts:* [S8]", policy: doc(stmt("Allow", `"sts:*"`, base)), req: tMain(), want: Allow},
		{name: "§3 sts:AssumeRole* [S8]", policy: doc(stmt("Allow", `"sts:AssumeRole*"`, base)), req: tMain(), want: Allow},
		{name: "§3 sts:AssumeRole alone does not match [S8]", policy: doc(stmt("Allow", `"sts:AssumeRole"`, base)), req: tMain(), want: ImplicitDeny},
		{name: "§3 a wildcard must cover the whole name [S8]", policy: doc(stmt("Allow", `"sts:Assume*Identity2"`, base)), req: tMain(), want: ImplicitDeny},
		{name: "§3 ? matches one character (UNCONFIRMED) [S8]", policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentit?"`, base)), req: tMain(), want: Allow, assumption: AssumeActionQuestion},
		{name: "§3 ? does not match two characters (UNCONFIRMED) [S8]", policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdent?"`, base)), req: tMain(), want: ImplicitDeny, assumption: AssumeActionQuestion},
		{name: "§3 another service's action [S8]", policy: doc(stmt("Allow", `"iam:AssumeRoleWithWebIdentity"`, base)), req: tMain(), want: ImplicitDeny},
		{name: "§3 action list: any entry [S8]", policy: doc(stmt("Allow", `["sts:AssumeRole","sts:AssumeRoleWithWebIdentity"]`, base)), req: tMain(), want: Allow},
		{name: "§3 NotAction not listing it matches (acceptance UNCONFIRMED) [S9]", policy: notAction(`["sts:AssumeRole","sts:TagSession"]`), req: tMain(), want: Allow, assumption: AssumeNotActionAccepted},
		{name: "§3 NotAction listing it excludes it [S9]", policy: notAction(`"sts:AssumeRoleWithWebIdentity"`), req: tMain(), want: ImplicitDeny},
		{name: "§3 NotAction with a wildcard excludes it [S9]", policy: notAction(`"sts:*"`), req: tMain(), want: ImplicitDeny},
		{name: "§3 Deny with NotAction sts:TagSession applies to AssumeRoleWithWebIdentity [S9][S1]",
			policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base), `{"Effect":"Deny","Principal":{"Federated":"GHARN"},"NotAction":"sts:TagSession"}`), req: tMain(), want: ExplicitDeny},
		{name: "§3 session tags need sts:TagSession [S16]", policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base)), req: tMain(withTags), want: ImplicitDeny, failedAction: identity.ActionTagSession},
		{name: "§3 sts:TagSession may come from another statement [S16][S1]",
			policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base), stmt("Allow", `"sts:TagSession"`, `{"StringEquals":{"aws:RequestTag/team":"platform"}}`)), req: tMain(withTags), want: Allow},
		{name: "§3 sts:TagSession alone does not allow the assume [S16]", policy: doc(stmt("Allow", `"sts:TagSession"`, base)), req: tMain(withTags), want: ImplicitDeny, failedAction: identity.ActionAssumeRoleWithWebIdentity},
		{name: "§3 a Deny on sts:TagSession refuses a tagged request [S16][S1]",
			policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, base), stmt("Deny", `"sts:TagSession"`, "")), req: tMain(withTags), want: ExplicitDeny, failedAction: identity.ActionTagSession},
		{name: "§3 a Deny on sts:TagSession does not touch an untagged request [S16]",
			policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, base), stmt("Deny", `"sts:TagSession"`, "")), req: tMain(), want: Allow},
		{name: "§3 source identity needs sts:SetSourceIdentity [S17]", policy: doc(stmt("Allow", `"sts:AssumeRoleWithWebIdentity"`, base)), req: tMain(withSource), want: ImplicitDeny, failedAction: identity.ActionSetSourceIdentity},
		{name: "§3 sts:* covers all three actions [S8][S16][S17]", policy: doc(stmt("Allow", `"sts:*"`, base)), req: tMain(withTags, withSource), want: Allow},
		{name: "§3 tags and source identity: the first missing action is reported [S16][S17]", policy: doc(stmt("Allow", `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`, base)), req: tMain(withTags, withSource), want: ImplicitDeny, failedAction: identity.ActionSetSourceIdentity},
		{name: "§3 a statement whose Action list is empty never matches [S8]", policy: doc(stmt("Allow", `[]`, base)), req: tMain(), want: ImplicitDeny, problem: "missing-action"},
	})
}
