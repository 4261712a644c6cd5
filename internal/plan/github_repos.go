package plan

import "strings"

// githubRepository resolves a repository argument: the repository name,
// its full name when the plan knows it, and the github_repository it
// refers to.
func (w *world) githubRepository(v Value, s Side) (name, fullName string, res *Resource) {
	for _, ref := range v.Refs {
		if ref.Resource.Type == "github_repository" {
			res = ref.Resource
		}
	}
	if res == nil && v.Known {
		if w.repoByName[s] == nil {
			w.repoByName[s] = map[string]*Resource{}
			for _, r := range w.p.OfType("github_repository") {
				if n, ok := r.str(s, "name"); ok {
					w.repoByName[s][n] = r
				}
			}
		}
		res = w.repoByName[s][v.S]
	}
	switch {
	case v.Known:
		name = v.S
	case res != nil:
		name, _ = res.str(s, "name")
		if res.unknownAt(s, "name") {
			name = ""
		}
	}
	if owner, repo, ok := strings.Cut(name, "/"); ok {
		return repo, owner + "/" + repo, res
	}
	if res != nil && !res.unknownAt(s, "full_name") {
		if fn, ok := res.str(s, "full_name"); ok && fn != "" && strings.HasSuffix(fn, "/"+name) {
			fullName = fn
		}
	}
	if fullName == "" && res != nil {
		// A rename makes full_name unknown; the owner stays.
		for _, side := range []Side{Before, After} {
			if fn, ok := res.str(side, "full_name"); ok && fn != "" && !res.unknownAt(side, "full_name") {
				if owner, _, ok := strings.Cut(fn, "/"); ok {
					fullName = owner + "/" + name
					break
				}
			}
		}
	}
	return name, fullName, res
}

// githubFullName returns OWNER/NAME of a github_repository on a side,
// when full_name is known only after apply (a rename): the owner stays.
func (w *world) githubFullName(r *Resource, s Side) (string, bool) {
	if fn, ok := r.str(s, "full_name"); ok && fn != "" && !r.unknownAt(s, "full_name") {
		return fn, true
	}
	name, ok := r.str(s, "name")
	if !ok || name == "" || r.unknownAt(s, "name") {
		return "", false
	}
	owner := w.githubOwner(r)
	if fn, ok := r.str(Before, "full_name"); ok && owner == "" {
		owner, _, _ = strings.Cut(fn, "/")
	}
	if owner == "" {
		return "", false
	}
	return owner + "/" + name, true
}

// githubOwner reads the owner argument of the github provider block.
func (w *world) githubOwner(r *Resource) string {
	e := w.p.providerExpr(r, "owner")
	if e == nil {
		return ""
	}
	v := w.p.followExpr(r, e)
	if len(v.Consts) > 0 {
		return v.Consts[0]
	}
	return ""
}
