#!/usr/bin/env bash
# stsguard-explain.sh is the stsguard-explain pre-commit hook: each trust
# policy JSON file is explained against its requests, and the hook fails
# when a request is decided otherwise than expected or is bad input.
#
# The requests of NAME.trust.json are NAME.request.json and
# NAME.request.*.json next to it, plus every --request FILE argument. A
# request whose file name contains ".deny." must be refused; any other must
# be allowed.
#
# usage: hooks/stsguard-explain.sh [--request FILE]... TRUST.json...
# env:   STSGUARD_BIN (default: terraform-provider-stsguard on PATH).
set -euo pipefail
shopt -s nullglob

bin="${STSGUARD_BIN:-terraform-provider-stsguard}"
command -v "$bin" >/dev/null 2>&1 || {
	echo "stsguard-explain: $bin is not installed or not on PATH (install stsguard with 'make install', or set STSGUARD_BIN)" >&2
	exit 2
}

shared=()
trusts=()
while [[ $# -gt 0 ]]; do
	case "$1" in
	--request=*) shared+=("${1#--request=}") ;;
	--request) shared+=("${2:?--request needs a file}") && shift ;;
	*) trusts+=("$1") ;;
	esac
	shift
done

status=0
for trust in ${trusts[@]+"${trusts[@]}"}; do
	base="${trust%.json}"
	base="${base%.trust}"
	requests=(${shared[@]+"${shared[@]}"})
	for r in "$base.request.json" "$base".request.*.json; do
		[[ -f "$r" ]] && requests+=("$r")
	done
	if [[ ${#requests[@]} == 0 ]]; then
		echo "stsguard-explain: $trust: no request to check it against; add $base.request.json (the request format of 'terraform-provider-stsguard explain -h'), or give --request FILE in the hook's args" >&2
		status=1
		continue
	fi
	for req in "${requests[@]}"; do
		want=0 expect=allowed
		if [[ "$(basename "$req")" == *.deny.* ]]; then
			want=1 expect=refused
		fi
		rc=0
		out="$("$bin" explain --policy "$trust" --request "$req" 2>&1)" || rc=$?
		if [[ $rc == "$want" ]]; then
			echo "stsguard-explain: $trust: $req is $expect, as expected"
			continue
		fi
		status=1
		case "$rc" in
		0 | 1) echo "stsguard-explain: $trust: $req should be $expect, but:" >&2 ;;
		*) echo "stsguard-explain: $trust: $req could not be checked (exit $rc):" >&2 ;;
		esac
		printf '%s\n' "$out" >&2
	done
done
exit "$status"
