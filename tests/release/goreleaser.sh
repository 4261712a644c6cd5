#!/usr/bin/env bash
# goreleaser.sh prints the absolute path of a goreleaser v2 binary for the
# release checks. Diagnostics go to stderr; stdout carries only the path.
#
# Order of preference:
#   1. $STSGUARD_GORELEASER, when set (it must run, or we fail);
#   2. a cached build in ${STSGUARD_CACHE:-$HOME/.cache/stsguard}/goreleaser-2.15.1/;
#   3. building that cache with
#      `go install github.com/goreleaser/goreleaser/v2@v2.15.1`
#      (v2.15.1 installs with Go 1.26; v2.18.2 and later do not).
# A goreleaser on PATH is not used: its version may differ from the one the
# configuration is checked against.
set -euo pipefail

readonly install_version="${STSGUARD_GORELEASER_VERSION:-2.15.1}"
readonly cache_root="${STSGUARD_CACHE:-${HOME:?HOME is not set; set STSGUARD_CACHE to a writable folder}/.cache/stsguard}"
readonly cache_dir="${cache_root}/goreleaser-${install_version}"

log() { printf 'goreleaser.sh: %s\n' "$*" >&2; }

die() {
	log "$*"
	log "fix: set STSGUARD_GORELEASER to a goreleaser v2 binary, or make 'go install github.com/goreleaser/goreleaser/v2@v${install_version}' work (Go toolchain + module proxy)."
	exit 1
}

# usable BIN succeeds when BIN runs `--version` and says it is goreleaser.
usable() {
	[[ -x "$1" && ! -d "$1" ]] || return 1
	"$1" --version 2>/dev/null | grep -qi 'goreleaser' || { log "$1 does not look like goreleaser"; return 1; }
}

if [[ -n "${STSGUARD_GORELEASER:-}" ]]; then
	usable "$STSGUARD_GORELEASER" || die "STSGUARD_GORELEASER=$STSGUARD_GORELEASER is not a working goreleaser."
	printf '%s\n' "$STSGUARD_GORELEASER"
	exit 0
fi

cached="${cache_dir}/goreleaser"
if usable "$cached"; then
	printf '%s\n' "$cached"
	exit 0
fi

command -v go >/dev/null 2>&1 || die "no cached goreleaser and no Go toolchain to build one."

log "building goreleaser v${install_version} with 'go install' into ${cache_dir} (a few minutes the first time)"
mkdir -p "$cache_root" || die "cannot create the cache folder ${cache_root}; set STSGUARD_CACHE to a writable folder."
cache_root_abs="$(cd "$cache_root" && pwd -P)"
staging="$(mktemp -d "${cache_root_abs}/goreleaser-${install_version}.staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

# Outside any module and without project GOFLAGS (e.g. -mod=vendor).
if ! (cd "$staging" && GOBIN="$staging" GOFLAGS= go install "github.com/goreleaser/goreleaser/v2@v${install_version}") >&2; then
	die "'go install github.com/goreleaser/goreleaser/v2@v${install_version}' failed (see the output above)."
fi

mkdir -p "${cache_root_abs}/goreleaser-${install_version}"
mv -f "$staging/goreleaser" "${cache_root_abs}/goreleaser-${install_version}/goreleaser"
cached="${cache_root_abs}/goreleaser-${install_version}/goreleaser"
usable "$cached" || die "the freshly built ${cached} does not work."
printf '%s\n' "$cached"
