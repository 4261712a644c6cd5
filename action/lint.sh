#!/usr/bin/env bash
# lint.sh is the action's lint step: it lints every plan in one `lint` run
# (roles, providers and callers of all the plans are paired together, so
# stacks that only break together are caught), prints the text report to
# the log, writes SARIF and the markdown summary (verdict, map, findings
# table) with --output, and appends the summary to GITHUB_STEP_SUMMARY. It
# never fails the step itself (so the SARIF upload runs); it writes lint's
# exit code to the output "exit-code" for result.sh, and the SARIF file to
# "sarif".
#
# env: STSGUARD_BIN, STSGUARD_PLANS (one per line), STSGUARD_WORKFLOWS,
#      STSGUARD_MANIFESTS (one per line), STSGUARD_CLUSTER, STSGUARD_FAIL_ON,
#      STSGUARD_TF_DIR (one per line: once for all plans, or once per plan
#      in their order), STSGUARD_CONFIG, and the runner's RUNNER_TEMP,
#      GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
set -euo pipefail

bin="${STSGUARD_BIN:?the install step gave no binary}"
out="${RUNNER_TEMP:?}/stsguard-lint"
rm -rf "$out"
mkdir -p "$out"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

# trim prints $1 without surrounding whitespace. (The script stays within
# bash 3.2, macOS runners' bash: no namerefs, no empty array expansions.)
trim() {
	local line=$1
	line="${line#"${line%%[![:space:]]*}"}"
	printf '%s' "${line%"${line##*[![:space:]]}"}"
}

plans=()
while IFS= read -r line; do
	line=$(trim "$line")
	[[ -n "$line" ]] && plans+=("$line")
done <<<"${STSGUARD_PLANS:-}"
if [[ ${#plans[@]} == 0 ]]; then
	echo "::error title=stsguard lint::set the input 'plan' to the plan JSON file(s) (terraform show -json tfplan > plan.json)"
	echo "exit-code=2" >>"$GITHUB_OUTPUT"
	exit 0
fi

args=(--fail-on "${STSGUARD_FAIL_ON:-error}")
[[ -n "${STSGUARD_WORKFLOWS:-}" ]] && args+=(--workflows "$STSGUARD_WORKFLOWS")
while IFS= read -r line; do
	line=$(trim "$line")
	[[ -n "$line" ]] && args+=(--manifests "$line")
done <<<"${STSGUARD_MANIFESTS:-}"
[[ -n "${STSGUARD_CLUSTER:-}" ]] && args+=(--cluster "$STSGUARD_CLUSTER")
# tf-dir: once for all plans, or once per plan in the order of the plans
# (lint says so, exit 2, for any other count).
while IFS= read -r line; do
	line=$(trim "$line")
	[[ -n "$line" ]] && args+=(--tf-dir "$line")
done <<<"${STSGUARD_TF_DIR:-}"
[[ -n "${STSGUARD_CONFIG:-}" ]] && args+=(--config "$STSGUARD_CONFIG")

# The plans as the summary names them: `a.json`, `b.json`.
named=""
for plan in "${plans[@]}"; do
	[[ -n "$named" ]] && named+=", "
	named+="\`$plan\`"
done

sarif="$out/stsguard.sarif"
markdown="$out/stsguard.md"
echo "stsguard lint ${plans[*]}"
rc=0
"$bin" lint "${plans[@]}" --format text --output "sarif=$sarif" --output "markdown=$markdown" "${args[@]}" || rc=$?
case "$rc" in
0) verdict="passed" ;;
1) verdict="failed: findings at or above --fail-on ${STSGUARD_FAIL_ON:-error}" ;;
*)
	verdict="could not be checked (exit $rc: bad input, see the log)"
	echo "::error title=stsguard lint::${plans[*]} could not be checked (exit $rc); see the message above"
	;;
esac
# The markdown summary names the plans and the verdict; without one (bad
# input), a line says what happened.
{
	if [[ -s "$markdown" ]]; then
		cat "$markdown"
	else
		echo "### stsguard lint: $named $verdict"
	fi
	echo
} >>"$summary"

echo "exit-code=$rc" >>"$GITHUB_OUTPUT"
[[ -s "$sarif" ]] && {
	echo "sarif=$sarif"
	echo "sarif-category=stsguard"
} >>"$GITHUB_OUTPUT"
exit 0
