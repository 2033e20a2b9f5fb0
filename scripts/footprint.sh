#!/usr/bin/env bash
# Start-to-ready time and resident memory of the server: starts the binary on the shipped models, polls
# /api/v1/ready until it answers 200, then drives scripts/loadtest.sh against it and reads its RSS.
#
# usage: scripts/footprint.sh [binary=.build/release/jokemeter] [seconds=30] [connections=64]
# env:   MODEL_MIX (default lr:50,tr:50), PORT (default 18095)
# Prints: RESULT name=footprint start_to_ready_ms=… rss_start_mb=… rss_after_load_mb=… and the load line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:-$root/.build/release/jokemeter}
seconds=${2:-30}
connections=${3:-64}
port=${PORT:-18095}
url=http://127.0.0.1:$port

[[ -x $binary ]] || { echo "footprint.sh: $binary is not built (make release)" >&2; exit 1; }
command -v curl >/dev/null || { echo "footprint.sh: curl is missing" >&2; exit 1; }

now_ms() { date +%s%3N; }
start=$(now_ms)
(cd "$root" && exec "$binary" serve --host 127.0.0.1 --port "$port" --grpc-port 0 --drain-seconds 0 --log-level warning) &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$url/api/v1/ready"; do
  kill -0 $pid 2>/dev/null || { echo "footprint.sh: the server exited" >&2; exit 1; }
  sleep 0.005
done
ready=$(now_ms)
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
rss_start=$(rss_mb)
load_line=$(MODEL_MIX=${MODEL_MIX:-lr:50,tr:50} RUN_NAME=footprint-load "$root/scripts/loadtest.sh" "$url/api/v1/predict" "$seconds" "$connections" | tail -1)
rss_after=$(rss_mb)
echo "$load_line"
echo "RESULT name=footprint binary=$(basename "$binary") start_to_ready_ms=$((ready - start)) rss_start_mb=$rss_start rss_after_load_mb=$rss_after"
