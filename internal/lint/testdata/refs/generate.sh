#!/usr/bin/env bash
# Regenerates plan.json here with the real terraform CLI and the stand-in
# providers (tests/standin); no network access.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
(cd "$root" && go build -o "$work/bin/terraform-provider-standin" ./tests/standin/cmd/terraform-provider-standin)
for p in aws kubernetes github; do ln -s "$work/bin/terraform-provider-standin" "$work/bin/terraform-provider-$p"; done
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "hashicorp/aws"        = "$work/bin"
    "hashicorp/kubernetes" = "$work/bin"
    "integrations/github"  = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
export STANDIN_AWS_ACCOUNT_ID=111122223333 AWS_REGION=us-east-1
mkdir -p "$work/run"
cp -r "$here/main.tf" "$here/mod" "$work/run/"
cd "$work/run"
terraform get >/dev/null
terraform plan -input=false -no-color -out=plan.tfplan >/dev/null
terraform show -json plan.tfplan >"$here/plan.json"
