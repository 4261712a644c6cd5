package adversarial

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// forbiddenForms are the forms in which a linter message could carry a
// value: as it is, with ':' written %3A (GitHub subjects), Go-quoted and
// JSON-escaped (each of those), ASCII-folded.
func forbiddenForms(v string) []string {
	var out []string
	for _, b := range []string{v, strings.ReplaceAll(v, ":", "%3A"), strings.ToLower(v), strings.ToUpper(v)} {
		q := strconv.Quote(b)
		j, _ := json.Marshal(b)
		jq, _ := json.Marshal(q)
		out = append(out, b, q[1:len(q)-1], string(j[1:len(j)-1]), string(jq[1:len(jq)-1]))
	}
	return out
}

// sensitiveEnvPlan: a GitHub environment variable whose environment is
// marked sensitive names a role whose trust admits another environment,
// so lint reports STSG101 and explains the difference (the subject is
// built from the sensitive environment and quoted in the message).
func sensitiveEnvPlan(env string) []byte {
	caller := ghEnvVar("deploy", "app", env, roleARN("ci"))
	caller.sensBefore = map[string]any{"environment": true}
	caller.sensAfter = map[string]any{"environment": true}
	return plan{resources: []resource{ghProvider(), role("ci", ghTrust("repo:octo-org/app:environment:other")), caller}}.json()
}

// TestSensitiveValuesNeverPrinted (issue 16 point 2): a sensitive value
// transformed before printing (':' as %3A in a subject, '"' and '\'
// escaped, a value shorter than six characters) is in no output format,
// in no form; the finding is still reported and says a value was
// withheld.
func TestSensitiveValuesNeverPrinted(t *testing.T) {
	for _, tc := range []struct {
		name, env string
		// forbidden are substrings no output may contain; nil means
		// every form of env.
		forbidden []string
	}{
		{"colon, written %3A in the subject", "prod:eu-west-1", nil},
		{"quote and backslash, escaped by %q and JSON", `pr"od\eu`, nil},
		{"control character", "prod\x1b[8mhidden", []string{"prod", "hidden", `\x1b[8m`, `\u001b[8m`}},
		{"short value", "qa", []string{":qa", `"qa"`, `\"qa\"`, "QA", "environment:qa"}},
		{"one character", "x", []string{"environment:x", `"x"`, `\"x\"`}},
		{"non-ASCII", "prød", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forbidden := tc.forbidden
			if forbidden == nil {
				forbidden = forbiddenForms(tc.env)
			}
			for _, format := range allFormats {
				stdout, stderr, code := lint(t, sensitiveEnvPlan(tc.env), format)
				if code != 1 || !strings.Contains(stdout, "STSG101") {
					t.Fatalf("%s: exit %d, want 1 with STSG101:\n%s%s", format, code, stdout, stderr)
				}
				for _, f := range forbidden {
					if strings.Contains(stdout+stderr, f) {
						t.Errorf("%s output contains %q (a form of the sensitive %q):\n%s", format, f, tc.env, stdout)
					}
				}
				if format != "dot" && !strings.Contains(stdout, "(sensitive value)") {
					t.Errorf("%s output does not say a value was withheld:\n%s", format, stdout)
				}
			}
		})
	}
}

// TestShortSensitiveValueInAnAddress: a short sensitive environment is
// removed from the subject and the fix, but the caller's address, which
// holds the same letters, stays readable (an address holds no sensitive
// value: Terraform refuses them in for_each keys).
func TestShortSensitiveValueInAnAddress(t *testing.T) {
	caller := ghEnvVar("qa", "app", "qa", roleARN("ci"))
	caller.sensBefore = map[string]any{"environment": true}
	caller.sensAfter = map[string]any{"environment": true}
	p := plan{resources: []resource{ghProvider(), role("ci", ghTrust("repo:octo-org/app:environment:other")), caller}}.json()
	for _, format := range allFormats {
		stdout, _, code := lint(t, p, format)
		if code != 1 || !strings.Contains(stdout, "github_actions_environment_variable.qa") {
			t.Errorf("%s: exit %d, want 1 naming github_actions_environment_variable.qa:\n%s", format, code, stdout)
		}
		for _, f := range []string{"environment:qa", `"qa"`, `\"qa\"`} {
			if strings.Contains(stdout, f) {
				t.Errorf("%s output contains %q:\n%s", format, f, stdout)
			}
		}
	}
}
