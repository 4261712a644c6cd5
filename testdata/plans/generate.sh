#!/usr/bin/env bash
# Regenerates the plan JSON fixtures in testdata/plans/ with the real
# terraform CLI and the test-only stand-in providers in tests/standin/.
#
# usage: testdata/plans/generate.sh [scenario-name ...]
#   With no names, every directory under testdata/plans/scenarios/ is done.
#
# For each scenario S (scenarios/S/before and scenarios/S/after):
#   1. plan before/ against an empty state   -> S.before.json
#   2. apply that plan (local state file)
#   3. plan after/ against the same state     -> S.json
# The state left by eks-sa-renamed-break's before/ is also written as
# state-not-plan.json (terraform show -json of a state, not a plan) and
# state-not-plan.tfstate (the raw state file).
#
# Needs: go, terraform (the one tests/tools/terraform.sh picks when that script
# exists, else terraform on PATH).
# Never touches the network: the four providers are dev_overrides pointing
# at the stand-in binary, so no `terraform init` is run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
scenarios_dir="$here/scenarios"
state_scenario="eks-sa-renamed-break"

# tests/tools/terraform.sh prints the path of a usable terraform (>= 1.8).
if [[ -f "$root/tests/tools/terraform.sh" ]]; then
	terraform_bin="$(bash "$root/tests/tools/terraform.sh")" || {
		echo "generate.sh: tests/tools/terraform.sh found no usable terraform (see above)" >&2
		exit 2
	}
elif terraform_bin="$(command -v terraform)"; then
	:
else
	echo "generate.sh: terraform not found; put Terraform >= 1.8 on PATH" >&2
	exit 2
fi
terraform_cmd=("$terraform_bin")

work="$(mktemp -d "${TMPDIR:-/tmp}/stsguard-plans.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# 1. Build the stand-in once and install it under the four provider names.
bin="$work/bin"
mkdir -p "$bin"
(cd "$root" && go build -o "$bin/terraform-provider-standin" ./tests/standin/cmd/terraform-provider-standin)
for p in aws kubernetes helm github; do
	ln -s "$bin/terraform-provider-standin" "$bin/terraform-provider-$p"
done

# 2. A CLI configuration of our own: dev_overrides for the stand-ins only.
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "hashicorp/aws"        = "$bin"
    "hashicorp/kubernetes" = "$bin"
    "hashicorp/helm"       = "$bin"
    "integrations/github"  = "$bin"
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
	if ! "${terraform_cmd[@]}" "$@" >"$log" 2>&1; then
		echo "generate.sh: terraform $* failed in $(pwd):" >&2
		cat "$log" >&2
		return 1
	fi
}

# show_json OUT [PLANFILE] writes `terraform show -json [PLANFILE]` to OUT
# (the current state when PLANFILE is omitted).
show_json() {
	local out="$1"
	shift
	"${terraform_cmd[@]}" show -json "$@" >"$out.tmp"
	mv "$out.tmp" "$out"
}

run_scenario() {
	local name="$1" src="$scenarios_dir/$1" dir="$work/run/$1"
	if [[ ! -d "$src/before" || ! -d "$src/after" ]]; then
		echo "generate.sh: $src must contain before/ and after/" >&2
		return 1
	fi
	echo "scenario $name" >&2
	mkdir -p "$dir"
	cp "$src"/before/*.tf "$dir"/
	(
		cd "$dir"
		tf plan -input=false -no-color -out=before.tfplan
		show_json "$here/$name.before.json" before.tfplan
		tf apply -input=false -no-color -auto-approve before.tfplan
		if [[ "$name" == "$state_scenario" ]]; then
			show_json "$here/state-not-plan.json"
			cp terraform.tfstate "$here/state-not-plan.tfstate"
		fi
		rm -f ./*.tf
		cp "$src"/after/*.tf .
		tf plan -input=false -no-color -out=after.tfplan
		show_json "$here/$name.json" after.tfplan
	)
}

if [[ $# -gt 0 ]]; then
	names=("$@")
else
	names=()
	for d in "$scenarios_dir"/*/; do
		names+=("$(basename "$d")")
	done
fi
for name in "${names[@]}"; do
	run_scenario "$name"
done
echo "generate.sh: wrote ${#names[@]} scenario(s) to $here" >&2
