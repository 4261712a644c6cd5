package adversarial

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/cli"
)

const (
	account = "111122223333"
	ghHost  = "token.actions.githubusercontent.com"
	ghOIDC  = "arn:aws:iam::" + account + ":oidc-provider/" + ghHost
)

// resource is one entry of resource_changes: values on both sides (nil
// for absent) and the sensitive masks of each.
type resource struct {
	addr          string
	before, after map[string]any
	sensBefore    any
	sensAfter     any
	unknown       map[string]any
	actions       []string
}

// plan is a plan in the shape terraform show -json writes.
type plan struct {
	resources []resource
	variables map[string]any // root variable values
	// sensitiveVars are root variables declared sensitive.
	sensitiveVars []string
	owner         string // github provider owner
}

func roleARN(name string) string { return "arn:aws:iam::" + account + ":role/" + name }

// role is an unchanged aws_iam_role with a trust (any JSON value).
func role(name string, trust any) resource {
	v := map[string]any{"name": name, "arn": roleARN(name), "path": "/", "assume_role_policy": trust}
	return resource{addr: "aws_iam_role." + name, before: v, after: v}
}

// ghProvider is the GitHub OIDC provider.
func ghProvider() resource {
	v := map[string]any{"arn": ghOIDC, "url": ghHost, "client_id_list": []any{"sts.amazonaws.com"}}
	return resource{addr: "aws_iam_openid_connect_provider.github", before: v, after: v}
}

// ghTrust is a trust admitting the GitHub subjects (StringLike).
func ghTrust(subs ...string) string {
	st := map[string]any{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"Federated": ghOIDC},
		"Condition": map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com"},
			"StringLike": map[string]any{ghHost + ":sub": subs}}}
	return mustJSON(map[string]any{"Version": "2012-10-17", "Statement": []any{st}})
}

// ghEnvVar is an Actions environment variable holding a role ARN.
func ghEnvVar(name, repo, env, arn string) resource {
	v := map[string]any{"repository": repo, "environment": env, "variable_name": "ROLE", "value": arn}
	return resource{addr: "github_actions_environment_variable." + name, before: v, after: v}
}

func mustJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(data)
}

// json renders the plan.
func (p plan) json() []byte {
	var changes []any
	for _, r := range p.resources {
		typ, name, _ := strings.Cut(r.addr, ".")
		provider := "registry.terraform.io/hashicorp/aws"
		if strings.HasPrefix(typ, "github_") {
			provider = "registry.terraform.io/integrations/github"
		} else if strings.HasPrefix(typ, "kubernetes_") {
			provider = "registry.terraform.io/hashicorp/kubernetes"
		}
		actions := r.actions
		if actions == nil {
			actions = []string{"no-op"}
		}
		unknown := r.unknown
		if unknown == nil {
			unknown = map[string]any{}
		}
		ch := map[string]any{"actions": actions, "before": nilMap(r.before), "after": nilMap(r.after), "after_unknown": unknown,
			"before_sensitive": orEmpty(r.sensBefore), "after_sensitive": orEmpty(r.sensAfter)}
		changes = append(changes, map[string]any{"address": r.addr, "mode": "managed", "type": typ, "name": name, "provider_name": provider, "change": ch})
	}
	owner := p.owner
	if owner == "" {
		owner = "octo-org"
	}
	root := map[string]any{}
	if len(p.sensitiveVars) > 0 || len(p.variables) > 0 {
		vars := map[string]any{}
		for n := range p.variables {
			vars[n] = map[string]any{}
		}
		for _, n := range p.sensitiveVars {
			vars[n] = map[string]any{"sensitive": true}
		}
		root["variables"] = vars
	}
	doc := map[string]any{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes,
		"configuration": map[string]any{"root_module": root, "provider_config": map[string]any{"github": map[string]any{"name": "github",
			"expressions": map[string]any{"owner": map[string]any{"constant_value": owner}}}}}}
	if len(p.variables) > 0 {
		vars := map[string]any{}
		names := make([]string, 0, len(p.variables))
		for n := range p.variables {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			vars[n] = map[string]any{"value": p.variables[n]}
		}
		doc["variables"] = vars
	}
	return []byte(mustJSON(doc))
}

func nilMap(m map[string]any) any {
	if m == nil {
		return nil
	}
	return m
}

func orEmpty(m any) any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// run runs the CLI and returns stdout, stderr and the exit code.
func run(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = cli.Main(args, &out, &errb, "test")
	return out.String(), errb.String(), code
}

// writeFile writes data into the test's directory and returns its path.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// emptyConfig is a .stsguard.json accepting nothing, so that the test
// does not read one from the working directory.
func emptyConfig(t testing.TB) string { return writeFile(t, "stsguard.json", []byte(`{"accept":[]}`)) }

// lint runs lint on a plan in one format.
func lint(t testing.TB, p []byte, format string, extra ...string) (stdout, stderr string, code int) {
	t.Helper()
	path := writeFile(t, "plan.json", p)
	args := append([]string{"lint", "--format", format, "--config", emptyConfig(t)}, extra...)
	return run(append(args, path)...)
}

// formats are the lint output formats that print every finding's
// message (the point tests look for rule IDs and wording in them).
var formats = []string{"text", "json", "sarif"}

// allFormats are every lint output format, for the guarantees that hold
// in all of them (no sensitive value printed); markdown shortens long
// messages and dot prints only rule IDs and addresses.
var allFormats = []string{"text", "json", "sarif", "markdown", "dot"}
