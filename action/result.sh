#!/usr/bin/env bash
# result.sh is the action's last step: it fails the job with the lint
# exit code, after the SARIF upload has run.
#
# env: STSGUARD_EXIT (the lint step's output exit-code), STSGUARD_FAIL_ON.
set -euo pipefail

case "${STSGUARD_EXIT:-}" in
0) echo "stsguard: no finding at or above --fail-on ${STSGUARD_FAIL_ON:-error}" ;;
1)
	echo "::error title=stsguard::findings at or above --fail-on ${STSGUARD_FAIL_ON:-error}; see the lint step and the summary"
	exit 1
	;;
*)
	echo "::error title=stsguard::lint could not check the plan (exit ${STSGUARD_EXIT:-none}); see the lint step"
	exit 2
	;;
esac
