#!/usr/bin/env bash
# check.sh verifies the release configuration the way the registry will see
# it, without signing or publishing anything:
#   1. `goreleaser check` accepts .goreleaser.yml;
#   2. `goreleaser release --snapshot --clean --skip=sign,publish` builds, in a
#      scratch copy of the working tree (so the shared checkout's dist/ is
#      never touched);
#   3. the output has exactly the registry's files for VERSION:
#        terraform-provider-stsguard_VERSION_{linux,darwin,windows}_{amd64,arm64}.zip
#        terraform-provider-stsguard_VERSION_SHA256SUMS   (lists all of the below)
#        terraform-provider-stsguard_VERSION_manifest.json (= terraform-registry-manifest.json)
#      each zip holds terraform-provider-stsguard_vVERSION[.exe] at its root,
#      the sums verify, and the binary for this machine prints VERSION from
#      `terraform-provider-stsguard version`.
#
# usage: tests/release/check.sh            (make release-check)
# env:   STSGUARD_RELEASE_KEEP=DIR copies the snapshot dist/ to DIR.
# needs: go, git, unzip, sha256sum (or shasum); goreleaser is found or built by
#        tests/release/goreleaser.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly project=terraform-provider-stsguard
readonly platforms=(linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64 windows_arm64)

log() { printf 'release-check: %s\n' "$*" >&2; }
fail() {
	log "FAIL: $*"
	exit 1
}

for tool in git unzip; do
	command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is not installed; install it and rerun."
done
if command -v sha256sum >/dev/null 2>&1; then
	sha_check=(sha256sum --check --strict --quiet)
elif command -v shasum >/dev/null 2>&1; then
	sha_check=(shasum -a 256 --check --strict --quiet)
else
	fail "neither sha256sum nor shasum is installed."
fi

goreleaser="$("$root/tests/release/goreleaser.sh")"
log "using $("$goreleaser" --version 2>&1 | grep -i -m1 '^GitVersion' || echo "$goreleaser")"

work="$(mktemp -d "${TMPDIR:-/tmp}/stsguard-release.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A scratch copy of the working tree, uncommitted changes included, with its
# .git (goreleaser reads the commit and tags from it). Build outputs stay out.
log "copying the working tree to $work/src"
mkdir "$work/src"
tar -C "$root" --exclude=./bin --exclude=./dist --exclude='.terraform' -cf - . | tar -C "$work/src" -xf -

cd "$work/src"
log "goreleaser check"
"$goreleaser" check >"$work/check.log" 2>&1 || {
	cat "$work/check.log" >&2
	fail "goreleaser check rejected .goreleaser.yml (see above)."
}

log "goreleaser release --snapshot --clean --skip=sign,publish (six platforms; a few minutes)"
"$goreleaser" release --snapshot --clean --skip=sign,publish >"$work/release.log" 2>&1 || {
	cat "$work/release.log" >&2
	fail "the snapshot build failed (see above)."
}
dist="$work/src/dist"

# The version goreleaser used, from dist/metadata.json ({"version":"0.0.1-snapshot",...}).
version="$(sed -n 's/.*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$dist/metadata.json" | head -n 1)"
[[ -n "$version" ]] || fail "dist/metadata.json has no version."
log "snapshot version: $version"

sums="${project}_${version}_SHA256SUMS"
manifest="${project}_${version}_manifest.json"
expected=("$sums" "$manifest")
for p in "${platforms[@]}"; do
	expected+=("${project}_${version}_${p}.zip")
done

# Every expected file exists; no other zip sneaks in.
for f in "${expected[@]}"; do
	[[ -f "$dist/$f" ]] || fail "missing $f in dist/ (have: $(cd "$dist" && ls | tr '\n' ' '))"
done
zips="$(cd "$dist" && ls -- *.zip | wc -l | tr -d ' ')"
((zips == ${#platforms[@]})) || fail "dist/ has $zips zip files, want ${#platforms[@]}."

# The manifest is terraform-registry-manifest.json, protocol 6.0.
cmp -s "$dist/$manifest" "$root/terraform-registry-manifest.json" ||
	fail "$manifest differs from terraform-registry-manifest.json."
grep -q '"6.0"' "$dist/$manifest" || fail "$manifest does not declare protocol version 6.0."

# SHA256SUMS lists exactly the zips and the manifest, and the sums verify.
listed="$(awk '{print $2}' "$dist/$sums" | sort)"
want="$(printf '%s\n' "${expected[@]}" | grep -v -x -F "$sums" | sort)"
[[ "$listed" == "$want" ]] || fail "$sums lists:
$listed
want:
$want"
(cd "$dist" && "${sha_check[@]}" "$sums") || fail "$sums does not match the files in dist/."

# Each zip has the binary (and only readable extras) at its root.
for p in "${platforms[@]}"; do
	zip="${project}_${version}_${p}.zip"
	binary="${project}_v${version}"
	[[ "$p" == windows_* ]] && binary+=".exe"
	unzip -Z1 "$dist/$zip" | grep -q -x -F "$binary" || fail "$zip has no $binary at its root: $(unzip -Z1 "$dist/$zip" | tr '\n' ' ')"
done

# The binary for this machine reports the injected version.
host="$(go env GOOS)_$(go env GOARCH)"
if printf '%s\n' "${platforms[@]}" | grep -q -x "$host"; then
	mkdir "$work/unzipped"
	unzip -q "$dist/${project}_${version}_${host}.zip" -d "$work/unzipped"
	bin="$work/unzipped/${project}_v${version}"
	[[ "$host" == windows_* ]] && bin+=".exe"
	got="$("$bin" version)" || fail "'$bin version' failed."
	[[ "$got" == "${project} ${version}" ]] || fail "'version' printed '$got', want '${project} ${version}'."
	log "the ${host} binary reports: $got"
else
	log "no archive for this machine ($host); skipped running the binary"
fi

if [[ -n "${STSGUARD_RELEASE_KEEP:-}" ]]; then
	mkdir -p "$STSGUARD_RELEASE_KEEP"
	cp "$dist"/*.zip "$dist/$sums" "$dist/$manifest" "$STSGUARD_RELEASE_KEEP/"
	log "copied the release files to $STSGUARD_RELEASE_KEEP"
fi

echo "release-check: OK: goreleaser check passed; snapshot ${version} produced:"
(cd "$dist" && ls -l -- "${expected[@]}" | awk '{printf "  %10s  %s\n", $5, $NF}')
