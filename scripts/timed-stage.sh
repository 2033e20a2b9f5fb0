#!/usr/bin/env bash
# One stage of make test, timed: runs COMMAND and appends "NAME SECONDS STATUS" to $STAGE_TIMES (default
# .build/stage-times), so that scripts/stage-report.sh can print every stage's time at the end.
#   scripts/timed-stage.sh NAME COMMAND...
set -uo pipefail
name=${1:?usage: scripts/timed-stage.sh NAME COMMAND...}
shift
times=${STAGE_TIMES:-.build/stage-times}
mkdir -p "$(dirname "$times")"
start=$(date +%s.%N)
"$@"
status=$?
awk -v name="$name" -v start="$start" -v end="$(date +%s.%N)" -v status="$status" \
    'BEGIN { printf "%s %.0f %s\n", name, end - start, status == 0 ? "ok" : "FAILED" }' >>"$times"
exit "$status"
