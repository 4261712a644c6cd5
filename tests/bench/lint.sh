#!/usr/bin/env bash
# Benchmark of the plan linter (`make bench` runs it).
#
# For synthetic plans (tests/bench/benchtool gen: IAM roles with
# web-identity trusts, service accounts, GitHub Actions variables, OIDC
# providers and unrelated resources, in the layout and member order of
# `terraform show -json`) of $SIZES resources it measures, interleaved in
# one run (floor, lint, floor, lint, ...), the fastest of $REPEAT runs of
#   - floor: reading the file and checking it with encoding/json.Valid
#     (benchtool valid), what any linter of the file pays;
#   - lint:  terraform-provider-stsguard lint --format json;
# and at $COMPARE_AT resources also
#   - conftest with a hand-written IRSA policy (tests/bench/conftest),
#     built from the Go module proxy into the cache by tests/tools/conftest.sh
#     (skipped, and said, when it cannot be built).
# For each it prints wall time, CPU time (user + system: steadier than wall
# time on a shared machine) and peak memory (max RSS), and the targets:
#   - lint within 2x the floor (wall and CPU ratios are printed);
#   - lint peak memory at most 1.5x the file size + 20 MB;
#   - lint at least 5x faster than conftest.
# The figures of every size make the growth curve.
#
# usage: tests/bench/lint.sh     (SIZES="1000 10000 50000 100000" REPEAT=3 COMPARE_AT=10000)
#        SIZES="1000" REPEAT=1 tests/bench/lint.sh
# Exit status 0; with BENCH_STRICT=1, 1 when a target is missed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes="${SIZES:-1000 10000 50000 100000}"
repeat="${REPEAT:-3}"
compare_at="${COMPARE_AT:-10000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/stsguard-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log() { printf 'lint.sh: %s\n' "$*" >&2; }

(cd "$root" && go build -o "$work/stsguard" . && go build -o "$work/benchtool" ./tests/bench/benchtool)
conftest=""
if [[ " $sizes " == *" $compare_at "* ]]; then
	if conftest="$("$root/tests/tools/conftest.sh")"; then
		log "conftest: $("$conftest" --version | tr '\n' ' ')"
	else
		log "conftest could not be found or built: the comparison is skipped"
		conftest=""
	fi
fi

# measure NAME CMD...: one run; keeps the fastest wall time per NAME (with
# its RSS and CPU time) in best_NAME.
declare -A best
measure() {
	local name="$1" t m c
	shift
	read -r t m c < <("$work/benchtool" run -- "$@")
	if [[ -z "${best[$name]:-}" ]] || awk -v a="$t" -v b="${best[$name]%% *}" 'BEGIN { exit !(a < b) }'; then
		best[$name]="$t $m $c"
	fi
}

status=0
read -r _ pfloor _ < <("$work/benchtool" run -- "$work/stsguard" version)
awk -v f="$pfloor" 'BEGIN { printf "process floor (stsguard version): %.1f MB peak RSS\n", f / 1048576 }'
echo "fastest of $repeat interleaved runs; wall and CPU seconds, peak RSS in MB; $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
printf '%-9s %8s | %7s %7s %7s | %7s %7s %7s | %-17s %-17s | %s\n' \
	resources file_MB floor_s cpu_s MB lint_s cpu_s MB "lint/floor wall" "lint/floor cpu" "memory <= 1.5x file + 20 MB"
declare -A cmp
for n in $sizes; do
	plan="$work/plan-$n.json"
	"$work/benchtool" gen -resources "$n" -o "$plan"
	bytes=$(wc -c <"$plan")
	best=()
	for ((i = 0; i < repeat; i++)); do
		measure floor "$work/benchtool" valid "$plan"
		measure lint "$work/stsguard" lint --format json --fail-on never "$plan"
		if [[ -n "$conftest" && "$n" == "$compare_at" ]]; then
			measure conftest "$conftest" test --all-namespaces --no-color --policy "$root/tests/bench/conftest" "$plan"
		fi
	done
	read -r ft fm fc <<<"${best[floor]}"
	read -r lt lm lc <<<"${best[lint]}"
	line=$(awk -v n="$n" -v b="$bytes" -v ft="$ft" -v fm="$fm" -v fc="$fc" -v lt="$lt" -v lm="$lm" -v lc="$lc" 'BEGIN {
		tr = lt / ft; cr = lc / fc; limit = 1.5 * b + 20 * 1048576
		printf "%-9s %8.1f | %7.3f %7.3f %7.1f | %7.3f %7.3f %7.1f | %5.2fx %-11s %5.2fx %-11s | %.2fx the file, %s\n",
			n, b / 1048576, ft, fc, fm / 1048576, lt, lc, lm / 1048576, tr, (tr <= 2 ? "ok" : "MISS"), cr, (cr <= 2 ? "ok" : "MISS"),
			lm / b, (lm <= limit ? "ok" : "MISS") }')
	echo "$line"
	[[ "$line" == *MISS* ]] && status=1
	if [[ -n "${best[conftest]:-}" ]]; then
		cmp[$n]="${best[conftest]}|${best[lint]}"
	fi
done

for n in "${!cmp[@]}"; do
	IFS='|' read -r c l <<<"${cmp[$n]}"
	read -r ct cm cc <<<"$c"
	read -r lt lm lc <<<"$l"
	line=$(awk -v n="$n" -v ct="$ct" -v cm="$cm" -v cc="$cc" -v lt="$lt" -v lm="$lm" -v lc="$lc" 'BEGIN {
		s = ct / lt
		printf "conftest at %s resources: %.3f s wall, %.3f s CPU, %.1f MB; lint is %.1fx faster (wall), %.1fx (CPU), %.1fx less memory: %s\n",
			n, ct, cc, cm / 1048576, s, cc / lc, cm / lm, (s >= 5 ? "ok (target 5x)" : "MISS (target 5x)") }')
	echo "$line"
	[[ "$line" == *MISS* ]] && status=1
done
if [[ -z "$conftest" && " $sizes " == *" $compare_at "* ]]; then
	echo "conftest: not compared (it could not be found or built; see above)"
fi
[[ "${BENCH_STRICT:-}" == 1 ]] && exit "$status"
exit 0
