#!/usr/bin/env bash
# Measures Jokemeter beside the reference Python service (FastAPI + scikit-learn, like the original) in one
# run on loopback: the same wrk load against each, one after the other, then /api/v1/health on Jokemeter.
# Prints the summary lines and the ratios. Skips, with a message, where ../shared/anchors is absent.
#
# usage: scripts/compare-reference.sh [seconds=20] [connections=64]
# env:   MODEL=lr|tr (default lr), ANCHORS=path of the reference (default ../shared/anchors)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
anchors=${ANCHORS:-$root/../shared/anchors}
seconds=${1:-20}
connections=${2:-64}
model=${MODEL:-lr}
if [ ! -f "$anchors/ref_app/main.py" ]; then
  echo "compare-reference.sh: skipped: no reference service at $anchors"
  exit 0
fi

venv=$root/.venv-reference
if [ ! -x "$venv/bin/uvicorn" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$anchors/ref_app/requirements.txt"
fi
(cd "$root" && make --no-print-directory release >/dev/null 2>&1) || { echo "compare-reference.sh: the release build failed; run make release" >&2; exit 1; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

await_ready() {
  for _ in $(seq 1 600); do
    curl -sf "$1/api/v1/ready" >/dev/null && return 0
    sleep 0.1
  done
  echo "compare-reference.sh: $1 did not become ready" >&2
  exit 1
}

reference=http://127.0.0.1:18090
ours=http://127.0.0.1:18091
(cd "$anchors/ref_app" && PYTHONDONTWRITEBYTECODE=1 MODEL=$model LEMMATIZE=1 \
  exec "$venv/bin/uvicorn" main:app --host 127.0.0.1 --port 18090 --log-level warning) &
pids+=($!)
"$root/.build/static/jokemeter" serve --host 127.0.0.1 --port 18091 --grpc-port 0 --drain-seconds 0 --log-level warning &
pids+=($!)
await_ready "$reference"
await_ready "$ours"

reference_line=$(RUN_NAME=reference-$model "$root/scripts/loadtest.sh" "$reference/api/v1/predict" "$seconds" "$connections" | tail -1)
ours_line=$(RUN_NAME=jokemeter-$model MODEL_MIX=$model:1 "$root/scripts/loadtest.sh" "$ours/api/v1/predict" "$seconds" "$connections" | tail -1)
# The health probe through the same Lua client as the predictions, so both pay the same client cost per
# request; and through plain wrk, the cheapest client, for reference.
health_line=$(RUN_NAME=jokemeter-health METHOD=GET "$root/scripts/loadtest.sh" "$ours/api/v1/health" "$seconds" "$connections" | tail -1)
plain_rps=$(wrk -t2 -c"$connections" -d"${seconds}s" "$ours/api/v1/health" | awk '/Requests\/sec/ {print $2}')

echo "$reference_line"
echo "$ours_line"
echo "$health_line"
echo "RESULT name=jokemeter-health-plain-wrk rps=$plain_rps"
rps() { sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$1"; }
awk -v r="$(rps "$reference_line")" -v o="$(rps "$ours_line")" -v h="$(rps "$health_line")" -v p="$plain_rps" \
  'BEGIN { printf "RATIO predict_vs_reference=%.1fx predict_vs_health=%.0f%% predict_vs_health_plain_wrk=%.0f%%\n", o / r, 100 * o / h, 100 * o / p }'
