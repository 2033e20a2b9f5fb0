#!/usr/bin/env bash
# Drives wrk against a Jokemeter predict URL with random jokes from data/ and an optional model mix.
#
# usage: scripts/loadtest.sh URL [seconds=20] [connections=64]
#   URL          e.g. http://127.0.0.1:8080/api/v1/predict (loopback only)
# env:
#   MODEL_MIX    weights by model, e.g. lr:70,tr:30 (default: the server's default model)
#   JOKERS       distinct jokers in the bodies, joker-1 … joker-N (default 4 names; 0 for none): spreads sticky routing
#   WARMUP_S     seconds of discarded warm-up first (default 3; 0 for none)
#   THREADS      wrk threads (default 2)
#   CSV          jokes to post (default data/clean_comedy_gold_ru.csv)
#   RUN_NAME     label of the summary line
# The last line is the summary: RESULT name=… rps=… p50_ms=… p90_ms=… p99_ms=… max_ms=… requests=… non2xx=… socket_errors=…
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=${1:?usage: scripts/loadtest.sh URL [seconds] [connections]}
seconds=${2:-20}
connections=${3:-64}
case "$url" in
  http://127.*|http://localhost[:/]*|http://\[::1\]*) ;;
  *) echo "loadtest.sh: refusing $url: load tests only target loopback addresses" >&2; exit 2 ;;
esac
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }; }

csv=${CSV:-$here/../data/clean_comedy_gold_ru.csv}
export JOKES_LUA=${JOKES_LUA:-${TMPDIR:-/tmp}/jokemeter-jokes-$(id -u).lua}
[ -s "$JOKES_LUA" ] && [ "$JOKES_LUA" -nt "$csv" ] || python3 "$here/loadtest/jokes_to_lua.py" "$csv" "$JOKES_LUA"
export RUN_NAME=${RUN_NAME:-jokemeter}

if [ "${WARMUP_S:-3}" -gt 0 ]; then
  wrk -t"${THREADS:-2}" -c"$connections" -d"${WARMUP_S:-3}s" -s "$here/loadtest/predict.lua" "$url" >/dev/null
fi
wrk -t"${THREADS:-2}" -c"$connections" -d"${seconds}s" --latency -s "$here/loadtest/predict.lua" "$url"
