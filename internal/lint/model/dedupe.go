package model

// Dedupe returns list without repeated texts, keeping the first of each
// in order (notes and reasons gathered from several places). list is not
// changed.
func Dedupe(list []string) []string {
	seen := make(map[string]bool, len(list))
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
