package workflows

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/safefile"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// notChecked ends the message of a file that is skipped.
const notChecked = "; its jobs are not checked"

// maxWorkflowSize bounds a workflow file (GitHub refuses far smaller ones).
const maxWorkflowSize = 4 << 20

// Options are what Load reads.
type Options struct {
	// Dirs are the --workflows directories: a repository checkout (its
	// .github/workflows is read) or a directory of workflow files.
	Dirs []string
	// Repository is --github-repo OWNER/REPO ("" to find it, see
	// repo.go).
	Repository string
}

// Source is the caller source of the workflow files of Options.Dirs.
type Source struct {
	files    []*file
	problems []callers.Problem
	// repo is Options.Repository or the GitHub remote of the first
	// directory's git repository ("" when neither says).
	repo, repoFrom string
	// byPath finds a file by its path in the repository
	// (.github/workflows/NAME), for reusable workflows called with ./.
	byPath map[string]*file
	// calledBy lists, per called file, the jobs that call it.
	calledBy map[*file][]jobRef
	// read are the plan's GitHub variables and secrets the jobs read
	// their role from (see Supersedes).
	read []*tfplan.Resource
}

// file is one parsed workflow.
type file struct {
	path    string // as given: DIR/NAME
	repoRel string // .github/workflows/NAME
	wf      *actionlint.Workflow
}

// jobRef is a job of a file.
type jobRef struct {
	f   *file
	job *actionlint.Job
}

// Name implements callers.Source.
func (*Source) Name() string { return "GitHub workflow files" }

// Problems implements callers.ProblemReporter: workflow files that do not
// parse (when others do) and steps whose role cannot be resolved.
func (s *Source) Problems() []callers.Problem { return s.problems }

// Supersedes implements callers.Superseder: the plan's GitHub Actions
// variables and secrets that the workflows read their role from are
// callers through the jobs that read them, not on a guessed branch.
func (s *Source) Supersedes() []*tfplan.Resource { return s.read }

// Load reads and parses the workflow files of the directories. An
// unreadable directory is an error naming it; a file that does not parse
// is a problem (an STSG900 finding) unless no file of the directories
// parses, then it is an error naming file:line:column.
func Load(opts Options) (*Source, error) {
	s := &Source{repo: opts.Repository, byPath: map[string]*file{}, calledBy: map[*file][]jobRef{}}
	if s.repo != "" {
		if err := checkRepo(s.repo); err != nil {
			return nil, fmt.Errorf("--github-repo: %v", err)
		}
		s.repoFrom = "--github-repo"
	}
	var broken []callers.Problem
	for _, dir := range opts.Dirs {
		paths, err := workflowFiles(dir)
		if err != nil {
			return nil, err
		}
		if s.repo == "" {
			if repo, from := gitRemoteRepo(dir); repo != "" {
				s.repo, s.repoFrom = repo, from
			}
		}
		for _, p := range paths {
			f, pb := parseFile(p)
			if pb != nil {
				broken = append(broken, *pb)
				continue
			}
			s.files = append(s.files, f)
			if _, dup := s.byPath[f.repoRel]; !dup {
				s.byPath[f.repoRel] = f
			}
		}
	}
	if len(s.files) == 0 && len(broken) > 0 {
		pb := broken[0]
		pb.Message = strings.TrimSuffix(pb.Message, notChecked) + " (no other workflow file to check); fix it, GitHub refuses it too"
		return nil, errors.New("--workflows: " + pb.String())
	}
	s.problems = append(s.problems, broken...)
	s.linkCalls()
	return s, nil
}

// workflowFiles lists the .yml and .yaml files GitHub would run from dir:
// dir/.github/workflows when it exists, else dir itself (GitHub reads no
// subdirectory).
func workflowFiles(dir string) ([]string, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("--workflows %s: %v", dir, describe(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("--workflows %s: not a directory; give the repository checkout or its .github/workflows directory", dir)
	}
	base := dir
	if st, err := os.Stat(filepath.Join(dir, ".github", "workflows")); err == nil && st.IsDir() {
		base = filepath.Join(dir, ".github", "workflows")
	}
	entries, err := os.ReadDir(base)
	if err != nil {
		return nil, fmt.Errorf("--workflows %s: %v", base, describe(err))
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")) {
			continue
		}
		out = append(out, filepath.Join(base, name))
	}
	sort.Strings(out)
	return out, nil
}

func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// parseFile reads and parses one workflow; a file that cannot be read or
// does not parse is a problem at its first error.
func parseFile(path string) (*file, *callers.Problem) {
	data, err := safefile.Read(path, maxWorkflowSize)
	if err != nil {
		return nil, &callers.Problem{File: path, Message: err.Error() + notChecked, Fix: "make the file a regular workflow file inside the directory"}
	}
	wf, errs, err := parse(data)
	if err != nil {
		return nil, &callers.Problem{File: path, Message: err.Error() + notChecked, Fix: "report this file to stsguard; check it with actionlint"}
	}
	if len(errs) > 0 || wf == nil {
		pb := &callers.Problem{File: path, Message: "the workflow does not parse" + notChecked,
			Fix: "fix the workflow (GitHub refuses it too): run actionlint on it"}
		if len(errs) > 0 {
			pb.Line, pb.Column = errs[0].Line, errs[0].Column
			pb.Message = fmt.Sprintf("the workflow does not parse: %s%s", errs[0].Message, notChecked)
		}
		return nil, pb
	}
	return &file{path: path, repoRel: ".github/workflows/" + filepath.Base(path), wf: wf}, nil
}

// linkCalls records, for each workflow called with uses: ./PATH, the jobs
// that call it.
func (s *Source) linkCalls() {
	for _, f := range s.files {
		for _, job := range sortedJobs(f.wf) {
			if called := s.localCall(job); called != nil {
				s.calledBy[called] = append(s.calledBy[called], jobRef{f, job})
			}
		}
	}
}

// localCall returns the file a job calls with uses: ./.github/workflows/X
// when it is among the files read.
func (s *Source) localCall(job *actionlint.Job) *file {
	if job.WorkflowCall == nil || job.WorkflowCall.Uses == nil {
		return nil
	}
	uses := job.WorkflowCall.Uses.Value
	if !strings.HasPrefix(uses, "./") {
		return nil
	}
	return s.byPath[strings.TrimPrefix(uses, "./")]
}

// sortedJobs returns a workflow's jobs in file order.
func sortedJobs(wf *actionlint.Workflow) []*actionlint.Job {
	jobs := make([]*actionlint.Job, 0, len(wf.Jobs))
	for _, j := range wf.Jobs {
		jobs = append(jobs, j)
	}
	sort.Slice(jobs, func(a, b int) bool {
		pa, pb := jobs[a].Pos, jobs[b].Pos
		if pa == nil || pb == nil {
			return jobs[a].ID.Value < jobs[b].ID.Value
		}
		return pa.IsBefore(pb)
	})
	return jobs
}

// parse runs the workflow parser, turning a panic on hostile input into
// an error: the files come from the checkout under review.
func parse(data []byte) (wf *actionlint.Workflow, errs []*actionlint.Error, err error) {
	defer func() {
		if r := recover(); r != nil {
			wf, errs, err = nil, nil, fmt.Errorf("the workflow parser failed on this file (%v)", r)
		}
	}()
	wf, errs = actionlint.Parse(data)
	return wf, errs, nil
}

// Empty reports whether no workflow file was found (parsed or not), so
// that a --workflows directory holding none can be reported.
func (s *Source) Empty() bool { return len(s.files) == 0 && len(s.problems) == 0 }
