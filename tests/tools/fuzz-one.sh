#!/usr/bin/env bash
# fuzz-one.sh PKG TARGET FUZZTIME runs one fuzz target. A run that fails
# only with "context deadline exceeded" at the -fuzztime boundary, writing
# no failing input, is Go's fuzz coordinator race (golang/go#75804, fixed
# in Go 1.27; go1.26.x still has it), not a finding: it is retried, at most
# twice. Any other failure, and every failing input written, fails at once.
set -uo pipefail
pkg=$1 target=$2 fuzztime=$3
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for attempt in 1 2 3; do
	go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" 2>&1 | tee "$log"
	status=${PIPESTATUS[0]}
	if [[ $status == 0 ]]; then
		exit 0
	fi
	if grep -q 'context deadline exceeded' "$log" &&
		! grep -qE 'Failing input written|panic:|^\s+[a-z_]+\.go:[0-9]+:' "$log"; then
		echo "fuzz: $pkg $target: context deadline exceeded at the -fuzztime boundary with no failing input (golang/go#75804), attempt $attempt; retrying"
		continue
	fi
	exit "$status"
done
echo "fuzz: $pkg $target: the -fuzztime boundary race happened three times in a row"
exit 1
