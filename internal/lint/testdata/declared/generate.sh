#!/usr/bin/env bash
# Regenerates before.json and plan.json here with the real terraform CLI,
# the stand-in providers (tests/standin) and the stsguard provider built
# from this checkout (its stsguard_role_trust data source is read during
# planning, so it lands in prior_state). No network access.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
(cd "$root" && go build -o "$work/bin/terraform-provider-standin" ./tests/standin/cmd/terraform-provider-standin && go build -o "$work/bin/terraform-provider-stsguard" .)
for p in aws github; do ln -s "$work/bin/terraform-provider-standin" "$work/bin/terraform-provider-$p"; done
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "hashicorp/aws"       = "$work/bin"
    "integrations/github" = "$work/bin"
    "stsguard/stsguard"   = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
export STANDIN_AWS_ACCOUNT_ID=111122223333 AWS_REGION=us-east-1
mkdir "$work/run"
cd "$work/run"
cp "$here/before/main.tf" .
terraform plan -input=false -no-color -out=before.tfplan >/dev/null
terraform show -json before.tfplan >"$here/before.json"
terraform apply -input=false -no-color -auto-approve before.tfplan >/dev/null
cp "$here/after/main.tf" main.tf
terraform plan -input=false -no-color -out=after.tfplan >/dev/null
terraform show -json after.tfplan >"$here/plan.json"
