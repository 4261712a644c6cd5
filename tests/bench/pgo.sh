#!/usr/bin/env bash
# Writes default.pgo, the CPU profile the Go toolchain uses for
# profile-guided optimisation of the binary (go build's -pgo=auto reads
# default.pgo from the main package's directory: make build, go install,
# goreleaser). The profile is of `lint` in-process
# (BenchmarkLintCommand/lint, internal/cli) on synthetic plans of
# $SIZES resources (tests/bench/benchtool gen), merged. Run it again after
# changes to the hot paths of lint (the plan reader, the analysis); a stale
# profile still builds, it optimises less.
#
# usage: tests/bench/pgo.sh      (SIZES="1000 10000 50000" BENCHTIME=10x)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes="${SIZES:-1000 10000 50000}"
benchtime="${BENCHTIME:-10x}"
work="$(mktemp -d "${TMPDIR:-/tmp}/stsguard-pgo.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cd "$root"
go build -o "$work/benchtool" ./tests/bench/benchtool
profiles=()
for n in $sizes; do
	"$work/benchtool" gen -resources "$n" -o "$work/plan-$n.json"
	STSGUARD_BENCH_PLAN="$work/plan-$n.json" go test ./internal/cli -pgo=off -run '^$' \
		-bench 'LintCommand/lint$' -benchtime "$benchtime" -cpuprofile "$work/cpu-$n.pprof" -o "$work/cli.test" >/dev/null
	profiles+=("$work/cpu-$n.pprof")
done
go tool pprof -proto "${profiles[@]}" >"$root/default.pgo" 2>/dev/null
echo "pgo.sh: wrote default.pgo ($(wc -c <"$root/default.pgo") bytes) from lint on plans of $sizes resources"
