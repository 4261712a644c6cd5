#!/usr/bin/env bash
# Benchmark of the plan linter (`make bench` runs it).
#
# For synthetic plans of 1,000, 10,000 and 50,000 resources (written by
# tests/bench/benchtool gen: IAM roles with web-identity trusts, service
# accounts, GitHub Actions variables, OIDC providers and unrelated
# resources, in the layout of `terraform show -json`), it prints the wall
# time and peak memory (max RSS) of
#   - decode: reading the file and decoding it with encoding/json into an
#     empty interface (the baseline), and
#   - lint:   terraform-provider-stsguard lint --format json,
# with the two targets: lint within 2x the decode time, lint peak memory
# within 3x the file size. Memory is judged net of the process floor (the
# peak RSS of `terraform-provider-stsguard version`, about 16 MB: the Go
# runtime and the provider's libraries), which dominates small plans; the
# gross ratio is printed too. Each measurement is the fastest of $REPEAT
# runs.
#
# usage: tests/bench/lint.sh            (SIZES="1000 10000 50000" REPEAT=3)
#        SIZES="1000" REPEAT=1 tests/bench/lint.sh
# Exit status: 0 when every size meets both targets, 1 otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes="${SIZES:-1000 10000 50000}"
repeat="${REPEAT:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/stsguard-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

(cd "$root" && go build -o "$work/stsguard" . && go build -o "$work/benchtool" ./tests/bench/benchtool)

# best CMD...: run CMD $repeat times, print "SECONDS RSS_BYTES" of the fastest.
best() {
	local best_t="" best_m="" t m
	for ((i = 0; i < repeat; i++)); do
		read -r t m < <("$work/benchtool" run -- "$@")
		if [[ -z "$best_t" ]] || awk -v a="$t" -v b="$best_t" 'BEGIN { exit !(a < b) }'; then
			best_t="$t" best_m="$m"
		fi
	done
	echo "$best_t $best_m"
}

status=0
read -r _ floor < <(best "$work/stsguard" version)
awk -v f="$floor" 'BEGIN { printf "process floor (stsguard version): %.1f MB peak RSS\n", f / 1048576 }'
printf '%-10s %9s | %9s %10s | %9s %10s | %-12s %-12s %s\n' \
	resources file_MB decode_s decode_MB lint_s lint_MB "time <=2x" "net mem <=3x" "gross mem"
for n in $sizes; do
	plan="$work/plan-$n.json"
	"$work/benchtool" gen -resources "$n" -o "$plan"
	bytes=$(wc -c <"$plan")
	read -r dt dm < <(best "$work/benchtool" decode "$plan")
	read -r lt lm < <(best "$work/stsguard" lint --format json --fail-on never "$plan")
	verdicts=$(awk -v dt="$dt" -v lt="$lt" -v lm="$lm" -v b="$bytes" -v f="$floor" 'BEGIN {
		tr = (dt > 0) ? lt / dt : 0; net = (lm - f) / b; gross = lm / b
		printf "%.2fx %s %.2fx %s %.2fx", tr, (tr <= 2 ? "ok" : "MISS"), net, (net <= 3 ? "ok" : "MISS"), gross }')
	read -r tr tv mr mv gr <<<"$verdicts"
	[[ "$tv" == ok && "$mv" == ok ]] || status=1
	awk -v n="$n" -v b="$bytes" -v dt="$dt" -v dm="$dm" -v lt="$lt" -v lm="$lm" -v tr="$tr $tv" -v mr="$mr $mv" -v gr="$gr" 'BEGIN {
		printf "%-10s %9.1f | %9.3f %10.1f | %9.3f %10.1f | %-12s %-12s %s\n", n, b / 1048576, dt, dm / 1048576, lt, lm / 1048576, tr, mr, gr }'
done
exit "$status"
