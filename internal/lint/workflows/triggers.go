package workflows

import (
	"fmt"
	"strings"

	"github.com/rhysd/actionlint"
	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
)

// trigger is one way a workflow run starts, as its OIDC tokens see it:
// the ref claim and whether the sub is pull_request (events documented at
// https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows,
// subjects at https://docs.github.com/en/actions/reference/security/oidc).
type trigger struct {
	event       string
	pullRequest bool
	// ref is the ref claim (an example when the trigger has many);
	// refPattern the glob of every ref it may be.
	ref, refPattern string
	// anyContext is set when the sub's context may be anything (an event
	// whose subject GitHub does not document).
	anyContext bool
	guessed    []string
	notes      []string
}

// contextPattern is the glob of the default sub's context for the
// trigger, "" when exact.
func (t trigger) contextPattern() string {
	switch {
	case t.anyContext:
		return "*"
	case t.pullRequest:
		return ""
	case t.refPattern != condition.EscapeGlob(t.ref):
		return "ref:" + t.refPattern
	}
	return ""
}

// defaultBranch is the repository's default branch: from the plan, else
// guessed "main".
type defaultBranch struct {
	name  string
	known bool
}

func (d defaultBranch) trigger(event, why string) trigger {
	t := trigger{event: event, ref: "refs/heads/" + d.name, refPattern: condition.EscapeGlob("refs/heads/" + d.name)}
	if !d.known {
		t.refPattern = "refs/heads/*"
		t.guessed = append(t.guessed, fmt.Sprintf("%s runs on the default branch, which the plan does not name: evaluated as %q", event, d.name))
	}
	if why != "" {
		t.guessed = append(t.guessed, why)
	}
	return t
}

// defaultBranchEvents run on the last commit of the default branch.
var defaultBranchEvents = map[string]bool{
	"branch_protection_rule": true, "check_run": true, "check_suite": true, "delete": true,
	"discussion": true, "discussion_comment": true, "fork": true, "gollum": true,
	"issue_comment": true, "issues": true, "label": true, "milestone": true, "page_build": true,
	"public": true, "repository_dispatch": true, "schedule": true, "status": true, "watch": true,
	"workflow_run": true,
}

// anyRefEvents run on a branch or tag the event names.
var anyRefEvents = map[string]bool{"create": true, "deployment": true, "deployment_status": true, "registry_package": true, "workflow_dispatch": true}

// triggers lists the triggers of a workflow other than workflow_call, and
// whether it can be called (on: workflow_call).
func triggers(wf *actionlint.Workflow, def defaultBranch) (out []trigger, callable bool) {
	for _, ev := range wf.On {
		name := ev.EventName()
		switch e := ev.(type) {
		case *actionlint.WorkflowCallEvent:
			callable = true
		case *actionlint.WebhookEvent:
			out = append(out, webhookTriggers(e, def)...)
		default:
			switch {
			case defaultBranchEvents[name]:
				out = append(out, def.trigger(name, ""))
			case anyRefEvents[name]:
				t := def.trigger(name, fmt.Sprintf("%s runs on the branch or tag it is started for: evaluated on the default branch", name))
				t.refPattern = "refs/*"
				out = append(out, t)
			default:
				t := def.trigger(name, fmt.Sprintf("GitHub does not document the ref of %s events: evaluated on the default branch", name))
				t.anyContext, t.refPattern = true, "*"
				out = append(out, t)
			}
		}
	}
	return out, callable
}

func webhookTriggers(e *actionlint.WebhookEvent, def defaultBranch) []trigger {
	name := e.EventName()
	switch name {
	case "push":
		return pushTriggers(e, def)
	case "pull_request":
		return []trigger{{event: name, pullRequest: true, ref: "refs/pull/1/merge", refPattern: "refs/pull/*/merge",
			guessed: []string{"the pull request number is not known: its ref refs/pull/N/merge is evaluated as refs/pull/1/merge"},
			notes:   []string{"a pull_request run from a fork gets no OIDC token unless the repository sends write tokens to fork pull requests"}}}
	case "pull_request_target":
		// Runs on the base branch; GitHub issues the pull_request subject.
		var out []trigger
		for _, b := range branchTriggers(name, e.Branches, def) {
			b.pullRequest = true
			out = append(out, b)
		}
		return out
	case "pull_request_review", "pull_request_review_comment":
		return []trigger{{event: name, pullRequest: true, anyContext: true, ref: "refs/pull/1/merge", refPattern: "refs/pull/*/merge",
			guessed: []string{fmt.Sprintf("GitHub does not document the subject of %s events: evaluated as pull_request", name)}}}
	case "release":
		return []trigger{{event: name, ref: "refs/tags/v1.0.0", refPattern: "refs/tags/*",
			guessed: []string{"a release runs on its tag (refs/tags/TAG), which the workflow does not name: evaluated as refs/tags/v1.0.0"}}}
	case "merge_group":
		ref := "refs/heads/gh-readonly-queue/" + def.name + "/pr-1-" + strings.Repeat("0", 40)
		return []trigger{{event: name, ref: ref, refPattern: "refs/heads/gh-readonly-queue/*",
			guessed: []string{fmt.Sprintf("a merge queue runs on a temporary branch gh-readonly-queue/BASE/pr-N-SHA: evaluated as %s", strings.TrimPrefix(ref, "refs/heads/"))}}}
	}
	if defaultBranchEvents[name] {
		return []trigger{def.trigger(name, "")}
	}
	if anyRefEvents[name] {
		t := def.trigger(name, fmt.Sprintf("%s runs on the branch or tag it is started for: evaluated on the default branch", name))
		t.refPattern = "refs/*"
		return []trigger{t}
	}
	t := def.trigger(name, fmt.Sprintf("GitHub does not document the ref of %s events: evaluated on the default branch", name))
	t.anyContext, t.refPattern = true, "*"
	return []trigger{t}
}

// pushTriggers: branch and tag filters give refs/heads/... and
// refs/tags/...; with neither, every branch and tag push runs the
// workflow.
func pushTriggers(e *actionlint.WebhookEvent, def defaultBranch) []trigger {
	hasBranches := !e.Branches.IsEmpty() || !e.BranchesIgnore.IsEmpty()
	hasTags := !e.Tags.IsEmpty() || !e.TagsIgnore.IsEmpty()
	if !hasBranches && !hasTags {
		t := def.trigger("push", fmt.Sprintf("push has no branch or tag filter, so every branch and tag push runs it: evaluated as a push to the default branch %q", def.name))
		t.refPattern = "refs/*"
		return []trigger{t}
	}
	var out []trigger
	if hasBranches {
		out = append(out, refFilterTriggers("push", "branches", "refs/heads/", e.Branches)...)
		if e.Branches.IsEmpty() {
			t := def.trigger("push", fmt.Sprintf("push runs on every branch but those of branches-ignore: evaluated as a push to the default branch %q", def.name))
			t.refPattern = "refs/heads/*"
			out = append(out, t)
		}
	}
	if hasTags {
		out = append(out, refFilterTriggers("push", "tags", "refs/tags/", e.Tags)...)
		if !e.TagsIgnore.IsEmpty() && e.Tags.IsEmpty() {
			out = append(out, trigger{event: "push", ref: "refs/tags/v1.0.0", refPattern: "refs/tags/*",
				guessed: []string{"push runs on every tag but those of tags-ignore: evaluated as tag v1.0.0"}})
		}
	}
	return out
}

// branchTriggers are the triggers of a branches filter; without one, the
// default branch stands for every branch.
func branchTriggers(event string, f *actionlint.WebhookEventFilter, def defaultBranch) []trigger {
	if f.IsEmpty() {
		t := def.trigger(event, fmt.Sprintf("%s has no branches filter, so it runs for every branch: evaluated on the default branch %q", event, def.name))
		t.refPattern = "refs/heads/*"
		return []trigger{t}
	}
	return refFilterTriggers(event, "branches", "refs/heads/", f)
}

// refFilterTriggers gives one trigger per positive pattern of a filter,
// an example ref for each glob.
func refFilterTriggers(event, what, prefix string, f *actionlint.WebhookEventFilter) []trigger {
	if f.IsEmpty() {
		return nil
	}
	var out []trigger
	for _, v := range f.Values {
		pat := v.Value
		if strings.HasPrefix(pat, "!") || strings.Contains(pat, "${{") {
			continue
		}
		example, glob, isGlob := filterExample(pat)
		t := trigger{event: event, ref: prefix + example, refPattern: condition.EscapeGlob(prefix) + glob}
		if isGlob {
			t.guessed = append(t.guessed, fmt.Sprintf("%s %s filter %q is a pattern: evaluated with the example %q that matches it", event, what, pat, example))
			t.notes = append(t.notes, fmt.Sprintf("the %s filter %q is represented by the example %q", what, pat, example))
		}
		out = append(out, t)
	}
	return out
}

// filterExample returns a name matching a GitHub filter pattern (*, **,
// ?, +, [...], \ escapes), the pattern as an IAM glob (a superset: each
// wildcard becomes * or ?), and whether the pattern has wildcards.
func filterExample(pat string) (example, glob string, isGlob bool) {
	var ex, gl strings.Builder
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch c {
		case '*':
			for i+1 < len(pat) && pat[i+1] == '*' {
				i++
			}
			ex.WriteString("example")
			gl.WriteByte('*')
			isGlob = true
		case '?':
			ex.WriteByte('x')
			gl.WriteByte('?')
			isGlob = true
		case '+':
			gl.WriteByte('*')
			isGlob = true
		case '[':
			end := strings.IndexByte(pat[i+1:], ']')
			if end <= 0 {
				ex.WriteByte(c)
				gl.WriteString(condition.EscapeGlob(string(c)))
				continue
			}
			ex.WriteByte(pat[i+1])
			gl.WriteByte('?')
			i += end + 1
			isGlob = true
		case '\\':
			if i+1 < len(pat) {
				i++
				c = pat[i]
			}
			ex.WriteByte(c)
			gl.WriteString(condition.EscapeGlob(string(c)))
		default:
			ex.WriteByte(c)
			gl.WriteString(condition.EscapeGlob(string(c)))
		}
	}
	return ex.String(), gl.String(), isGlob
}
