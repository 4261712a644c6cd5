package action_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// repoRoot is the repository root: action.yml and action/ live there.
var repoRoot = filepath.Join("..", "..")

// actionFile is action.yml as far as the runner below reads it.
type actionFile struct {
	Inputs map[string]struct {
		Description string `yaml:"description"`
		Required    bool   `yaml:"required"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Uses  string            `yaml:"uses"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

func loadAction(t *testing.T) *actionFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return &a
}

// usedStep is a `uses:` step: not run here, its `with:` expanded.
type usedStep struct {
	uses string
	ran  bool // its `if:` held
	with map[string]string
}

// actionRun is the outcome of running the action's steps.
type actionRun struct {
	code    int                          // the exit code of the first failing step, else 0
	failed  string                       // the name of that step
	log     string                       // stdout and stderr of every run step
	summary string                       // what GITHUB_STEP_SUMMARY received
	outputs map[string]map[string]string // step id -> outputs
	used    []usedStep
	action  map[string]string // the action's outputs
}

// runAction runs action.yml's steps the way the runner does for a
// composite action, for the subset of the expression language the action
// uses (inputs.*, steps.*.outputs.*, string literals, ==, !=, &&): `run`
// steps in bash in workspace with their env, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files; `uses` steps are recorded, not run; a failing
// step stops the rest. env adds runner variables (RUNNER_OS, ...).
func runAction(t *testing.T, workspace string, inputs, env map[string]string) *actionRun {
	t.Helper()
	a := loadAction(t)
	in := map[string]string{}
	for name, def := range a.Inputs {
		in[name] = def.Default
	}
	for name, v := range inputs {
		if _, ok := a.Inputs[name]; !ok {
			t.Fatalf("action.yml has no input %q", name)
		}
		in[name] = v
	}
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	temp := t.TempDir()
	summary := filepath.Join(temp, "step-summary.md")
	res := &actionRun{outputs: map[string]map[string]string{}}
	ctx := &exprContext{inputs: in, steps: res.outputs}
	var log strings.Builder
	for i, st := range a.Runs.Steps {
		if st.If != "" && !ctx.truthy(t, unwrap(st.If)) {
			if st.Uses != "" {
				res.used = append(res.used, usedStep{uses: st.Uses})
			}
			continue
		}
		if st.Uses != "" {
			with := map[string]string{}
			for k, v := range st.With {
				with[k] = ctx.expand(t, v)
			}
			res.used = append(res.used, usedStep{uses: st.Uses, ran: true, with: with})
			continue
		}
		if st.Shell != "bash" {
			t.Fatalf("step %q: shell %q; the steps must use bash (all runner OSes have it)", st.Name, st.Shell)
		}
		output := filepath.Join(temp, fmt.Sprintf("output-%d", i))
		if err := os.WriteFile(output, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", ctx.expand(t, st.Run))
		cmd.Dir = workspace
		cmd.Env = append(os.Environ(),
			"GITHUB_ACTION_PATH="+root,
			"GITHUB_WORKSPACE="+workspace,
			"GITHUB_OUTPUT="+output,
			"GITHUB_STEP_SUMMARY="+summary,
			"RUNNER_TEMP="+temp,
			"RUNNER_OS=Linux",
			"RUNNER_ARCH="+runnerArch(),
		)
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		for k, v := range st.Env {
			cmd.Env = append(cmd.Env, k+"="+ctx.expand(t, v))
		}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		fmt.Fprintf(&log, "== %s\n%s", st.Name, out.String())
		if st.ID != "" {
			res.outputs[st.ID] = readOutputs(t, output)
		}
		if err != nil {
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatal(err)
			}
			res.code, res.failed = exit.ExitCode(), st.Name
			break
		}
	}
	res.log = log.String()
	if b, err := os.ReadFile(summary); err == nil {
		res.summary = string(b)
	}
	res.action = map[string]string{}
	for name, o := range a.Outputs {
		res.action[name] = ctx.expand(t, o.Value)
	}
	return res
}

// readOutputs reads a GITHUB_OUTPUT file of NAME=VALUE lines.
func readOutputs(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			t.Fatalf("GITHUB_OUTPUT line %q is not NAME=VALUE", sc.Text())
		}
		out[k] = v
	}
	return out
}

// exprContext evaluates the action's ${{ }} expressions.
type exprContext struct {
	inputs map[string]string
	steps  map[string]map[string]string
}

var exprRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// unwrap strips ${{ }} around a whole `if:` expression.
func unwrap(s string) string {
	if m := exprRE.FindStringSubmatch(strings.TrimSpace(s)); m != nil && m[0] == strings.TrimSpace(s) {
		return m[1]
	}
	return s
}

// expand replaces each ${{ expr }} in s with its value.
func (c *exprContext) expand(t *testing.T, s string) string {
	return exprRE.ReplaceAllStringFunc(s, func(m string) string {
		return c.value(t, exprRE.FindStringSubmatch(m)[1])
	})
}

// truthy evaluates `a && b && ...`, each a value or `x == y` / `x != y`.
func (c *exprContext) truthy(t *testing.T, expr string) bool {
	for _, term := range strings.Split(expr, "&&") {
		term = strings.TrimSpace(term)
		var ok bool
		switch {
		case strings.Contains(term, "!="):
			l, r, _ := strings.Cut(term, "!=")
			ok = c.value(t, l) != c.value(t, r)
		case strings.Contains(term, "=="):
			l, r, _ := strings.Cut(term, "==")
			ok = c.value(t, l) == c.value(t, r)
		default:
			ok = c.value(t, term) != ""
		}
		if !ok {
			return false
		}
	}
	return true
}

// value is a string literal, inputs.NAME or steps.ID.outputs.NAME.
func (c *exprContext) value(t *testing.T, term string) string {
	term = strings.TrimSpace(term)
	switch {
	case strings.HasPrefix(term, "'") && strings.HasSuffix(term, "'") && len(term) >= 2:
		return term[1 : len(term)-1]
	case strings.HasPrefix(term, "inputs."):
		name := strings.TrimPrefix(term, "inputs.")
		v, ok := c.inputs[name]
		if !ok {
			t.Fatalf("expression %q: no input %q", term, name)
		}
		return v
	case strings.HasPrefix(term, "steps."):
		parts := strings.Split(term, ".")
		if len(parts) != 4 || parts[2] != "outputs" {
			t.Fatalf("expression %q: expected steps.ID.outputs.NAME", term)
		}
		return c.steps[parts[1]][parts[3]]
	}
	t.Fatalf("expression %q is outside what tests/action evaluates; keep action.yml's expressions to inputs, step outputs, literals, ==, != and &&", term)
	return ""
}
