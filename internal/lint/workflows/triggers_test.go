package workflows

import (
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// TestTriggers: the ref claim, whether the sub is pull_request, the
// context pattern and whether a guess is recorded, per trigger.
func TestTriggers(t *testing.T) {
	type want struct {
		pr          bool
		ref, ctxPat string
		guessed     bool
	}
	def := defaultBranch{name: "main", known: true}
	tests := []struct {
		on   string
		want []want
	}{
		{"push:\n    branches: [main]", []want{{ref: "refs/heads/main"}}},
		{"push:\n    branches: ['release/**', '!release/old']", []want{{ref: "refs/heads/release/example", ctxPat: "ref:refs/heads/release/*", guessed: true}}},
		{"push:\n    tags: ['v[0-9]+.*']", []want{{ref: "refs/tags/v0.example", ctxPat: "ref:refs/tags/v?*.*", guessed: true}}},
		{"push:\n    branches: [main]\n    tags: [v1]", []want{{ref: "refs/heads/main"}, {ref: "refs/tags/v1"}}},
		{"push:\n    paths: ['src/**']", []want{{ref: "refs/heads/main", ctxPat: "ref:refs/*", guessed: true}}},
		{"push:\n    branches-ignore: [dev]", []want{{ref: "refs/heads/main", ctxPat: "ref:refs/heads/*", guessed: true}}},
		{"pull_request:\n    branches: [main]", []want{{pr: true, ref: "refs/pull/1/merge", guessed: true}}},
		{"pull_request_target:\n    branches: [release]", []want{{pr: true, ref: "refs/heads/release"}}},
		{"pull_request_target:", []want{{pr: true, ref: "refs/heads/main", guessed: true}}},
		{"schedule:\n    - cron: '0 0 * * *'", []want{{ref: "refs/heads/main"}}},
		{"workflow_dispatch:", []want{{ref: "refs/heads/main", ctxPat: "ref:refs/*", guessed: true}}},
		{"release:\n    types: [published]", []want{{ref: "refs/tags/v1.0.0", ctxPat: "ref:refs/tags/*", guessed: true}}},
		{"merge_group:", []want{{ref: "refs/heads/gh-readonly-queue/main/pr-1-" + strings.Repeat("0", 40), ctxPat: "ref:refs/heads/gh-readonly-queue/*", guessed: true}}},
		{"workflow_run:\n    workflows: [ci]", []want{{ref: "refs/heads/main"}}},
		{"pull_request_review:", []want{{pr: true, ref: "refs/pull/1/merge", ctxPat: "*", guessed: true}}},
	}
	for _, tc := range tests {
		wf, errs := actionlint.Parse([]byte("on:\n  " + tc.on + "\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: x\n"))
		if len(errs) > 0 {
			t.Fatalf("%s: %v", tc.on, errs[0])
		}
		got, _ := triggers(wf, def)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d triggers, want %d: %+v", tc.on, len(got), len(tc.want), got)
			continue
		}
		for i, g := range got {
			w := tc.want[i]
			if g.pullRequest != w.pr || g.ref != w.ref || g.contextPattern() != w.ctxPat || (len(g.guessed) > 0) != w.guessed {
				t.Errorf("%s: trigger %d = pr %v ref %q context pattern %q guessed %q; want %+v", tc.on, i, g.pullRequest, g.ref, g.contextPattern(), g.guessed, w)
			}
		}
	}
}

// TestUnknownDefaultBranch: a default branch the plan does not name is a
// guess with a pattern of every branch.
func TestUnknownDefaultBranch(t *testing.T) {
	wf, _ := actionlint.Parse([]byte("on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: x\n"))
	got, _ := triggers(wf, defaultBranch{name: "main"})
	if len(got) != 1 || got[0].contextPattern() != "ref:refs/heads/*" || len(got[0].guessed) == 0 {
		t.Errorf("triggers = %+v", got)
	}
}

// TestGitHubRemote: remote URLs of github.com in every form; origin wins;
// other hosts are not GitHub.
func TestGitHubRemote(t *testing.T) {
	for _, tc := range []struct{ config, want string }{
		{"[remote \"origin\"]\n\turl = https://github.com/octo-org/app.git\n", "octo-org/app"},
		{"[remote \"origin\"]\n\turl = git@github.com:octo-org/app.git\n", "octo-org/app"},
		{"[remote \"origin\"]\n\turl = ssh://git@github.com/octo-org/app\n", "octo-org/app"},
		{"[remote \"origin\"]\n\turl = https://token@github.com/octo-org/app/\n", "octo-org/app"},
		{"[remote \"fork\"]\n\turl = https://github.com/me/app\n[remote \"origin\"]\n\turl = https://github.com/octo-org/app\n", "octo-org/app"},
		{"[remote \"upstream\"]\n\turl = https://github.com/octo-org/app\n", "octo-org/app"},
		{"[remote \"a\"]\n\turl = https://github.com/x/app\n[remote \"b\"]\n\turl = https://github.com/y/app\n", ""},
		{"[remote \"origin\"]\n\turl = https://gitlab.com/octo-org/app.git\n", ""},
		{"[core]\n\turl = https://github.com/octo-org/app\n", ""},
	} {
		if got := githubRemote([]byte(tc.config)); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.config, got, tc.want)
		}
	}
}

// TestFilterExample: each GitHub filter pattern gives a matching example
// and an IAM glob.
func TestFilterExample(t *testing.T) {
	for _, tc := range []struct{ pat, example, glob string }{
		{"main", "main", "main"},
		{"release/*", "release/example", "release/*"},
		{"**", "example", "*"},
		{"v?.?", "vx.x", "v?.?"},
		{"[ab]c", "ac", "?c"},
		{"a\\*b", "a*b", "a${*}b"},
	} {
		ex, glob, _ := filterExample(tc.pat)
		if ex != tc.example || glob != tc.glob {
			t.Errorf("%q: example %q glob %q, want %q %q", tc.pat, ex, glob, tc.example, tc.glob)
		}
	}
}
