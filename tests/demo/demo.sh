#!/usr/bin/env bash
# demo.sh is `make demo`: the five-minute tour, on a fresh clone, with no
# network beyond the Go module proxy (and none at all once modules and a
# Terraform >= 1.8 are present).
#
#   1. build the provider from this checkout;
#   2. `terraform plan` examples/quickstart through a dev override: the plan
#      FAILS, and stsguard says which condition refused the GitHub Actions job
#      and what to change;
#   3. show the fix (examples/quickstart/fixed) and plan it: it passes;
#   4. `terraform-provider-stsguard lint` a bundled plan (testdata/plans/):
#      the CI gate catches a repository rename that breaks the trust, and
#      passes the plan that fixes it.
#
# Every step checks its exit code, so the demo doubles as an end-to-end test.
# usage: tests/demo/demo.sh     (make demo)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

readonly quickstart=examples/quickstart
readonly lint_break=testdata/plans/github-repo-renamed-break.json
readonly lint_fix=testdata/plans/github-repo-renamed-fix.json

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
	bold=$'\e[1m' dim=$'\e[2m' reset=$'\e[0m'
else
	bold='' dim='' reset=''
fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }
show() { printf '%s$ %s%s\n' "$dim" "$*" "$reset"; }
die() {
	printf 'demo: FAILED: %s\n' "$*" >&2
	exit 1
}

# run_expect CODE CMD... runs CMD (showing it and its output) and fails the
# demo unless it exits with CODE.
run_expect() {
	local want="$1" got=0
	shift
	show "$*"
	"$@" || got=$?
	[[ "$got" == "$want" ]] || die "'$*' exited $got, want $want."
}

work="$(mktemp -d "${TMPDIR:-/tmp}/stsguard-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT

step "1. Build the provider"
terraform="$(tests/tools/terraform.sh)"
version="$(git describe --tags --always --dirty 2>/dev/null || echo dev)"
run_expect 0 go build -ldflags "-X main.version=${version}" -o "$work/bin/terraform-provider-stsguard" .
export PATH="$work/bin:$PATH"
run_expect 0 terraform-provider-stsguard version

# A CLI configuration of our own: Terraform loads stsguard/stsguard from the
# freshly built binary instead of the registry, so no `terraform init`.
cat >"$work/terraformrc" <<CFG
provider_installation {
  dev_overrides { "stsguard/stsguard" = "$work/bin" }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
echo "Terraform: $("$terraform" version | head -n 1); dev override (TF_CLI_CONFIG_FILE):"
sed 's/^/    /' "$work/terraformrc"

# plan DIR CODE runs terraform plan in a copy of DIR and expects CODE.
plan() {
	local src="$1" want="$2" copy
	copy="$work/$(basename "$src")"
	cp -R "$src" "$copy"
	rm -rf "$copy/fixed"
	show "terraform -chdir=$src plan"
	local got=0
	"$terraform" -chdir="$copy" plan -input=false -lock=false -compact-warnings -no-color >"$work/plan.out" 2>&1 || got=$?
	# Hide the compact warning block when its only warning is the dev-override
	# notice (expected here); the rest is what a user sees.
	awk '
		/^Warnings:$/ { inblock = 1; block = $0 "\n"; items = 0; dev = 0; next }
		inblock {
			block = block $0 "\n"
			if ($0 ~ /^- /) { items++; if ($0 ~ /Provider development overrides/) dev++ }
			if ($0 ~ /^To see the full warning notes/) {
				inblock = 0
				if (items != dev) printf "%s", block
			}
			next
		}
		{ print }
	' "$work/plan.out"
	[[ "$got" == "$want" ]] || die "terraform plan in $src exited $got, want $want."
}

step "2. Plan ${quickstart}: the trust refuses the deploy job, so the plan fails"
sed -n '/^data /,$p' "$quickstart/main.tf" | sed 's/^/    /'
plan "$quickstart" 1
grep -q 'would be refused' "$work/plan.out" || die "the quickstart plan failed for an unexpected reason (see above)."

step "3. The fix (${quickstart}/fixed): admit the environment's subject, keep pull requests out"
show "diff -u $quickstart/main.tf $quickstart/fixed/main.tf"
diff -u --label "$quickstart/main.tf" --label "$quickstart/fixed/main.tf" \
	"$quickstart/main.tf" "$quickstart/fixed/main.tf" || true
plan "$quickstart/fixed" 0
grep -q 'trust_passed *= *true' "$work/plan.out" || die "the fixed quickstart did not report trust_passed = true."

step "4. CI gate: lint a saved plan (terraform show -json) with no provider in the configuration"
echo "A repository is renamed; the role's trust still names the old one."
run_expect 1 terraform-provider-stsguard lint "$lint_break"
echo
echo "The follow-up plan updates the trust with the rename."
run_expect 0 terraform-provider-stsguard lint "$lint_fix"

step "Done"
cat <<'TXT'
Next: README.md "Quick start" (install from the registry), "CI gate" (lint +
SARIF in GitHub Actions), and docs/guides/troubleshooting-access-denied.md.
TXT
