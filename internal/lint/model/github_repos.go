package model

import (
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// GitHubRepository resolves a repository argument: the repository name,
// its full name when the plan knows it, and the github_repository it
// refers to.
func (w *World) GitHubRepository(v tfplan.Value, s tfplan.Side) (name, fullName string, res *tfplan.Resource) {
	for _, ref := range v.Refs {
		if ref.Resource.Type == "github_repository" {
			res = ref.Resource
		}
	}
	if res == nil && v.Known {
		if w.repoByName[s] == nil {
			w.repoByName[s] = map[string]*tfplan.Resource{}
			for _, r := range w.Plan.OfType("github_repository") {
				if n, ok := r.StringAt(s, "name"); ok {
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
		name, _ = res.StringAt(s, "name")
		if res.UnknownAt(s, "name") {
			name = ""
		}
	}
	if owner, repo, ok := strings.Cut(name, "/"); ok {
		return repo, owner + "/" + repo, res
	}
	if res != nil && !res.UnknownAt(s, "full_name") {
		if fn, ok := res.StringAt(s, "full_name"); ok && fn != "" && strings.HasSuffix(fn, "/"+name) {
			fullName = fn
		}
	}
	if fullName == "" && res != nil {
		// A rename makes full_name unknown; the owner stays.
		for _, side := range []tfplan.Side{tfplan.Before, tfplan.After} {
			if fn, ok := res.StringAt(side, "full_name"); ok && fn != "" && !res.UnknownAt(side, "full_name") {
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
func (w *World) githubFullName(r *tfplan.Resource, s tfplan.Side) (string, bool) {
	if fn, ok := r.StringAt(s, "full_name"); ok && fn != "" && !r.UnknownAt(s, "full_name") {
		return fn, true
	}
	name, ok := r.StringAt(s, "name")
	if !ok || name == "" || r.UnknownAt(s, "name") {
		return "", false
	}
	owner := w.GitHubOwner(r)
	if fn, ok := r.StringAt(tfplan.Before, "full_name"); ok && owner == "" {
		owner, _, _ = strings.Cut(fn, "/")
	}
	if owner == "" {
		return "", false
	}
	return owner + "/" + name, true
}

// GitHubOwner reads the owner argument of the github provider block.
func (w *World) GitHubOwner(r *tfplan.Resource) string {
	e := w.Plan.ProviderExpr(r, "owner")
	if e == nil {
		return ""
	}
	v := w.Plan.FollowExpr(r, e)
	if len(v.Consts) > 0 {
		return v.Consts[0]
	}
	return ""
}
