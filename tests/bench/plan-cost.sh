#!/usr/bin/env bash
# plan-cost.sh measures what the stsguard provider costs a `terraform plan`.
#
# For each count N (default 1 50 500) it plans configurations written by
# tests/bench/gen-config.sh with the real terraform (tests/tools/terraform.sh),
# the provider built from this checkout and loaded through a dev override:
#   data sources    N stsguard_role_trust data sources (the number that
#                   matters: the target is a ratio below 1.5 at N=500);
#   logs off        the same, with TF_LOG_SDK=OFF in the environment: shows
#                   what the SDK's default TRACE logging costs (see below);
#   functions       N terraform_data resources with a precondition calling
#                   provider::stsguard::allows twice (same checks);
#   terraform_data  N terraform_data resources with the same policy text
#                   (built-in provider: no plugin process, no RPC);
#   floor           N floor_role_trust data sources: the test-only provider
#                   tests/bench/floorprovider, a terraform-plugin-framework
#                   data source with stsguard_role_trust's schema whose Read
#                   does nothing. The honest floor of any framework data
#                   source: the target is stsguard within 1.2x of it at N=500;
#   floor fns       the functions configuration with provider::floor::noop
#                   (allows's signature, returns false) in the preconditions:
#                   the floor of any provider function; the target is the
#                   functions within 1.5x of it at N=500.
# It plans the configurations in turn, round after round, and prints the
# median wall time of each, the ratios to terraform_data and
# to the floors, and a split of the data-source cost into a fixed part
# (provider start-up, handshake, schema) and a part per data source.
#
# Where the time goes (2 CPUs, N=500; details and current figures in
# templates/guides/performance.md.tmpl): SDK TRACE logging is now off unless
# a TF_LOG* variable asks for it (main.go), so "logs off" equals "data
# sources". What remains is mostly the floor of any terraform-plugin-framework
# data source with this block-heavy schema (the floor configuration: two
# gRPC calls per instance, the framework's schema passes, GC), then
# stsguard's Read, about 0.56 ms of CPU per data source in the profile of
# one plan: the over-breadth analysis (~0.36 ms), parse + evaluate + the
# explanations (~0.08 ms), reading config / building state (no reflection).
#
# usage: tests/bench/plan-cost.sh [COUNT ...]      (make bench-plan-cost)
# env:   PLAN_COST_RUNS=3      timed runs per configuration (median reported)
#        PLAN_COST_STRICT=1    exit 1 when a target is missed at the
#                              largest N
#        PLAN_COST_TARGET=1.2  data sources / floor data sources
#        PLAN_COST_FN_TARGET=1.5  functions / floor functions
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
counts=("$@")
((${#counts[@]})) || counts=(1 50 500)
runs="${PLAN_COST_RUNS:-3}"
target="${PLAN_COST_TARGET:-1.2}"
fn_target="${PLAN_COST_FN_TARGET:-1.5}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "plan-cost.sh: PLAN_COST_RUNS must be a positive integer" >&2; exit 2; }
for n in "${counts[@]}"; do
	[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "plan-cost.sh: counts must be positive integers, got '$n'" >&2; exit 2; }
done

log() { printf 'plan-cost: %s\n' "$*" >&2; }

terraform="$("$root/tests/tools/terraform.sh")"
work="$(mktemp -d "${TMPDIR:-/tmp}/stsguard-plan-cost.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log "building the provider and the floor provider (tests/bench/floorprovider)"
(cd "$root" && go build -o "$work/bin/terraform-provider-stsguard" . && go build -o "$work/floorbin/terraform-provider-floor" ./tests/bench/floorprovider)
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "stsguard/stsguard" = "$work/bin"
    "stsguard/floor"    = "$work/floorbin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
# Measure what users get: no log settings of our own (except in "logs off").
unset TF_LOG TF_LOG_PATH TF_LOG_CORE TF_LOG_PROVIDER TF_LOG_SDK TF_LOG_SDK_PROTO TF_LOG_SDK_FRAMEWORK

# now prints the current time in seconds with microseconds.
now() {
	if [[ -n "${EPOCHREALTIME:-}" ]]; then
		printf '%s\n' "${EPOCHREALTIME/,/.}"
	else
		date +%s.%N
	fi
}

# warm DIR [ENV=VALUE ...] plans DIR once, untimed: a warm-up that also
# proves the plan succeeds.
warm() {
	local dir="$1"
	shift
	(cd "$dir" && env "$@" "$terraform" plan -input=false -lock=false -no-color >"$dir/plan.log" 2>&1) || {
		cat "$dir/plan.log" >&2
		log "terraform plan failed in $dir (see above)"
		exit 1
	}
}

# plan_once DIR [ENV=VALUE ...] prints the wall time of one plan of DIR.
plan_once() {
	local dir="$1" start end
	shift
	start="$(now)"
	(cd "$dir" && env "$@" "$terraform" plan -input=false -lock=false -no-color >/dev/null 2>&1)
	end="$(now)"
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}

# median TIMES... prints the median.
median() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Each configuration is planned once per round, in turn, for
# PLAN_COST_RUNS rounds: a change in the machine's load over the run
# falls on every configuration alike, so the ratios hold.
declare -A sts quiet fn data floor floorfn
kinds=(stsguard floor quiet functions floor_functions terraform_data)
for n in "${counts[@]}"; do
	for kind in stsguard functions terraform_data floor floor_functions; do
		"$root/tests/bench/gen-config.sh" "$kind" "$n" "$work/$kind-$n"
	done
	log "N=$n: planning each configuration in turn ($runs rounds after one warm-up)"
	declare -A times=()
	for kind in "${kinds[@]}"; do
		case $kind in
		quiet) warm "$work/stsguard-$n" TF_LOG_SDK=OFF ;;
		*) warm "$work/$kind-$n" ;;
		esac
	done
	for ((i = 0; i < runs; i++)); do
		for kind in "${kinds[@]}"; do
			case $kind in
			quiet) t="$(plan_once "$work/stsguard-$n" TF_LOG_SDK=OFF)" ;;
			*) t="$(plan_once "$work/$kind-$n")" ;;
			esac
			times[$kind]+=" $t"
		done
	done
	# shellcheck disable=SC2086 # the times are words
	{
		sts[$n]="$(median ${times[stsguard]})"
		floor[$n]="$(median ${times[floor]})"
		quiet[$n]="$(median ${times[quiet]})"
		fn[$n]="$(median ${times[functions]})"
		floorfn[$n]="$(median ${times[floor_functions]})"
		data[$n]="$(median ${times[terraform_data]})"
	}
	unset times
done

echo
echo "terraform plan wall time in seconds, median of ${runs} ($("$terraform" version | head -n 1), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs)"
printf '%6s  %12s  %9s  %6s  %9s  %9s  %14s | %11s  %11s | %9s  %9s\n' N "data sources" "logs off" floor functions "floor fns" terraform_data "data/floor" "fns/floor" "data/tfd" "fns/tfd"
for n in "${counts[@]}"; do
	printf '%6s  %12s  %9s  %6s  %9s  %9s  %14s | %11s  %11s | %9s  %9s\n' "$n" "${sts[$n]}" "${quiet[$n]}" "${floor[$n]}" "${fn[$n]}" "${floorfn[$n]}" "${data[$n]}" \
		"$(ratio "${sts[$n]}" "${floor[$n]}")" "$(ratio "${fn[$n]}" "${floorfn[$n]}")" "$(ratio "${sts[$n]}" "${data[$n]}")" "$(ratio "${fn[$n]}" "${data[$n]}")"
done

# Where the extra time goes: the difference at the smallest count is the
# fixed cost of running the provider at all; the growth of the difference
# between the smallest and the largest count is the cost per data source.
lo="${counts[0]}" hi="${counts[${#counts[@]} - 1]}"
echo
awk -v lo="$lo" -v hi="$hi" -v slo="${sts[$lo]}" -v shi="${sts[$hi]}" -v qlo="${quiet[$lo]}" -v qhi="${quiet[$hi]}" \
	-v dlo="${data[$lo]}" -v dhi="${data[$hi]}" 'BEGIN {
	printf "fixed cost of the provider (start-up, handshake, schema): %.3f s\n", slo - dlo
	if (hi > lo) {
		per_s = (shi - slo) / (hi - lo) * 1000
		per_q = (qhi - qlo) / (hi - lo) * 1000
		per_d = (dhi - dlo) / (hi - lo) * 1000
		printf "per instance: stsguard_role_trust %.2f ms (%.2f ms with SDK logs off), terraform_data %.2f ms\n", per_s, per_q, per_d
		if (per_s > per_d && per_q < per_s) printf "SDK TRACE logging is %.0f%% of the extra per-instance cost\n", 100 * (per_s - per_q) / (per_s - per_d)
	}
}'

status=0
r="$(ratio "${sts[$hi]}" "${floor[$hi]}")"
if awk -v r="$r" -v t="$target" 'BEGIN { exit !(r <= t) }'; then
	echo "target: data sources / floor data sources at N=${hi} is ${r} <= ${target}: met"
else
	echo "target: data sources / floor data sources at N=${hi} is ${r}, above ${target}: missed"
	status=1
fi
r="$(ratio "${fn[$hi]}" "${floorfn[$hi]}")"
if awk -v r="$r" -v t="$fn_target" 'BEGIN { exit !(r <= t) }'; then
	echo "target: functions / floor functions at N=${hi} is ${r} <= ${fn_target}: met"
else
	echo "target: functions / floor functions at N=${hi} is ${r}, above ${fn_target}: missed"
	status=1
fi
[[ "${PLAN_COST_STRICT:-}" == 1 ]] && exit "$status"
exit 0
