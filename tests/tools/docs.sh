#!/usr/bin/env bash
# Generates docs/ with tfplugindocs from the provider's schema, templates/
# and examples/. With --check, generates into a scratch copy and fails when
# the committed docs/ differ (CI uses this so docs never go stale).
#
# tfplugindocs would otherwise build the provider and download Terraform;
# here the schema comes from the real terraform (tests/tools/terraform.sh)
# talking to a freshly built provider through a dev override, so nothing is
# fetched from a registry.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mode=${1:-generate}

terraform=$(tests/tools/terraform.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/bin/terraform-provider-stsguard" .
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides { "stsguard/stsguard" = "$work/bin" }
  direct {}
}
CFG
mkdir -p "$work/config"
cat >"$work/config/main.tf" <<'CFG'
terraform {
  required_providers {
    stsguard = { source = "stsguard/stsguard" }
  }
}
CFG
(cd "$work/config" && TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 \
  "$terraform" providers schema -json >"$work/schema.json" 2>"$work/schema.err") || {
  cat "$work/schema.err" >&2
  echo "docs.sh: terraform providers schema failed" >&2
  exit 1
}

# tfplugindocs looks the provider up by its short name.
sed -i 's#"registry.terraform.io/stsguard/stsguard"#"stsguard"#' "$work/schema.json"

generate() { # $1 = output dir relative to the repo root
  go tool tfplugindocs generate --provider-name stsguard --rendered-provider-name stsguard \
    --providers-schema "$work/schema.json" --rendered-website-dir "$1" >"$work/tfplugindocs.log" 2>&1 || {
    cat "$work/tfplugindocs.log" >&2
    exit 1
  }
}

case "$mode" in
generate)
  generate docs
  echo "docs/ regenerated"
  ;;
--check)
  # tfplugindocs joins the output directory onto the provider directory,
  # so it must be given relative to the repository root.
  generate "$(realpath --relative-to="$root" "$work/docs-check")"
  if ! diff -ru docs "$work/docs-check" >"$work/diff.txt"; then
    cat "$work/diff.txt" >&2
    echo "docs.sh: docs/ is stale; run 'make docs' and commit the result" >&2
    exit 1
  fi
  echo "docs/ is current"
  ;;
*)
  echo "usage: tests/tools/docs.sh [--check]" >&2
  exit 2
  ;;
esac
