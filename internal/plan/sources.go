package plan

// collectCallers reads every caller family.
func (w *world) collectCallers() []*Caller {
	var out []*Caller
	out = append(out, w.serviceAccountCallers()...)
	out = append(out, w.manifestCallers()...)
	out = append(out, w.helmCallers()...)
	out = append(out, w.addonCallers()...)
	out = append(out, w.podIdentityCallers()...)
	out = append(out, w.cognitoCallers()...)
	out = append(out, w.githubCallers()...)
	out = append(out, w.chainCallers()...)
	out = append(out, w.declaredCallers()...)
	return out
}

// sides runs fn for each side on which r exists and stores the result.
func sides(r *Resource, fn func(s Side) *CallerSide) [2]*CallerSide {
	var out [2]*CallerSide
	for _, s := range []Side{Before, After} {
		if r.Exists(s) {
			out[s] = fn(s)
		}
	}
	return out
}
