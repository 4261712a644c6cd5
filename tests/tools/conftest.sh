#!/usr/bin/env bash
# conftest.sh prints the absolute path of a conftest binary for the
# benchmark's comparison (tests/bench/lint.sh). Diagnostics go to stderr;
# stdout carries only the path.
#
# Order of preference:
#   1. $STSGUARD_CONFTEST, when set (it must run, or we fail);
#   2. a cached build in ${STSGUARD_CACHE:-$HOME/.cache/stsguard}/conftest-<version>/
#      (the same cache root as tests/tools/terraform.sh and tofu.sh);
#   3. building that cache with `go install` from the Go module proxy
#      (about three minutes the first time; needs only the proxy).
# conftest on PATH is not used: the comparison is with one known version.
set -euo pipefail

readonly version="${STSGUARD_CONFTEST_VERSION:-0.66.0}"
readonly cache_root="${STSGUARD_CACHE:-${HOME:?HOME is not set; set STSGUARD_CACHE to a writable folder}/.cache/stsguard}"
readonly cache_dir="${cache_root}/conftest-${version}"

log() { printf 'conftest.sh: %s\n' "$*" >&2; }

die() {
	log "$*"
	log "fix: set STSGUARD_CONFTEST to a conftest binary, or make 'go install github.com/open-policy-agent/conftest@v${version}' work (Go toolchain + module proxy)."
	exit 1
}

usable() { [[ -x "$1" && ! -d "$1" ]] && "$1" --version >/dev/null 2>&1; }

if [[ -n "${STSGUARD_CONFTEST:-}" ]]; then
	usable "$STSGUARD_CONFTEST" || die "STSGUARD_CONFTEST=$STSGUARD_CONFTEST does not run 'conftest --version'."
	case "$STSGUARD_CONFTEST" in
	/*) printf '%s\n' "$STSGUARD_CONFTEST" ;;
	*) printf '%s/%s\n' "$(cd "$(dirname "$STSGUARD_CONFTEST")" && pwd -P)" "$(basename "$STSGUARD_CONFTEST")" ;;
	esac
	exit 0
fi

if usable "$cache_dir/conftest"; then
	printf '%s\n' "$cache_dir/conftest"
	exit 0
fi

command -v go >/dev/null 2>&1 || die "no cached conftest and no Go toolchain to build conftest ${version}."
log "building conftest ${version} with go install into ${cache_dir} (about three minutes the first time)"
mkdir -p "$cache_root" || die "cannot create the cache folder ${cache_root}; set STSGUARD_CACHE to a writable folder."
staging="$(mktemp -d "${cache_root}/conftest-${version}.staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
# Outside any module and without project GOFLAGS.
if ! (cd "$staging" && GOFLAGS=-buildvcs=false GOBIN="$staging/bin" go install "github.com/open-policy-agent/conftest@v${version}") >&2; then
	die "'go install github.com/open-policy-agent/conftest@v${version}' failed (see the output above)."
fi
mkdir -p "$cache_dir"
mv -f "$staging/bin/conftest" "$cache_dir/conftest"
usable "$cache_dir/conftest" || die "the freshly built $cache_dir/conftest does not run."
printf '%s\n' "$cache_dir/conftest"
