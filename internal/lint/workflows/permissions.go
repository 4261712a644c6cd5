package workflows

import (
	"fmt"
	"strings"

	"github.com/rhysd/actionlint"
)

// grant is what a permissions block says about id-token.
type grant struct {
	set   bool // a permissions block is there
	write bool // it grants id-token: write
	where string
}

// idTokenGrant reads a permissions block (nil: none). write-all grants
// every scope; a block that lists scopes sets every scope it does not
// list to none
// (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions).
func idTokenGrant(p *actionlint.Permissions, where string) grant {
	if p == nil {
		return grant{}
	}
	g := grant{set: true, where: where}
	if p.Pos != nil {
		g.where = fmt.Sprintf("%s (line %d)", where, p.Pos.Line)
	}
	if p.All != nil {
		g.write = strings.TrimSpace(p.All.Value) == "write-all"
		return g
	}
	if sc := p.Scopes["id-token"]; sc != nil && sc.Value != nil {
		g.write = strings.TrimSpace(sc.Value.Value) == "write"
	}
	return g
}

// jobGrant is the id-token permission of a job run directly: its own
// permissions block replaces the workflow's; with neither, GitHub's
// default token permissions, which never include id-token: write. It
// returns "" when the job may request a token, else why not.
func jobGrant(wf *actionlint.Workflow, job *actionlint.Job) string {
	jg := idTokenGrant(job.Permissions, "the job's permissions")
	if jg.set {
		if jg.write {
			return ""
		}
		return fmt.Sprintf("%s do not grant id-token: write, and they replace the workflow's", jg.where)
	}
	wg := idTokenGrant(wf.Permissions, "the workflow's permissions")
	if wg.set {
		if wg.write {
			return ""
		}
		return fmt.Sprintf("the job has no permissions block and %s do not grant id-token: write", wg.where)
	}
	return "neither the job nor the workflow has a permissions block granting id-token: write (GitHub's default token permissions do not include it)"
}

// calledJobGrant is the id-token permission of a job of a reusable
// workflow: the called workflow can only keep or lower the permissions of
// its caller job, so both must allow id-token: write.
func calledJobGrant(called *actionlint.Workflow, job *actionlint.Job, callerWhy, callerLabel string) string {
	if callerWhy != "" {
		return fmt.Sprintf("its caller %s cannot pass id-token: write on (%s); a reusable workflow gets at most its caller's permissions", callerLabel, callerWhy)
	}
	jg := idTokenGrant(job.Permissions, "the job's permissions")
	if jg.set {
		if jg.write {
			return ""
		}
		return fmt.Sprintf("%s do not grant id-token: write", jg.where)
	}
	wg := idTokenGrant(called.Permissions, "the reusable workflow's permissions")
	if wg.set && !wg.write {
		return fmt.Sprintf("%s do not grant id-token: write", wg.where)
	}
	return ""
}
