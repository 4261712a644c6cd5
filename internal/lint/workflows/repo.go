package workflows

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/safefile"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// checkRepo checks an OWNER/REPO argument.
func checkRepo(repo string) error {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" || strings.ContainsAny(name, "/: ") || strings.ContainsAny(owner, ": ") {
		return fmt.Errorf("%q is not OWNER/REPO, for example octo-org/octo-repo", repo)
	}
	return nil
}

// gitRemoteRepo returns the GitHub repository (OWNER/REPO) of the git
// repository dir is in, read from its .git/config (no git binary): the
// remote "origin" when it is on github.com, else the only github.com
// remote. It also says where it was read from.
func gitRemoteRepo(dir string) (repo, from string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if config := gitConfigPath(d); config != "" {
			data, err := safefile.Read(config, 1<<20)
			if err != nil {
				return "", ""
			}
			if repo := githubRemote(data); repo != "" {
				return repo, "the GitHub remote in " + relativePath(config)
			}
			return "", ""
		}
		if filepath.Dir(d) == d {
			return "", ""
		}
	}
}

// gitConfigPath returns the config file of a git repository whose work
// tree is d: d/.git/config, or for a linked work tree (.git is a file
// "gitdir: PATH") the config of its common directory.
func gitConfigPath(d string) string {
	dotGit := filepath.Join(d, ".git")
	st, err := os.Stat(dotGit)
	if err != nil {
		return ""
	}
	if st.IsDir() {
		return filepath.Join(dotGit, "config")
	}
	data, err := safefile.Read(dotGit, 4096)
	if err != nil {
		return ""
	}
	gitdir, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
	if !ok {
		return ""
	}
	gitdir = strings.TrimSpace(gitdir)
	if !filepath.IsAbs(gitdir) {
		gitdir = filepath.Join(d, gitdir)
	}
	if common, err := safefile.Read(filepath.Join(gitdir, "commondir"), 4096); err == nil {
		c := strings.TrimSpace(string(common))
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitdir, c)
		}
		gitdir = c
	}
	return filepath.Join(gitdir, "config")
}

// githubRemote reads the remotes of a git config file and returns the
// OWNER/REPO of origin when it is on github.com, else of the only
// github.com remote.
func githubRemote(config []byte) string {
	remotes := map[string]string{}
	var order []string
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(config))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = ""
			inner := strings.TrimSuffix(strings.TrimPrefix(line, "["), "]")
			if name, ok := strings.CutPrefix(inner, "remote "); ok {
				section = strings.Trim(strings.TrimSpace(name), `"`)
			}
			continue
		}
		if section == "" {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(key), "url") {
			continue
		}
		if repo := githubRepoOfURL(strings.Trim(strings.TrimSpace(value), `"`)); repo != "" {
			if _, seen := remotes[section]; !seen {
				order = append(order, section)
			}
			remotes[section] = repo
		}
	}
	if r, ok := remotes["origin"]; ok {
		return r
	}
	if len(order) == 1 {
		return remotes[order[0]]
	}
	return ""
}

// githubRepoOfURL returns OWNER/REPO of a github.com remote URL
// (https://github.com/O/R(.git), git@github.com:O/R(.git),
// ssh://git@github.com/O/R), or "".
func githubRepoOfURL(url string) string {
	var path string
	switch {
	case strings.HasPrefix(url, "git@github.com:"):
		path = strings.TrimPrefix(url, "git@github.com:")
	default:
		i := strings.Index(url, "://")
		if i < 0 {
			return ""
		}
		rest := url[i+3:]
		host, p, ok := strings.Cut(rest, "/")
		if !ok {
			return ""
		}
		if at := strings.LastIndex(host, "@"); at >= 0 {
			host = host[at+1:]
		}
		if !strings.EqualFold(host, "github.com") && !strings.EqualFold(host, "www.github.com") {
			return ""
		}
		path = p
	}
	path = strings.TrimSuffix(strings.TrimSuffix(path, "/"), ".git")
	if checkRepo(path) != nil {
		return ""
	}
	return path
}

// repository is the repository the workflows run in.
type repository struct {
	full, name string
	// res is its github_repository in one of the plans linted together,
	// and world that plan (nil when no plan declares it).
	res   *tfplan.Resource
	world *model.World
	// from says where it was read from; unknown is set when nothing says.
	from    string
	unknown bool
}

// repository resolves the workflows' repository: --github-repo, the git
// remote, else the single github_repository of the plans linted together
// (w.Worlds: IAM in one root module, GitHub settings in another).
func (s *Source) repository(w *model.World, side tfplan.Side) repository {
	worlds := w.Worlds()
	if s.repo != "" {
		_, name, _ := strings.Cut(s.repo, "/")
		r := repository{full: s.repo, name: name, from: s.repoFrom}
		for _, world := range worlds {
			for _, res := range world.Plan.OfType("github_repository") {
				if n, _ := res.StringAt(side, "name"); strings.EqualFold(n, name) && r.res == nil {
					r.res, r.world = res, world
				}
			}
		}
		return r
	}
	var (
		only  *tfplan.Resource
		owner *model.World
		count int
	)
	for _, world := range worlds {
		for _, res := range world.Plan.OfType("github_repository") {
			only, owner = res, world
			count++
		}
	}
	if count == 1 {
		v := owner.Plan.Value(only, side, "name")
		name, full, res := owner.GitHubRepository(v, side)
		if full == "" && name != "" {
			if o := owner.GitHubOwner(only); o != "" {
				full = o + "/" + name
			}
		}
		if full != "" {
			from := "the plan's only github_repository, "
			if len(worlds) > 1 {
				from = "the only github_repository of the plans, "
			}
			return repository{full: full, name: name, res: res, world: owner, from: from + owner.Addr(only)}
		}
	}
	return repository{unknown: true}
}

// relativePath names a path relative to the working directory when it is
// under it, for messages that do not depend on where the checkout is.
func relativePath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
