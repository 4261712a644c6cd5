#!/usr/bin/env bash
# Regenerates testdata/corpus/plans/module__*.json: plans of real public
# Terraform modules (terraform-aws-modules/iam, eks-pod-identity,
# aws-ia/eks-blueprints-addon) planned by the real terraform CLI against the
# test-only stand-in providers in tests/standin/.
#
# usage: testdata/corpus/generate-modules.sh MODULES_DIR [id ...]
#   MODULES_DIR holds the module repositories, already obtained by you (this
#   script downloads nothing): each as MODULES_DIR/<owner>+<name>/repo (a git
#   directory, the layout of a mirror) or MODULES_DIR/<owner>/<name> (a git
#   clone). The exact commits below are read with `git archive`, so the
#   clones need those commits (v5.60.0 and v6.5.0 for the iam module).
#   With no ids, every directory under configs/ not starting with "_" is done.
#
# Each configs/<id>/ is either a main.tf (one plan against an empty state ->
# plans/<id>.json) or before/ and after/ (plan before/, apply it, plan after/
# against that state -> plans/<id>.json; the before plan is not kept).
# Module sources in the configs are local: ./modules/<name>, filled from the
# table below; ./modules/eks-lite is configs/_shared/eks-lite (written for
# this corpus). The module code is copied to a temporary directory only.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ $# -lt 1 || ! -d "$1" ]]; then
	echo "usage: $0 MODULES_DIR [id ...]  (MODULES_DIR: the fetched module repositories)" >&2
	exit 2
fi
modules_dir="$(cd "$1" && pwd)"
shift

# local name | repository | commit | path in the repository
modules_table="
iam5-irsa|terraform-aws-modules/terraform-aws-iam|c29ec1ed409683086f63f83ff5b10a6f3c296ef2|modules/iam-role-for-service-accounts-eks
iam5-oidc-role|terraform-aws-modules/terraform-aws-iam|c29ec1ed409683086f63f83ff5b10a6f3c296ef2|modules/iam-assumable-role-with-oidc
iam5-github-role|terraform-aws-modules/terraform-aws-iam|c29ec1ed409683086f63f83ff5b10a6f3c296ef2|modules/iam-github-oidc-role
iam5-github-provider|terraform-aws-modules/terraform-aws-iam|c29ec1ed409683086f63f83ff5b10a6f3c296ef2|modules/iam-github-oidc-provider
iam6-irsa|terraform-aws-modules/terraform-aws-iam|981121bcd17618b8ed032223c0d9e647b9277ef9|modules/iam-role-for-service-accounts
iam6-role|terraform-aws-modules/terraform-aws-iam|981121bcd17618b8ed032223c0d9e647b9277ef9|modules/iam-role
iam6-oidc-provider|terraform-aws-modules/terraform-aws-iam|981121bcd17618b8ed032223c0d9e647b9277ef9|modules/iam-oidc-provider
pod-identity|terraform-aws-modules/terraform-aws-eks-pod-identity|2cbd87e243fcbf74385331dcf983e273eeb7aa36|.
blueprints-addon|aws-ia/terraform-aws-eks-blueprints-addon|0f109f7726a7dd1099bef90022d84916f059dd74|.
"

terraform_bin="$(command -v terraform)" || {
	echo "generate-modules.sh: terraform not found; put Terraform >= 1.8 on PATH" >&2
	exit 2
}

work="$(mktemp -d "${TMPDIR:-/tmp}/stsguard-corpus.XXXXXX")"
trap 'rm -rf "$work"' EXIT

gitdir_of() { # owner/name -> git directory
	local repo="$1" d
	for d in "$modules_dir/${repo/\//+}/repo" "$modules_dir/$repo/.git" "$modules_dir/$repo"; do
		if git --git-dir="$d" rev-parse --git-dir >/dev/null 2>&1; then
			echo "$d"
			return
		fi
	done
	echo "generate-modules.sh: no git repository for $repo under $modules_dir" >&2
	return 1
}

# Extract every module of the table once, at its commit (top-level .tf files
# of its path only: the modules' own examples, tests and wrappers are left out).
mods="$work/modules"
mkdir -p "$mods"
while IFS='|' read -r name repo commit path; do
	[[ -z "$name" ]] && continue
	gd="$(gitdir_of "$repo")"
	mkdir -p "$mods/$name" "$work/x"
	git --git-dir="$gd" archive "$commit" "$path" | tar -x -C "$work/x"
	cp "$work/x/$path"/*.tf "$mods/$name"/
	rm -rf "$work/x"
done <<<"$modules_table"
cp -r "$here/configs/_shared/eks-lite" "$mods/eks-lite"

bin="$work/bin"
mkdir -p "$bin"
(cd "$root" && go build -o "$bin/terraform-provider-standin" ./tests/standin/cmd/terraform-provider-standin)
for p in aws kubernetes helm github tls; do
	ln -s "$bin/terraform-provider-standin" "$bin/terraform-provider-$p"
done
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "hashicorp/aws"        = "$bin"
    "hashicorp/kubernetes" = "$bin"
    "hashicorp/helm"       = "$bin"
    "integrations/github"  = "$bin"
    "hashicorp/tls"        = "$bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
unset TF_DATA_DIR TF_WORKSPACE TF_LOG TF_CLI_ARGS TF_CLI_ARGS_plan TF_CLI_ARGS_apply 2>/dev/null || true
export STANDIN_AWS_ACCOUNT_ID=111122223333 AWS_REGION=us-east-1
unset AWS_DEFAULT_REGION GITHUB_OWNER STANDIN_PROVIDER 2>/dev/null || true

tf() {
	local log="$work/last.log"
	if ! "$terraform_bin" "$@" >"$log" 2>&1; then
		echo "generate-modules.sh: terraform $* failed in $(pwd):" >&2
		cat "$log" >&2
		return 1
	fi
}

stage() { # stage SRC DIR: the config's .tf files plus ./modules
	rm -f "$2"/*.tf
	cp "$1"/*.tf "$2"/
	ln -sfn "$mods" "$2/modules"
}

mkdir -p "$here/plans"
run() {
	local id="$1" src="$here/configs/$1" dir="$work/run/$1"
	echo "plan $id" >&2
	mkdir -p "$dir"
	if [[ -d "$src/before" ]]; then
		stage "$src/before" "$dir"
		(cd "$dir" && tf get -no-color && tf plan -input=false -no-color -out=before.tfplan &&
			tf apply -input=false -no-color -auto-approve before.tfplan)
		stage "$src/after" "$dir"
	else
		stage "$src" "$dir"
	fi
	(cd "$dir" && tf get -no-color && tf plan -input=false -no-color -out=plan.tfplan &&
		"$terraform_bin" show -json plan.tfplan >"$here/plans/$id.json.tmp")
	mv "$here/plans/$id.json.tmp" "$here/plans/$id.json"
}

if [[ $# -gt 0 ]]; then
	ids=("$@")
else
	ids=()
	for d in "$here"/configs/*/; do
		n="$(basename "$d")"
		[[ "$n" == _* ]] || ids+=("$n")
	done
fi
for id in "${ids[@]}"; do
	run "$id"
done
echo "generate-modules.sh: wrote ${#ids[@]} plan(s) to $here/plans" >&2
