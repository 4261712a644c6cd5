#!/usr/bin/env bash
# tofu.sh prints the absolute path of an OpenTofu binary that the stsguard
# acceptance tests can drive (OpenTofu >= 1.7, which has provider-defined
# functions). Diagnostics go to stderr; stdout carries only the path, so
# callers can write TF_ACC_TERRAFORM_PATH=$(tests/tools/tofu.sh).
#
# Order of preference:
#   1. $STSGUARD_TOFU, when set (it must be usable, or we fail);
#   2. `tofu` on PATH, when its version is >= 1.7;
#   3. a cached build in ${STSGUARD_CACHE:-$HOME/.cache/stsguard}/opentofu-1.10.6/
#      (the same cache root as tests/tools/terraform.sh);
#   4. building that cache from the Go module download. OpenTofu cannot be
#      `go install`ed (its go.mod has replace directives), so we download the
#      module, copy it somewhere writable and `go build ./cmd/tofu` there.
#      This takes about six minutes and needs only the Go module proxy.
set -euo pipefail

readonly min_major=1 min_minor=7
readonly install_version="${STSGUARD_TOFU_VERSION:-1.10.6}"
readonly cache_root="${STSGUARD_CACHE:-${HOME:?HOME is not set; set STSGUARD_CACHE to a writable folder}/.cache/stsguard}"
readonly cache_dir="${cache_root}/opentofu-${install_version}"

log() { printf 'tofu.sh: %s\n' "$*" >&2; }

die() {
	log "$*"
	log "fix: install OpenTofu >= ${min_major}.${min_minor} on PATH, or set STSGUARD_TOFU to its absolute path, or make 'go mod download github.com/opentofu/opentofu@v${install_version}' work (Go toolchain + module proxy)."
	exit 1
}

# tofu_version BIN prints BIN's version (e.g. 1.10.6). OpenTofu keeps
# Terraform's JSON field name. An empty CLI config keeps a missing
# TF_CLI_CONFIG_FILE from breaking it.
tofu_version() {
	local json
	json="$(TF_CLI_CONFIG_FILE=/dev/null TOFU_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version -json 2>/dev/null)" || return 1
	# {"terraform_version": "1.10.6", ...}
	sed -n 's/.*"terraform_version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' <<<"$json" | head -n 1
}

# is_opentofu BIN succeeds when BIN's human-readable version says OpenTofu
# (so a terraform binary named tofu is not mistaken for it).
is_opentofu() {
	TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null | head -n 1 | grep -q '^OpenTofu '
}

# version_ok VERSION succeeds when VERSION (MAJOR.MINOR[.PATCH][-pre]) >= min.
version_ok() {
	local major minor rest
	IFS=. read -r major minor rest <<<"$1"
	[[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
	((major > min_major || (major == min_major && minor >= min_minor)))
}

# usable BIN succeeds (and logs the version) when BIN is a new enough OpenTofu.
usable() {
	local bin="$1" version
	[[ -x "$bin" && ! -d "$bin" ]] || return 1
	is_opentofu "$bin" || { log "$bin is not OpenTofu ('$bin version' does not start with 'OpenTofu')"; return 1; }
	version="$(tofu_version "$bin")" || { log "$bin does not run 'version -json'"; return 1; }
	if [[ -z "$version" ]]; then
		log "$bin printed no version"
		return 1
	fi
	if ! version_ok "$version"; then
		log "$bin is OpenTofu $version, older than ${min_major}.${min_minor}"
		return 1
	fi
	log "using $bin (OpenTofu $version)"
}

# absolute PATH prints PATH made absolute.
absolute() {
	case "$1" in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd -P)" "$(basename "$1")" ;;
	esac
}

if [[ -n "${STSGUARD_TOFU:-}" ]]; then
	bin="$(absolute "$STSGUARD_TOFU")"
	usable "$bin" || die "STSGUARD_TOFU=$STSGUARD_TOFU is not an executable OpenTofu >= ${min_major}.${min_minor}; unset it to let this script find or build one."
	printf '%s\n' "$bin"
	exit 0
fi

if bin="$(command -v tofu 2>/dev/null)"; then
	bin="$(absolute "$bin")"
	if usable "$bin"; then
		printf '%s\n' "$bin"
		exit 0
	fi
fi

cached="${cache_dir}/tofu"
if usable "$cached"; then
	printf '%s\n' "$cached"
	exit 0
fi

command -v go >/dev/null 2>&1 || die "no usable tofu on PATH and no Go toolchain to build OpenTofu ${install_version}."

log "no usable tofu found; building OpenTofu ${install_version} from the Go module download into ${cache_dir} (about six minutes the first time)"
mkdir -p "$cache_root" || die "cannot create the cache folder ${cache_root}; set STSGUARD_CACHE to a writable folder."
cache_root_abs="$(cd "$cache_root" && pwd -P)"
staging="$(mktemp -d "${cache_root_abs}/opentofu-${install_version}.staging.XXXXXX")"
trap 'chmod -R u+w "$staging" 2>/dev/null; rm -rf "$staging"' EXIT

# Work outside any module and without project GOFLAGS (e.g. -mod=vendor),
# which would break both the download and the build.
export GOFLAGS=-buildvcs=false
download_json="$(cd "$staging" && go mod download -json "github.com/opentofu/opentofu@v${install_version}")" ||
	die "'go mod download github.com/opentofu/opentofu@v${install_version}' failed (see the output above)."
module_dir="$(sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\([^"]*\)".*/\1/p' <<<"$download_json" | head -n 1)"
[[ -n "$module_dir" && -f "$module_dir/go.mod" ]] ||
	die "'go mod download -json' gave no module folder for OpenTofu ${install_version}: $download_json"

# The module cache is read-only; the build needs a writable copy of the
# module (go.sum updates, embedded version files).
log "copying ${module_dir} to ${staging}/src"
cp -R "$module_dir" "$staging/src"
chmod -R u+w "$staging/src"

log "building ./cmd/tofu (go build; downloads OpenTofu's dependencies through the module proxy)"
# version.dev=no drops the "-dev" suffix, as OpenTofu's own release build does.
if ! (cd "$staging/src" && go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$staging/tofu" ./cmd/tofu) >&2; then
	die "'go build ./cmd/tofu' for OpenTofu ${install_version} failed (see the output above)."
fi

mkdir -p "$cache_dir"
mv -f "$staging/tofu" "$cache_dir/tofu"
usable "$cached" || die "the freshly built ${cached} does not work."
printf '%s\n' "$cached"
