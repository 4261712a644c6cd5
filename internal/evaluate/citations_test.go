package evaluate

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// guideAnchors returns the GitHub-style heading anchors of the shipped AWS
// reference guide, which sources and assumptions cite.
func guideAnchors(t *testing.T) map[string]bool {
	t.Helper()
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
	return anchors
}

const guidePrefix = "docs/guides/aws-reference.md#"

// TestAssumptionsCiteTheGuide: every assumption text is "ID: text
// (docs/guides/aws-reference.md#ID)", and the guide has a heading for the
// id, so a reader of `assumptions` can look the choice up.
func TestAssumptionsCiteTheGuide(t *testing.T) {
	anchors := guideAnchors(t)
	for _, a := range []string{
		AssumeCheckOrder, AssumeExactIssuer, AssumeNotBefore, AssumeAWSWildcardNoWebIdentity, AssumeAudRequired,
		AssumePrincipalCase, AssumeExtraActionError, AssumeNotActionAccepted, AssumeActionQuestion,
		identity.AssumeAzpAsAudience, identity.AssumeAudArray, identity.AssumeEmailKey,
		identity.AssumeAmrMulti, identity.AssumeKeyPresence, identity.AssumeSessionTagFirstValue,
		condition.AssumeMultiValueNoSet, condition.AssumeNegatedUnderSet, condition.AssumeNullEmptyString,
		condition.AssumeOperatorCaseExact, condition.AssumeEmptyPolicyList, condition.AssumeEmptyValueList,
		condition.AssumeForAnyValueIfExists, condition.AssumeUnparsableValue, condition.AssumeNullValueNotBoolean,
		condition.AssumeVariableSyntax, condition.AssumeMultiValueVariable, condition.AssumeIPv4MappedIPv6,
		condition.AssumeIPPrefixHostBits, condition.AssumeNumericFormat, condition.AssumeDateFormat,
		condition.AssumeBoolFormat, condition.AssumeIgnoreCaseASCII,
	} {
		id := condition.AssumptionID(a)
		switch {
		case id == "" || !strings.HasSuffix(a, " ("+guidePrefix+id+")"):
			t.Errorf("assumption %q is not \"ID: text (%sID)\"", a, guidePrefix)
		case !anchors[id]:
			t.Errorf("assumption %q cites #%s, which is not a heading of docs/guides/aws-reference.md", a, id)
		}
	}
}

// TestCheckSourcesCite: every token check's source is AWS documentation
// URLs and/or existing sections of the guide, separated by " ; ".
func TestCheckSourcesCite(t *testing.T) {
	anchors := guideAnchors(t)
	for _, c := range tokenChecks {
		for _, part := range strings.Split(c.source, " ; ") {
			if anchor, ok := strings.CutPrefix(part, guidePrefix); ok {
				if !anchors[anchor] {
					t.Errorf("check %s: source cites #%s, which is not a heading of the guide", c.name, anchor)
				}
			} else if !strings.HasPrefix(part, "https://") {
				t.Errorf("check %s: source part %q is neither a URL nor %sANCHOR", c.name, part, guidePrefix)
			}
		}
	}
}
