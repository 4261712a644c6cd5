#!/usr/bin/env bash
# terraform.sh prints the absolute path of a terraform binary that the
# stsguard acceptance tests can drive (Terraform >= 1.8, needed for
# provider-defined functions). Diagnostics go to stderr; stdout carries only
# the path, so callers can write TF_ACC_TERRAFORM_PATH=$(tests/tools/terraform.sh).
#
# Order of preference:
#   1. $TF_ACC_TERRAFORM_PATH, when set (it must be usable, or we fail);
#   2. `terraform` on PATH, when its version is >= 1.8;
#   3. a cached build in ${STSGUARD_CACHE:-$HOME/.cache/stsguard}/terraform-1.8.5/;
#   4. building that cache with `go install github.com/hashicorp/terraform@v1.8.5`.
set -euo pipefail

readonly min_major=1 min_minor=8
readonly install_version=1.8.5
readonly cache_root="${STSGUARD_CACHE:-${HOME:?HOME is not set; set STSGUARD_CACHE to a writable folder}/.cache/stsguard}"
readonly cache_dir="${cache_root}/terraform-${install_version}"

log() { printf 'terraform.sh: %s\n' "$*" >&2; }

die() {
	log "$*"
	log "fix: install Terraform >= ${min_major}.${min_minor} on PATH, or set TF_ACC_TERRAFORM_PATH to its absolute path, or make 'go install github.com/hashicorp/terraform@v${install_version}' work (Go toolchain + module proxy)."
	exit 1
}

# terraform_version BIN prints BIN's version (e.g. 1.11.4). It runs BIN with
# an empty CLI config so a missing TF_CLI_CONFIG_FILE cannot break it.
terraform_version() {
	local json
	json="$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version -json 2>/dev/null)" || return 1
	# {"terraform_version": "1.11.4", ...}
	sed -n 's/.*"terraform_version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' <<<"$json" | head -n 1
}

# version_ok VERSION succeeds when VERSION (MAJOR.MINOR[.PATCH][-pre]) >= min.
version_ok() {
	local major minor rest
	IFS=. read -r major minor rest <<<"$1"
	[[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
	((major > min_major || (major == min_major && minor >= min_minor)))
}

# usable BIN succeeds (and logs the version) when BIN runs and is new enough.
usable() {
	local bin="$1" version
	[[ -x "$bin" && ! -d "$bin" ]] || return 1
	version="$(terraform_version "$bin")" || { log "$bin does not run 'version -json'"; return 1; }
	if [[ -z "$version" ]]; then
		log "$bin printed no terraform_version"
		return 1
	fi
	if ! version_ok "$version"; then
		log "$bin is Terraform $version, older than ${min_major}.${min_minor}"
		return 1
	fi
	log "using $bin (Terraform $version)"
}

# absolute PATH prints PATH made absolute.
absolute() {
	case "$1" in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd -P)" "$(basename "$1")" ;;
	esac
}

if [[ -n "${TF_ACC_TERRAFORM_PATH:-}" ]]; then
	bin="$(absolute "$TF_ACC_TERRAFORM_PATH")"
	usable "$bin" || die "TF_ACC_TERRAFORM_PATH=$TF_ACC_TERRAFORM_PATH is not an executable Terraform >= ${min_major}.${min_minor}; unset it to let this script find or install one."
	printf '%s\n' "$bin"
	exit 0
fi

if bin="$(command -v terraform 2>/dev/null)"; then
	bin="$(absolute "$bin")"
	if usable "$bin"; then
		printf '%s\n' "$bin"
		exit 0
	fi
fi

cached="${cache_dir}/terraform"
if usable "$cached"; then
	printf '%s\n' "$cached"
	exit 0
fi

command -v go >/dev/null 2>&1 || die "no usable terraform on PATH and no Go toolchain to build Terraform ${install_version}."

log "no usable terraform found; building Terraform ${install_version} with 'go install' into ${cache_dir} (takes a few minutes the first time)"
mkdir -p "$cache_root" || die "cannot create the cache folder ${cache_root}; set STSGUARD_CACHE to a writable folder."
cache_root_abs="$(cd "$cache_root" && pwd -P)"
staging="$(mktemp -d "${cache_root_abs}/terraform-${install_version}.staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

# Build outside any module and without project GOFLAGS (e.g. -mod=vendor),
# which would break 'go install module@version'.
if ! (cd "$staging" && GOBIN="$staging" GOFLAGS= go install "github.com/hashicorp/terraform@v${install_version}") >&2; then
	die "'go install github.com/hashicorp/terraform@v${install_version}' failed (see the output above)."
fi

mkdir -p "${cache_root_abs}/terraform-${install_version}"
mv -f "$staging/terraform" "${cache_root_abs}/terraform-${install_version}/terraform"
cached="${cache_root_abs}/terraform-${install_version}/terraform"
usable "$cached" || die "the freshly built ${cached} does not work."
printf '%s\n' "$cached"
