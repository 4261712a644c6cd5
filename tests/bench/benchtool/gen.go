package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

const (
	account   = "111122223333"
	issuer    = "oidc.eks.us-east-1.amazonaws.com/id/D79586434ACFF7E7C5EFE5AE3985F57C"
	ghHost    = "token.actions.githubusercontent.com"
	awsSource = "registry.terraform.io/hashicorp/aws"
	k8sSource = "registry.terraform.io/hashicorp/kubernetes"
	ghSource  = "registry.terraform.io/integrations/github"
)

// resource is one synthetic resource with both sides of its change.
type resource struct {
	typ, name, provider, configKey string
	before, after                  map[string]any
	afterUnknown                   map[string]any
	exprs                          map[string]any
}

func (r resource) address() string { return r.typ + "." + r.name }

func (r resource) actions() []string {
	switch {
	case r.before == nil:
		return []string{"create"}
	case r.after == nil:
		return []string{"delete"}
	}
	b, _ := json.Marshal(r.before)
	a, _ := json.Marshal(r.after)
	if string(a) == string(b) {
		return []string{"no-op"}
	}
	return []string{"update"}
}

// resourceAt returns the i-th resource: the cluster, its OIDC provider and
// GitHub's first, then groups of ten (two roles, two callers, six unrelated
// resources). Every 20th role's trust and every 20th service account
// change in the plan, so that the linter has findings.
func resourceAt(i int) resource {
	switch i {
	case 0:
		v := map[string]any{"arn": arn("eks", "us-east-1", "cluster/prod"), "name": "prod", "id": "prod", "region": "us-east-1",
			"identity": []any{map[string]any{"oidc": []any{map[string]any{"issuer": "https://" + issuer}}}},
			"role_arn": arn("iam", "", "role/eks-cluster"), "version": "1.31", "status": "ACTIVE", "tags": map[string]any{"env": "prod"}}
		return resource{typ: "aws_eks_cluster", name: "prod", provider: awsSource, configKey: "aws", before: v, after: v,
			exprs: map[string]any{"name": constant("prod"), "role_arn": constant(v["role_arn"])}}
	case 1:
		v := map[string]any{"arn": arn("iam", "", "oidc-provider/"+issuer), "url": issuer, "client_id_list": []any{"sts.amazonaws.com"},
			"id": arn("iam", "", "oidc-provider/"+issuer), "thumbprint_list": []any{"9e99a48a9960b14926bb7f3b02e22da2b0ab7280"}, "tags": nil, "tags_all": map[string]any{}}
		return resource{typ: "aws_iam_openid_connect_provider", name: "eks", provider: awsSource, configKey: "aws", before: v, after: v,
			exprs: map[string]any{"url": refs("aws_eks_cluster.prod.identity[0].oidc[0].issuer", "aws_eks_cluster.prod"), "client_id_list": constant([]any{"sts.amazonaws.com"})}}
	case 2:
		v := map[string]any{"arn": arn("iam", "", "oidc-provider/"+ghHost), "url": ghHost, "client_id_list": []any{"sts.amazonaws.com"},
			"id": arn("iam", "", "oidc-provider/"+ghHost), "thumbprint_list": []any{"6938fd4d98bab03faadb97b34396831e3780aea1"}, "tags": nil, "tags_all": map[string]any{}}
		return resource{typ: "aws_iam_openid_connect_provider", name: "github", provider: awsSource, configKey: "aws", before: v, after: v,
			exprs: map[string]any{"url": constant("https://" + ghHost), "client_id_list": constant([]any{"sts.amazonaws.com"})}}
	}
	g, k := (i-3)/10, (i-3)%10
	changed := g%20 == 7
	switch k {
	case 0:
		return role(fmt.Sprintf("app%d", g), eksTrust(fmt.Sprintf("ns%d", g%50), fmt.Sprintf("app%d", g)),
			eksTrust(fmt.Sprintf("ns%d", g%50), fmt.Sprintf("app%d%s", g, suffix(changed, "-v2"))))
	case 1:
		sub := fmt.Sprintf("repo:octo-org/repo%d:ref:refs/heads/main", g)
		after := sub
		if changed {
			after = "repo:octo-org/*"
		}
		return role(fmt.Sprintf("ci%d", g), githubTrust(sub, "StringEquals"), githubTrust(after, map[bool]string{true: "StringLike", false: "StringEquals"}[changed]))
	case 2:
		return serviceAccount(g, changed && g%40 == 7)
	case 3:
		v := map[string]any{"id": fmt.Sprintf("repo%d:AWS_ROLE_ARN", g), "repository": fmt.Sprintf("repo%d", g), "variable_name": "AWS_ROLE_ARN",
			"value": arn("iam", "", fmt.Sprintf("role/ci%d", g)), "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"}
		return resource{typ: "github_actions_variable", name: fmt.Sprintf("role%d", g), provider: ghSource, configKey: "github", before: v, after: v,
			exprs: map[string]any{"repository": constant(v["repository"]), "variable_name": constant("AWS_ROLE_ARN"), "value": refs(fmt.Sprintf("aws_iam_role.ci%d.arn", g), fmt.Sprintf("aws_iam_role.ci%d", g))}}
	}
	return filler(g, k)
}

func suffix(on bool, s string) string {
	if on {
		return s
	}
	return ""
}

func arn(service, region, res string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, account, res)
}

func constant(v any) map[string]any { return map[string]any{"constant_value": v} }

func refs(r ...string) map[string]any {
	out := make([]any, len(r))
	for i, s := range r {
		out[i] = s
	}
	return map[string]any{"references": out}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func eksTrust(ns, sa string) string {
	return mustJSON(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"Federated": arn("iam", "", "oidc-provider/"+issuer)},
		"Condition": map[string]any{"StringEquals": map[string]any{issuer + ":aud": "sts.amazonaws.com", issuer + ":sub": "system:serviceaccount:" + ns + ":" + sa}},
	}}})
}

func githubTrust(sub, op string) string {
	cond := map[string]any{"StringEquals": map[string]any{ghHost + ":aud": "sts.amazonaws.com"}}
	if op == "StringEquals" {
		cond["StringEquals"].(map[string]any)[ghHost+":sub"] = sub
	} else {
		cond[op] = map[string]any{ghHost + ":sub": sub}
	}
	return mustJSON(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
		"Principal": map[string]any{"Federated": arn("iam", "", "oidc-provider/"+ghHost)}, "Condition": cond,
	}}})
}

func role(name, before, after string) resource {
	v := func(trust string) map[string]any {
		return map[string]any{"arn": arn("iam", "", "role/"+name), "assume_role_policy": trust, "create_date": "2025-01-01T00:00:00Z",
			"description": "", "force_detach_policies": false, "id": name, "inline_policy": []any{}, "managed_policy_arns": []any{},
			"max_session_duration": 3600, "name": name, "name_prefix": "", "path": "/", "permissions_boundary": nil,
			"tags": map[string]any{"team": "platform", "service": name}, "tags_all": map[string]any{"team": "platform", "service": name},
			"unique_id": "AROA" + fmt.Sprintf("%016X", len(name)*7919)}
	}
	return resource{typ: "aws_iam_role", name: name, provider: awsSource, configKey: "aws", before: v(before), after: v(after),
		exprs: map[string]any{"name": constant(name), "assume_role_policy": constant(after), "tags": constant(map[string]any{"team": "platform", "service": name})}}
}

func serviceAccount(g int, renamed bool) resource {
	v := func(name string) map[string]any {
		return map[string]any{"automount_service_account_token": true, "default_secret_name": "", "id": fmt.Sprintf("ns%d/%s", g%50, name),
			"image_pull_secret": []any{}, "secret": []any{},
			"metadata": []any{map[string]any{"annotations": map[string]any{"eks.amazonaws.com/role-arn": arn("iam", "", fmt.Sprintf("role/app%d", g))},
				"generate_name": "", "generation": 0, "labels": map[string]any{"app": name}, "name": name, "namespace": fmt.Sprintf("ns%d", g%50),
				"resource_version": fmt.Sprint(1000 + g), "uid": fmt.Sprintf("%08x-0000-4000-8000-%012x", g, g)}}}
	}
	name := fmt.Sprintf("app%d", g)
	after := name
	if renamed {
		after = name + "-server"
	}
	return resource{typ: "kubernetes_service_account_v1", name: fmt.Sprintf("app%d", g), provider: k8sSource, configKey: "kubernetes", before: v(name), after: v(after),
		exprs: map[string]any{"metadata": []any{map[string]any{"name": constant(after), "namespace": constant(fmt.Sprintf("ns%d", g%50)),
			"annotations": refs(fmt.Sprintf("aws_iam_role.app%d.arn", g), fmt.Sprintf("aws_iam_role.app%d", g))}}}}
}

// filler returns an unrelated resource (a bucket or a security group) of
// realistic size.
func filler(g, k int) resource {
	name := fmt.Sprintf("r%d_%d", g, k)
	if k%2 == 0 {
		v := map[string]any{"acceleration_status": "", "acl": nil, "arn": "arn:aws:s3:::bucket-" + name, "bucket": "bucket-" + name,
			"bucket_domain_name": "bucket-" + name + ".s3.amazonaws.com", "bucket_prefix": "", "bucket_regional_domain_name": "bucket-" + name + ".s3.us-east-1.amazonaws.com",
			"force_destroy": false, "hosted_zone_id": "Z3AQBSTGFYJSTF", "id": "bucket-" + name, "object_lock_enabled": false, "region": "us-east-1",
			"request_payer": "BucketOwner", "tags": map[string]any{"env": "prod", "owner": "data"}, "tags_all": map[string]any{"env": "prod", "owner": "data"},
			"versioning":                           []any{map[string]any{"enabled": true, "mfa_delete": false}},
			"server_side_encryption_configuration": []any{map[string]any{"rule": []any{map[string]any{"apply_server_side_encryption_by_default": []any{map[string]any{"kms_master_key_id": "", "sse_algorithm": "AES256"}}, "bucket_key_enabled": false}}}}}
		return resource{typ: "aws_s3_bucket", name: name, provider: awsSource, configKey: "aws", before: v, after: v,
			exprs: map[string]any{"bucket": constant("bucket-" + name), "tags": constant(map[string]any{"env": "prod", "owner": "data"})}}
	}
	rule := func(port int) map[string]any {
		return map[string]any{"cidr_blocks": []any{"10.0.0.0/8"}, "description": "", "from_port": port, "ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{},
			"protocol": "tcp", "security_groups": []any{}, "self": false, "to_port": port}
	}
	v := map[string]any{"arn": arn("ec2", "us-east-1", "security-group/sg-"+name), "description": "Managed by Terraform", "egress": []any{rule(0)},
		"id": "sg-" + name, "ingress": []any{rule(443), rule(8443)}, "name": "sg-" + name, "name_prefix": "", "owner_id": account,
		"revoke_rules_on_delete": false, "tags": map[string]any{"env": "prod"}, "tags_all": map[string]any{"env": "prod"}, "timeouts": nil, "vpc_id": "vpc-0123456789abcdef0"}
	return resource{typ: "aws_security_group", name: name, provider: awsSource, configKey: "aws", before: v, after: v,
		exprs: map[string]any{"name": constant("sg-" + name), "vpc_id": constant("vpc-0123456789abcdef0")}}
}

// ordered is a JSON object whose members are written in the order given,
// as Terraform writes its own structures (attribute values, which are
// maps, come out with sorted keys, as Terraform writes them too).
type ordered []member

type member struct {
	key   string
	value any
}

// MarshalJSON implements json.Marshaler.
func (o ordered) MarshalJSON() ([]byte, error) {
	buf := []byte{'{'}
	for i, m := range o {
		if i > 0 {
			buf = append(buf, ',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		buf = append(append(append(buf, k...), ':'), v...)
	}
	return append(buf, '}'), nil
}

// generate writes a plan of n resources in the layout of terraform show
// -json (format 1.2, members in Terraform's order), each section streamed
// resource by resource. With sortKeys every object's members are sorted
// by key instead (as `jq -S` leaves a plan).
func generate(w io.Writer, n int, sortKeys bool) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	put := func(s string) { bw.WriteString(s) }
	each := func(fn func(r resource) ordered) {
		for i := 0; i < n; i++ {
			if i > 0 {
				put(",")
			}
			var v any = fn(resourceAt(i))
			if sortKeys {
				v = sorted(v.(ordered))
			}
			put(mustJSON(v))
		}
	}
	put(`{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{"resources":[`)
	each(func(r resource) ordered {
		return ordered{{"address", r.address()}, {"mode", "managed"}, {"type", r.typ}, {"name", r.name}, {"provider_name", r.provider},
			{"schema_version", 0}, {"values", r.after}, {"sensitive_values", map[string]any{}}}
	})
	put(`]}},"resource_changes":[`)
	each(func(r resource) ordered {
		unknown := r.afterUnknown
		if unknown == nil {
			unknown = map[string]any{}
		}
		return ordered{{"address", r.address()}, {"mode", "managed"}, {"type", r.typ}, {"name", r.name}, {"provider_name", r.provider},
			{"change", ordered{{"actions", r.actions()}, {"before", r.before}, {"after", r.after}, {"after_unknown", unknown},
				{"before_sensitive", map[string]any{}}, {"after_sensitive", map[string]any{}}}}}
	})
	put(`],"prior_state":{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[`)
	each(func(r resource) ordered {
		return ordered{{"address", r.address()}, {"mode", "managed"}, {"type", r.typ}, {"name", r.name}, {"provider_name", r.provider},
			{"schema_version", 0}, {"values", r.before}, {"sensitive_values", map[string]any{}}}
	})
	put(`]}}},"configuration":{"provider_config":{"aws":{"name":"aws","full_name":"` + awsSource + `","expressions":{"region":{"constant_value":"us-east-1"}}},` +
		`"kubernetes":{"name":"kubernetes","full_name":"` + k8sSource + `","expressions":{"host":{"references":["aws_eks_cluster.prod.endpoint","aws_eks_cluster.prod"]}}},` +
		`"github":{"name":"github","full_name":"` + ghSource + `","expressions":{"owner":{"constant_value":"octo-org"}}}},"root_module":{"resources":[`)
	each(func(r resource) ordered {
		return ordered{{"address", r.address()}, {"mode", "managed"}, {"type", r.typ}, {"name", r.name}, {"provider_config_key", r.configKey},
			{"expressions", r.exprs}, {"schema_version", 0}}
	})
	put(`]}},"timestamp":"2025-01-01T00:00:00Z","applyable":true,"complete":true,"errored":false}`)
	put("\n")
	return bw.Flush()
}

// sorted turns an ordered object, and the ordered objects in it, into
// maps, which encoding/json writes with sorted keys.
func sorted(o ordered) map[string]any {
	m := make(map[string]any, len(o))
	for _, kv := range o {
		if inner, ok := kv.value.(ordered); ok {
			m[kv.key] = sorted(inner)
		} else {
			m[kv.key] = kv.value
		}
	}
	return m
}
