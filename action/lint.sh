#!/usr/bin/env bash
# lint.sh is the action's lint step: it lints each plan, prints the text
# report to the log, writes SARIF and the markdown summary (verdict, map,
# findings table) with --output, and appends the summary to
# GITHUB_STEP_SUMMARY. It never fails the step itself (so the SARIF upload
# runs); it writes the worst exit code to the output "exit-code" for
# result.sh, and the SARIF file or directory to "sarif".
#
# env: STSGUARD_BIN, STSGUARD_PLANS (one per line), STSGUARD_WORKFLOWS,
#      STSGUARD_MANIFESTS (one per line), STSGUARD_CLUSTER, STSGUARD_FAIL_ON, STSGUARD_TF_DIR, STSGUARD_CONFIG,
#      and the runner's RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
set -euo pipefail

bin="${STSGUARD_BIN:?the install step gave no binary}"
out="${RUNNER_TEMP:?}/stsguard-lint"
rm -rf "$out"
mkdir -p "$out/sarif" "$out/markdown"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

plans=()
while IFS= read -r line; do
	line="${line#"${line%%[![:space:]]*}"}"
	line="${line%"${line##*[![:space:]]}"}"
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
	line="${line#"${line%%[![:space:]]*}"}"
	line="${line%"${line##*[![:space:]]}"}"
	[[ -n "$line" ]] && args+=(--manifests "$line")
done <<<"${STSGUARD_MANIFESTS:-}"
[[ -n "${STSGUARD_CLUSTER:-}" ]] && args+=(--cluster "$STSGUARD_CLUSTER")
[[ -n "${STSGUARD_TF_DIR:-}" ]] && args+=(--tf-dir "$STSGUARD_TF_DIR")
[[ -n "${STSGUARD_CONFIG:-}" ]] && args+=(--config "$STSGUARD_CONFIG")

worst=0
n=0
for plan in "${plans[@]}"; do
	n=$((n + 1))
	sarif="$out/sarif/stsguard-$n.sarif"
	markdown="$out/markdown/stsguard-$n.md"
	echo "stsguard lint $plan"
	rc=0
	"$bin" lint "$plan" --format text --output "sarif=$sarif" --output "markdown=$markdown" "${args[@]}" || rc=$?
	case "$rc" in
	0) verdict="passed" ;;
	1) verdict="failed: findings at or above --fail-on ${STSGUARD_FAIL_ON:-error}" ;;
	*)
		verdict="could not be checked (exit $rc: bad input, see the log)"
		echo "::error title=stsguard lint::$plan could not be checked (exit $rc); see the message above"
		;;
	esac
	((rc > worst)) && worst=$rc
	# The markdown summary names the plan and its verdict; without one
	# (bad input), a line says what happened.
	{
		if [[ -s "$markdown" ]]; then
			cat "$markdown"
		else
			echo "### stsguard lint: \`$plan\` $verdict"
		fi
		echo
	} >>"$summary"
	# Several plans: one SARIF run per plan, each its own code-scanning
	# category, so that one plan's upload does not replace another's.
	if [[ ${#plans[@]} -gt 1 && -s "$sarif" ]]; then
		command -v jq >/dev/null 2>&1 || { echo "::error title=stsguard lint::several plans need jq to label their SARIF runs"; worst=2; continue; }
		jq --arg id "stsguard/$plan/" '.runs[].automationDetails = {id: $id}' "$sarif" >"$sarif.tmp" && mv "$sarif.tmp" "$sarif"
	fi
done

echo "exit-code=$worst" >>"$GITHUB_OUTPUT"
if [[ ${#plans[@]} == 1 ]]; then
	[[ -s "$out/sarif/stsguard-1.sarif" ]] && {
		echo "sarif=$out/sarif/stsguard-1.sarif"
		echo "sarif-category=stsguard"
	} >>"$GITHUB_OUTPUT"
elif compgen -G "$out/sarif/*.sarif" >/dev/null; then
	echo "sarif=$out/sarif" >>"$GITHUB_OUTPUT"
fi
exit 0
