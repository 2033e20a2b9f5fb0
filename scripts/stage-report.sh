#!/usr/bin/env bash
# Prints the stage times that scripts/timed-stage.sh recorded, beside each stage's budget: the Makefile's
# "# budget STAGE SECONDS" comments (seconds on a 2-core machine of this kind, fresh clone). A stage over its
# budget is marked, not failed: CI machines may build up to 3x slower.
#   scripts/stage-report.sh [STAGE_TIMES] [TOTAL_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
times=${1:-${STAGE_TIMES:-.build/stage-times}}
total=${2:-}
[ -s "$times" ] || { echo "stage-report: no stage times in $times" >&2; exit 0; }
awk '
    FNR == NR { if ($1 == "#" && $2 == "budget") budget[$3] = $4; next }
    { sum += $2; over = ($1 in budget && $2 > budget[$1]) ? "  over budget" : ""
      printf "  %-16s %5d s  budget %5s s  %s%s\n", $1, $2, ($1 in budget ? budget[$1] : "-"), $3, over }
    END { printf "  %-16s %5d s (stages; those run in the background overlap the build)\n", "sum", sum }
' Makefile "$times"
[ -z "$total" ] || echo "  make test took $total s in all (budget $(awk '$1 == "#" && $2 == "budget" && $3 == "total" { print $4 }' Makefile) s)"
