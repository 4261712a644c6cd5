package adversarial

import (
	"fmt"
	"strings"
)

// gen turns fuzz bytes into choices; past the end every choice is 0, so
// any input makes a plan.
type gen struct {
	data []byte
	pos  int
}

func (g *gen) byte() byte {
	if g.pos >= len(g.data) {
		return 0
	}
	b := g.data[g.pos]
	g.pos++
	return b
}

func (g *gen) intn(n int) int { return int(g.byte()) % n }

func pick[T any](g *gen, l ...T) T { return l[g.intn(len(l))] }

const eksIssuer = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"

var eksOIDC = "arn:aws:iam::" + account + ":oidc-provider/" + eksIssuer

// Pools of hostile and ordinary parts.
var (
	owners   = []string{"octo-org", "Octo-Org", "evil", "*"}
	repos    = []string{"app", "api", "ſub", "a*b", "x"}
	envs     = []string{"prod", "qa", "prod:eu", `pr"od`, `ev\il`, "*", "prod\x1b[8m", "ünï", "Prod"}
	branches = []string{"main", "release/*", "dev", "refs/heads/main"}
	ns       = []string{"app", "kube-system", "*", "payments"}
	sas      = []string{"api", "default", "*", "ſa"}
)

// secretFor is a sensitive value unique to its place, with the characters
// the linter transforms (':' to %3A, quotes and backslashes escaped,
// glob characters as ${*}, non-ASCII, controls); a few are short.
func secretFor(g *gen, i int) string {
	switch g.intn(8) {
	case 0:
		return fmt.Sprintf("qz%d", i) // short
	case 1:
		return fmt.Sprintf("S3cr:%d:x", i)
	case 2:
		return fmt.Sprintf(`S3cr"%d\q`, i)
	case 3:
		return fmt.Sprintf("S3cr*%d$?", i)
	case 4:
		return fmt.Sprintf("S3crü%dÆ", i)
	case 5:
		return fmt.Sprintf("S3cr\x1b%d\r", i)
	case 6:
		return fmt.Sprintf("S3CR-%d-Mixed", i)
	}
	return fmt.Sprintf("s3cret-value-%d", i)
}

func (g *gen) subject() string {
	switch g.intn(6) {
	case 0:
		return "repo:" + pick(g, owners...) + "/" + pick(g, repos...) + ":environment:" + pick(g, envs...)
	case 1:
		return "repo:" + pick(g, owners...) + "/" + pick(g, repos...) + ":ref:refs/heads/" + pick(g, branches...)
	case 2:
		return "repo:" + pick(g, owners...) + "/" + pick(g, repos...) + ":*"
	case 3:
		return "system:serviceaccount:" + pick(g, ns...) + ":" + pick(g, sas...)
	case 4:
		return "*"
	}
	return "repo:octo-org/app:pull_request"
}

// statement is one random trust statement.
func (g *gen) statement() map[string]any {
	host, prov := ghHost, ghOIDC
	if g.intn(3) == 0 {
		host, prov = eksIssuer, eksOIDC
	}
	st := map[string]any{
		"Effect": pick(g, "Allow", "Allow", "Allow", "Deny"),
		"Action": pick[any](g, "sts:AssumeRoleWithWebIdentity", "sts:*", "ſts:AssumeRoleWithWebIdentity", []any{"sts:AssumeRoleWithWebIdentity", "sts:TagSession"}, "*"),
	}
	switch g.intn(6) {
	case 0:
		st["Principal"] = "*"
	case 1:
		st["Principal"] = map[string]any{"Service": "pods.eks.amazonaws.com"}
		st["Action"] = []any{"sts:AssumeRole", "sts:TagSession"}
	default:
		st["Principal"] = map[string]any{"Federated": prov}
	}
	cond := map[string]any{}
	for n := g.intn(4); n > 0; n-- {
		op := pick(g, "StringEquals", "StringLike", "StringEqualsIfExists", "StringNotEquals", "ForAllValues:StringLike", "ForAnyValue:StringEquals", "Null", "StringEqualsIgnoreCase", "StringNotLike")
		key := host + ":" + pick(g, "sub", "aud", "ſub", "\u212aey", "environment", "repository_owner") // lookalikes included
		if g.intn(5) == 0 {
			key = pick(g, "aws:SourceIp", "https://"+host+":sub", strings.ToUpper(host)+":SUB")
		}
		var val any = g.subject()
		switch {
		case op == "Null":
			val = pick(g, "true", "false")
		case strings.HasSuffix(key, ":aud"):
			val = pick(g, "sts.amazonaws.com", "STS.amazonaws.com", "other")
		case g.intn(3) == 0:
			val = []any{g.subject(), g.subject()}
		}
		m, _ := cond[op].(map[string]any)
		if m == nil {
			m = map[string]any{}
			cond[op] = m
		}
		m[key] = val
	}
	if len(cond) > 0 {
		st["Condition"] = cond
	}
	return st
}

// trust is a random trust value: mostly a policy document, sometimes text
// that is not one or a value of the wrong JSON type.
func (g *gen) trust() any {
	switch g.intn(16) {
	case 0:
		return "{"
	case 1:
		return nil
	case 2:
		return map[string]any{"Statement": []any{}}
	case 3:
		return 7
	}
	var sts []any
	for n := 1 + g.intn(3); n > 0; n-- {
		sts = append(sts, g.statement())
	}
	return mustJSON(map[string]any{"Version": "2012-10-17", "Statement": sts})
}

// fuzzPlan is a generated plan and what its output must never show.
type fuzzPlan struct {
	plan
	// secrets are the values marked sensitive; tokens the JWTs put into
	// plan values.
	secrets, tokens []string
}

// generate builds a valid plan from fuzz bytes: 1-3 roles with random
// trusts and actions, the GitHub and EKS providers, and 0-4 callers
// (GitHub variables and secrets, Kubernetes service accounts) whose values
// may be sensitive, untrimmed, unknown or token-shaped.
func generate(data []byte) fuzzPlan {
	g := &gen{data: data}
	fp := fuzzPlan{}
	eksProv := map[string]any{"arn": eksOIDC, "url": "https://" + eksIssuer, "client_id_list": []any{"sts.amazonaws.com"}}
	fp.resources = append(fp.resources, ghProvider(), resource{addr: "aws_iam_openid_connect_provider.eks", before: eksProv, after: eksProv})
	nRoles := 1 + g.intn(3)
	for i := 0; i < nRoles; i++ {
		r := role(fmt.Sprintf("r%d", i), g.trust())
		switch g.intn(5) {
		case 0:
			r.actions, r.before = []string{"create"}, nil
		case 1:
			before := map[string]any{}
			for k, v := range r.after {
				before[k] = v
			}
			before["assume_role_policy"] = g.trust()
			r.actions, r.before = []string{"update"}, before
		case 2:
			r.actions, r.unknown = []string{"update"}, map[string]any{"assume_role_policy": true}
			after := map[string]any{}
			for k, v := range r.after {
				if k != "assume_role_policy" {
					after[k] = v
				}
			}
			r.after = after
		case 3:
			r.actions, r.after = []string{"delete"}, nil
		}
		fp.resources = append(fp.resources, r)
	}
	for i, n := 0, g.intn(5); i < n; i++ {
		arn := roleARN(fmt.Sprintf("r%d", g.intn(nRoles+1)))
		switch g.intn(4) {
		case 1:
			arn = " " + arn
		case 2:
			arn = arn + "\n"
		}
		sensitive := g.intn(2) == 0
		switch g.intn(4) {
		case 0, 1:
			env := pick(g, envs...)
			if sensitive {
				env = secretFor(g, i)
				fp.secrets = append(fp.secrets, env)
			}
			c := ghEnvVar(fmt.Sprintf("c%d", i), pick(g, repos...), env, arn)
			if g.intn(4) == 0 {
				tok := unsignedToken(fmt.Sprintf(`{"sub":"s%d"}`, i))
				c.after["variable_name"], c.before["variable_name"] = tok, tok
				fp.tokens = append(fp.tokens, tok)
			}
			if sensitive {
				c.sensBefore, c.sensAfter = map[string]any{"environment": true}, map[string]any{"environment": true}
			}
			fp.resources = append(fp.resources, c)
		case 2:
			v := map[string]any{"repository": pick(g, repos...), "secret_name": "ROLE", "plaintext_value": arn}
			c := resource{addr: fmt.Sprintf("github_actions_secret.c%d", i), before: v, after: v,
				sensBefore: map[string]any{"plaintext_value": true}, sensAfter: map[string]any{"plaintext_value": true}}
			fp.resources = append(fp.resources, c)
		default:
			name := pick(g, sas...)
			if sensitive {
				name = secretFor(g, i)
				fp.secrets = append(fp.secrets, name)
			}
			meta := map[string]any{"name": name, "namespace": pick(g, ns...), "annotations": map[string]any{"eks.amazonaws.com/role-arn": arn}}
			v := map[string]any{"metadata": []any{meta}}
			c := resource{addr: fmt.Sprintf("kubernetes_service_account_v1.c%d", i), before: v, after: v}
			if sensitive {
				mask := map[string]any{"metadata": []any{map[string]any{"name": true}}}
				c.sensBefore, c.sensAfter = mask, mask
			}
			fp.resources = append(fp.resources, c)
		}
	}
	return fp
}
