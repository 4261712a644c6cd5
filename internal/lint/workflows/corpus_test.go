package workflows_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/workflows"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// sourcesCorpus holds real workflow files and manifests with labels
// written by reading them: testdata/corpus-sources/README.md.
var sourcesCorpus = filepath.Join("..", "..", "..", "testdata", "corpus-sources")

type corpusSubject struct {
	Sub   string `json:"sub"`
	Exact bool   `json:"exact"`
	From  string `json:"from"`
}

type corpusCaller struct {
	File       string          `json:"file"`
	Job        string          `json:"job"`
	Step       int             `json:"step"`
	CalledBy   string          `json:"called_by"`
	Role       string          `json:"role"`
	Resolvable bool            `json:"resolvable"`
	Audience   string          `json:"audience"`
	IDToken    bool            `json:"id_token"`
	Subjects   []corpusSubject `json:"subjects"`
}

type corpusRepo struct {
	Repository    string         `json:"repository"`
	DefaultBranch string         `json:"default_branch"`
	Callers       []corpusCaller `json:"callers"`
}

func loadWorkflowLabels(t *testing.T) []corpusRepo {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sourcesCorpus, "expectations.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels struct {
		Workflows []corpusRepo `json:"workflows"`
	}
	if err := json.Unmarshal(data, &labels); err != nil {
		t.Fatal(err)
	}
	return labels.Workflows
}

var secretRole = regexp.MustCompile(`^\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$`)

// corpusRoleARN is the ARN the labelled role-to-assume stands for in the
// synthetic plan: a literal as written, a secret a role named after it;
// the secret's name ("" for a literal).
func corpusRoleARN(c corpusCaller) (arn, secret string) {
	if m := secretRole.FindStringSubmatch(c.Role); m != nil {
		return "arn:aws:iam::" + account + ":role/" + strings.ToLower(strings.ReplaceAll(m[1], "_", "-")), m[1]
	}
	return c.Role, ""
}

// matches says whether the linter's caller name is the labelled caller
// (its file, job, step among steps, and calling job).
func (c corpusCaller) matches(repoDir, caller string, steps int) bool {
	want := filepath.ToSlash(filepath.Join(repoDir, c.File)) + " job " + c.Job
	if steps > 1 {
		want += fmt.Sprintf(" step %d", c.Step)
	}
	if !strings.HasPrefix(filepath.ToSlash(caller), want) {
		return false
	}
	rest := strings.TrimPrefix(filepath.ToSlash(caller), want)
	if c.CalledBy == "" {
		return !strings.Contains(rest, "called by")
	}
	_, by, _ := strings.Cut(c.CalledBy, " job ")
	return strings.Contains(rest, "called by ") && strings.HasSuffix(rest, " job "+by+")")
}

// globMatch says whether an IAM StringLike pattern matches s.
func globMatch(pattern, s string) bool {
	re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pattern)) + "$"
	return regexp.MustCompile(re).MatchString(s)
}

// corpusPlan is the synthetic plan of one repository: its
// github_repository, the secrets the labels name (each holding a role
// ARN), GitHub's OIDC provider in every account, and one role per
// resolvable role ARN trusting the labelled subjects (minus drop) with
// the labelled audiences.
func corpusPlan(t *testing.T, r corpusRepo, drop string) (*tfplan.Plan, map[string]string) {
	t.Helper()
	_, name, _ := strings.Cut(r.Repository, "/")
	res := map[string]map[string]any{
		"github_repository.repo": {"name": name, "full_name": r.Repository, "default_branch": r.DefaultBranch},
	}
	subs := map[string][]string{}
	auds := map[string][]string{}
	var order []string
	for _, c := range r.Callers {
		if !c.Resolvable {
			continue
		}
		arn, secret := corpusRoleARN(c)
		if secret != "" {
			res["github_actions_secret."+strings.ToLower(secret)] = map[string]any{"repository": name, "secret_name": secret, "plaintext_value": arn}
		}
		if _, ok := subs[arn]; !ok {
			order = append(order, arn)
		}
		for _, s := range c.Subjects {
			if s.Sub != drop && !slices.Contains(subs[arn], s.Sub) {
				subs[arn] = append(subs[arn], s.Sub)
			}
		}
		if !slices.Contains(auds[arn], c.Audience) {
			auds[arn] = append(auds[arn], c.Audience)
		}
	}
	addrs := map[string]string{}
	for i, arn := range order {
		if len(subs[arn]) == 0 {
			subs[arn] = []string{"repo:nobody/nothing:ref:refs/heads/none"}
		}
		acct := strings.Split(arn, ":")[4]
		prov := "arn:aws:iam::" + acct + ":oidc-provider/" + gh
		res["aws_iam_openid_connect_provider.gh_"+acct] = map[string]any{"arn": prov, "url": "https://" + gh, "client_id_list": auds[arn], "thumbprint_list": []string{}}
		doc, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": map[string]any{"Federated": prov},
			"Condition": map[string]any{"StringEquals": map[string]any{gh + ":aud": auds[arn]}, "StringLike": map[string]any{gh + ":sub": subs[arn]}},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		addr := fmt.Sprintf("aws_iam_role.r%d", i)
		roleName := arn[strings.LastIndex(arn, "/")+1:]
		res[addr] = map[string]any{"name": roleName, "arn": arn, "path": "/", "assume_role_policy": string(doc)}
		addrs[arn] = addr
	}
	return plan(t, res), addrs
}

// TestSourcesCorpus loads every real workflow file of the corpus and
// holds the linter to the labels: no file refused by the parser, every
// resolvable caller found and allowed by a trust built from exactly its
// labelled subjects and audience, no finding on a file but STSG900 on
// the callers labelled unresolvable and STSG107 exactly on the jobs
// labelled without id-token: write; then, for every exact subject no
// other labelled subject of the role covers, a trust without it refuses
// the caller labelled with it.
func TestSourcesCorpus(t *testing.T) {
	var files, jobs, subjects, agree, refused int
	for _, r := range loadWorkflowLabels(t) {
		owner, name, _ := strings.Cut(r.Repository, "/")
		repoDir := filepath.Join(sourcesCorpus, "workflows", owner+"__"+name)
		t.Run(r.Repository, func(t *testing.T) {
			src, err := workflows.Load(workflows.Options{Dirs: []string{repoDir}, Repository: r.Repository})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range src.Problems() {
				t.Errorf("file refused: %+v", p)
			}
			n, _ := filepath.Glob(filepath.Join(repoDir, ".github", "workflows", "*"))
			files += len(n)
			steps := map[string]int{}
			for _, c := range r.Callers {
				k := c.File + " " + c.Job + " " + c.CalledBy
				steps[k] = max(steps[k], c.Step)
				jobs++
				subjects += len(c.Subjects)
			}
			p, _ := corpusPlan(t, r, "")
			rep := lint.AnalyzeWith(p, lint.Options{Sources: []callers.Source{src}})
			for _, c := range r.Callers {
				ns := steps[c.File+" "+c.Job+" "+c.CalledBy]
				var found int
				for _, pr := range rep.Pairs {
					if !c.matches(repoDir, pr.Caller, ns) {
						continue
					}
					found++
					if !c.Resolvable {
						t.Errorf("%s job %s: labelled unresolvable, paired with %s (%s)", c.File, c.Job, pr.Role, pr.After)
					} else if pr.Before != "allow" || pr.After != "allow" {
						t.Errorf("%s job %s: exact trust, lint says %s/%s: %s", c.File, c.Job, pr.Before, pr.After, strings.Join(pr.Notes, "; "))
					}
				}
				if c.Resolvable && found == 0 {
					t.Errorf("%s job %s (%s): no pair; pairs: %s", c.File, c.Job, c.CalledBy, describe(rep))
				}
				var undecided, noToken bool
				for _, f := range rep.Findings {
					if f.File == "" || !c.matches(repoDir, f.Caller, ns) {
						continue
					}
					switch {
					case f.Rule == lint.RuleUnknown && !c.Resolvable:
						undecided = true
					case f.Rule == lint.RuleNoToken && !c.IDToken:
						noToken = true
					default:
						t.Errorf("%s job %s: unexpected %s: %s", c.File, c.Job, f.Rule, f.Message)
					}
				}
				if !c.Resolvable && !undecided {
					t.Errorf("%s job %s: labelled unresolvable, no %s", c.File, c.Job, lint.RuleUnknown)
				}
				if !c.IDToken && !noToken {
					t.Errorf("%s job %s: labelled without id-token: write, no %s", c.File, c.Job, lint.RuleNoToken)
				}
				if found > 0 || !c.Resolvable {
					agree++
				}
			}
			for _, f := range rep.Findings {
				if f.File != "" && !slices.ContainsFunc(r.Callers, func(c corpusCaller) bool {
					return c.matches(repoDir, f.Caller, steps[c.File+" "+c.Job+" "+c.CalledBy])
				}) {
					t.Errorf("finding on an unlabelled caller: %s %s: %s", f.Rule, f.Caller, f.Message)
				}
			}
			refused += refusals(t, r, src, repoDir, steps)
		})
	}
	t.Logf("workflow corpus: %d files, %d labelled callers, %d labelled subjects, %d callers as labelled, %d refusals checked (a trust without one labelled subject)", files, jobs, subjects, agree, refused)
	if refused == 0 {
		t.Error("no refusal checked")
	}
}

// refusals drops, one at a time, every exact subject that no other
// labelled subject of its role covers, and wants each caller labelled
// with it refused (STSG101).
func refusals(t *testing.T, r corpusRepo, src *workflows.Source, repoDir string, steps map[string]int) int {
	t.Helper()
	bySub := map[string][]corpusCaller{}
	roleSubs := map[string][]string{}
	for _, c := range r.Callers {
		if !c.Resolvable {
			continue
		}
		arn, _ := corpusRoleARN(c)
		for _, s := range c.Subjects {
			roleSubs[arn] = append(roleSubs[arn], s.Sub)
		}
	}
	for _, c := range r.Callers {
		if !c.Resolvable {
			continue
		}
		arn, _ := corpusRoleARN(c)
		for _, s := range c.Subjects {
			covered := !s.Exact || slices.ContainsFunc(roleSubs[arn], func(o string) bool { return o != s.Sub && globMatch(o, s.Sub) })
			if !covered {
				bySub[s.Sub] = append(bySub[s.Sub], c)
			}
		}
	}
	var checked int
	for _, sub := range tfplan.SortedKeys(bySub) {
		p, _ := corpusPlan(t, r, sub)
		rep := lint.AnalyzeWith(p, lint.Options{Sources: []callers.Source{src}})
		for _, c := range bySub[sub] {
			checked++
			ns := steps[c.File+" "+c.Job+" "+c.CalledBy]
			if !slices.ContainsFunc(rep.Findings, func(f lint.Finding) bool {
				return f.Rule == lint.RuleRefused && c.matches(repoDir, f.Caller, ns) && strings.Contains(f.Message, sub)
			}) {
				t.Errorf("trust without %s: %s job %s not refused: %s", sub, c.File, c.Job, describe(rep))
			}
		}
	}
	return checked
}
