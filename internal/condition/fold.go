package condition

import "github.com/stsguard/terraform-provider-stsguard/internal/names"

// AssumeIgnoreCaseASCII is recorded when a StringEqualsIgnoreCase or
// StringNotEqualsIgnoreCase comparison would come out differently under
// Unicode case folding than under the ASCII folding stsguard applies
// (names.AssumeIgnoreCaseASCII).
const AssumeIgnoreCaseASCII = names.AssumeIgnoreCaseASCII

// appendFoldAssumption appends AssumeIgnoreCaseASCII to list when base is
// an IgnoreCase operator and some request value compares with some policy
// value differently under Unicode folding than under ASCII folding: the
// decision then rests on the choice of ASCII folding.
func appendFoldAssumption(list []string, base Base, request []string, policy []PolicyValue) []string {
	if base != StringEqualsIgnoreCase && base != StringNotEqualsIgnoreCase {
		return list
	}
	for _, r := range request {
		for _, p := range policy {
			if !p.Null && names.NonASCIIFoldDiffers(r, p.literal()) {
				return append(list, AssumeIgnoreCaseASCII)
			}
		}
	}
	return list
}
