#!/usr/bin/env bash
# install.sh is the action's first step: it finds the stsguard binary and
# writes its path to the step output "path".
#
# With STSGUARD_BINARY set it uses that file. Otherwise it downloads, for
# the runner's OS and architecture, the release archive
#   STSGUARD_RELEASE_URL/vVERSION/terraform-provider-stsguard_VERSION_OS_ARCH.zip
# and terraform-provider-stsguard_VERSION_SHA256SUMS (the names of
# .goreleaser.yml), refuses the archive unless its SHA-256 is the one
# SHA256SUMS lists, and unpacks terraform-provider-stsguard_vVERSION[.exe].
#
# env: STSGUARD_VERSION, STSGUARD_BINARY, STSGUARD_RELEASE_URL, and the
#      runner's RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT.
set -euo pipefail

fail() {
	echo "::error title=stsguard install::$*"
	exit 1
}

if [[ -n "${STSGUARD_BINARY:-}" ]]; then
	[[ -f "$STSGUARD_BINARY" && -x "$STSGUARD_BINARY" ]] ||
		fail "binary: $STSGUARD_BINARY is not an executable file"
	bin="$(cd "$(dirname "$STSGUARD_BINARY")" && pwd)/$(basename "$STSGUARD_BINARY")"
	echo "stsguard: using $bin ($("$bin" version))"
	echo "path=$bin" >>"$GITHUB_OUTPUT"
	exit 0
fi

version="${STSGUARD_VERSION:-}"
version="${version#v}"
[[ -n "$version" ]] ||
	fail "set the input 'version' to the stsguard release to install (e.g. 0.2.0), or 'binary' to a local terraform-provider-stsguard"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] ||
	fail "version: \"$version\" is not a release version such as 0.2.0"

case "${RUNNER_OS:-}" in
Linux) os=linux ;;
macOS) os=darwin ;;
Windows) os=windows ;;
*) fail "runner OS \"${RUNNER_OS:-}\" has no stsguard release (Linux, macOS, Windows)" ;;
esac
case "${RUNNER_ARCH:-}" in
X64) arch=amd64 ;;
ARM64) arch=arm64 ;;
*) fail "runner architecture \"${RUNNER_ARCH:-}\" has no stsguard release (X64, ARM64)" ;;
esac

project=terraform-provider-stsguard
zip="${project}_${version}_${os}_${arch}.zip"
sums="${project}_${version}_SHA256SUMS"
exe="${project}_v${version}"
[[ "$os" == windows ]] && exe="$exe.exe"
base="${STSGUARD_RELEASE_URL%/}/v${version}"
dir="${RUNNER_TEMP:?}/stsguard-${version}"
rm -rf "$dir"
mkdir -p "$dir/bin"

for f in "$zip" "$sums"; do
	curl -fsSL --retry 3 -o "$dir/$f" "$base/$f" || fail "cannot download $base/$f"
done

# SHA256SUMS lines are "HASH  NAME" (two spaces; "*NAME" in binary mode).
want="$(awk -v f="$zip" '$2 == f || $2 == "*" f { print $1 }' "$dir/$sums")"
[[ -n "$want" ]] || fail "$sums does not list $zip"
if command -v sha256sum >/dev/null 2>&1; then
	got="$(sha256sum "$dir/$zip" | awk '{ print $1 }')"
else
	got="$(shasum -a 256 "$dir/$zip" | awk '{ print $1 }')"
fi
[[ "$got" == "$want" ]] ||
	fail "checksum mismatch for $zip: $sums lists $want, the download is $got; not installing it"

unzip -q -o "$dir/$zip" "$exe" -d "$dir/bin" || fail "$zip does not hold $exe"
chmod +x "$dir/bin/$exe"
echo "stsguard: installed $zip (sha256 $got verified against $sums)"
echo "path=$dir/bin/$exe" >>"$GITHUB_OUTPUT"
