#!/usr/bin/env bash
# stsguard-lint.sh is the stsguard-lint pre-commit hook: terraform plan of
# the root module, terraform show -json, then terraform-provider-stsguard
# lint. The plan files live in a temporary directory that is removed on
# every exit (success, findings, a failing plan, an interrupt), so nothing
# is left in the repository.
#
# usage: hooks/stsguard-lint.sh [--chdir=DIR] [lint flags...]
#   --chdir=DIR   the root module directory (terraform -chdir; lint --tf-dir)
# env:   STSGUARD_BIN (default: terraform-provider-stsguard on PATH),
#        STSGUARD_TERRAFORM (default: terraform on PATH).
set -euo pipefail

work=""
cleanup() { if [[ -n "$work" ]]; then rm -rf "$work"; fi; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bin="${STSGUARD_BIN:-terraform-provider-stsguard}"
terraform="${STSGUARD_TERRAFORM:-terraform}"
for tool in "$bin" "$terraform"; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "stsguard-lint: $tool is not installed or not on PATH (install stsguard with 'make install', or set STSGUARD_BIN / STSGUARD_TERRAFORM)" >&2
		exit 2
	}
done

tf=("$terraform")
lint_args=()
while [[ $# -gt 0 ]]; do
	case "$1" in
	--chdir=*) tf+=("-chdir=${1#--chdir=}") && lint_args+=(--tf-dir "${1#--chdir=}") ;;
	--chdir) tf+=("-chdir=${2:?--chdir needs a directory}") && lint_args+=(--tf-dir "$2") && shift ;;
	*) lint_args+=("$1") ;;
	esac
	shift
done

work="$(mktemp -d "${TMPDIR:-/tmp}/stsguard-lint.XXXXXX")"
if ! "${tf[@]}" plan -input=false -lock=false -refresh=false -out="$work/tfplan" >"$work/plan.log" 2>&1; then
	# stsguard_role_trust data sources fail the plan themselves: show why.
	echo "stsguard-lint: terraform plan failed:" >&2
	cat "$work/plan.log" >&2
	exit 1
fi
if ! "${tf[@]}" show -json "$work/tfplan" >"$work/plan.json" 2>"$work/show.log"; then
	echo "stsguard-lint: terraform show -json failed:" >&2
	cat "$work/show.log" >&2
	exit 1
fi
"$bin" lint "$work/plan.json" ${lint_args[@]+"${lint_args[@]}"}
