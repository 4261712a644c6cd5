# A hand-written IRSA policy for conftest, the comparison of
# tests/bench/lint.sh (make bench): what a team would write instead of
# stsguard lint to check a plan's EKS and GitHub Actions trusts. It is far
# weaker than the linter (exact string comparison, no IAM semantics, no
# case folding, no policy variables, no over-breadth analysis); it exists to
# time a realistic policy on the same plan in the same run.
#
#   conftest test --all-namespaces --policy tests/bench/conftest plan.json
package stsguard.bench

import rego.v1

as_array(x) := x if is_array(x)

as_array(x) := [x] if not is_array(x)

# after is the planned state of each IAM role, with its parsed trust.
after[rc.address] := {"arn": rc.change.after.arn, "trust": json.unmarshal(rc.change.after.assume_role_policy)} if {
	some rc in input.resource_changes
	rc.type == "aws_iam_role"
	is_string(rc.change.after.assume_role_policy)
}

# web lists the Allow statements of a trust that name a federated OIDC
# provider.
web(trust) := [st |
	some st in as_array(trust.Statement)
	st.Effect == "Allow"
	some p in as_array(st.Principal.Federated)
	contains(p, ":oidc-provider/")
]

condition_values(st, op, suffix) := [v |
	some key, vals in object.get(st, ["Condition", op], {})
	endswith(key, suffix)
	some v in as_array(vals)
]

deny contains msg if {
	some address, role in after
	some st in web(role.trust)
	count(condition_values(st, "StringEquals", ":sub")) + count(condition_values(st, "StringLike", ":sub")) == 0
	msg := sprintf("%s: a web identity statement has no sub condition: any workload of the issuer may assume the role", [address])
}

deny contains msg if {
	some address, role in after
	some st in web(role.trust)
	count(condition_values(st, "StringEquals", ":aud")) == 0
	msg := sprintf("%s: a web identity statement does not pin the audience (aud)", [address])
}

deny contains msg if {
	some address, role in after
	some st in web(role.trust)
	some v in condition_values(st, "StringLike", ":sub")
	contains(v, "*")
	msg := sprintf("%s: the sub condition %q is a wildcard", [address, v])
}

# by_arn indexes the roles by ARN, so that each caller costs one lookup.
by_arn[role.arn] := role if some role in after

# admits holds when some web statement of the role with that ARN lists the
# subject exactly.
admits(arn, subject) if {
	some st in web(by_arn[arn].trust)
	subject in condition_values(st, "StringEquals", ":sub")
}

deny contains msg if {
	some rc in input.resource_changes
	rc.type in {"kubernetes_service_account", "kubernetes_service_account_v1"}
	some md in rc.change.after.metadata
	arn := md.annotations["eks.amazonaws.com/role-arn"]
	subject := sprintf("system:serviceaccount:%s:%s", [md.namespace, md.name])
	not admits(arn, subject)
	msg := sprintf("%s: %s is annotated with %s, whose trust does not name it", [rc.address, subject, arn])
}

deny contains msg if {
	some rc in input.resource_changes
	rc.type == "github_actions_variable"
	arn := rc.change.after.value
	startswith(arn, "arn:aws:iam::")
	subject := sprintf("repo:octo-org/%s:ref:refs/heads/main", [rc.change.after.repository])
	not admits(arn, subject)
	msg := sprintf("%s: the workflows of %s on main cannot assume %s", [rc.address, rc.change.after.repository, arn])
}
