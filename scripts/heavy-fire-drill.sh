#!/usr/bin/env bash
# Heavy-model drill: proves that a saturated heavy model (emb) takes nothing from the cheap ones and the probes.
# 1. Idle: two servers, one with lr and tr only, one with emb loaded beside them; lr and then tr are fired at
#    each in alternating rounds (wrk, 8 connections), and each model's throughput and median with emb idle are
#    reported beside those without it (the median round of each). A ratio below IDLE_FLOOR (0.7) fails: an idle
#    emb must cost nothing, and a worker that spun or held a lock would cost far more than noise.
# 2. Under fire, on the server with emb: wrk on emb with EMB_CONNECTIONS (64), past what its queue and batch
#    hold (48), while lr is fired as in 1 and wrk sends GETs to /api/v1/health and /api/v1/ready, one connection
#    each; the server's resident memory is sampled every 100 ms. emb's clients back off as its 503s ask
#    (Retry-After), so its worker stays saturated and the connections it refuses try again each second.
#    EMB_BACKOFF=0 makes them try again at once instead: a flood of refused requests that shares the HTTP
#    threads with lr's, request for request, which no queue can keep from lr (lr then gets about a quarter of
#    its idle rate: the 40 % floor is not met, and the drill says so).
# Passes when: lr's median is under 5 ms and its throughput at least 40 % of its idle run; the probes answer only
# 200, with p99 under 20 ms; emb answers only 200 or 503 with Retry-After, and some 200 (no timeout, no other
# status, no socket error); the resident memory stays under RSS_LIMIT_MB (200).
# (The rolling restart under this load is scripts/rolling-drill.sh with FIRE_MODEL=emb.)
#
# usage: scripts/heavy-fire-drill.sh BIN [seconds-under-fire=8 (whole seconds)]
# The last line is the summary: heavy-fire-drill: PASS|FAIL lr_rps=… lr_solo_rps=… …
set -euo pipefail
bin=$(realpath "${1:?usage: scripts/heavy-fire-drill.sh BIN [seconds-under-fire]}")
fire_seconds=${2:-8}
round_seconds=2
idle_floor=${IDLE_FLOOR:-0.7}
rss_limit_mb=${RSS_LIMIT_MB:-200}
emb_connections=${EMB_CONNECTIONS:-64}
emb_backoff=()
[ "${EMB_BACKOFF:-1}" = 0 ] || emb_backoff=(HONOR_RETRY_AFTER=1)
cd "$(dirname "$0")/.."
source scripts/lib/logged-port.sh
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }; }
scripts/build-embedding-weights.sh >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/heavy-fire-drill.XXXXXX")
cleanup() {
  local pid
  for pid in $(jobs -pr); do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
failures=()

# The cheap models alone, in a folder of links.
mkdir "$work/cheap"
ln -s "$PWD/models/lr.json" "$PWD/models/tr.json" "$work/cheap/"

# start_server NAME MODELS_DIR: the server's pid in pid_NAME and its port in port_NAME, once it is ready.
start_server() {
  local name=$1 models=$2 pid port
  PORT=0 GRPC_PORT=0 HOST=127.0.0.1 MODELS_DIR=$models DRAIN_SECONDS=0 REQUEST_LOG_LEVEL=debug "$bin" serve >"$work/$name.log" 2>&1 &
  pid=$!
  port=$(logged_port "$work/$name.log" "$pid") || { cat "$work/$name.log" >&2; echo "heavy-fire-drill: FAIL $name did not start"; exit 1; }
  for _ in $(seq 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/ready")" = 200 ] && break
    sleep 0.1
  done
  printf -v "pid_$name" %s "$pid"
  printf -v "port_$name" %s "$port"
}
start_server cheap "$work/cheap"
start_server heavy "$PWD/models"

export JOKES_LUA=$work/jokes.lua
python3 scripts/loadtest/jokes_to_lua.py data/clean_comedy_gold_ru.csv "$JOKES_LUA"
# fire NAME SECONDS PORT PATH CONNECTIONS [VAR=VALUE…]: wrk's RESULT line in $work/NAME.out.
fire() {
  local name=$1 seconds=$2 port=$3 path=$4 connections=$5
  shift 5
  env RUN_NAME="$name" "$@" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 15s -s scripts/loadtest/predict.lua \
    "http://127.0.0.1:$port$path" >"$work/$name.out" 2>&1
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$work/$1.out"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }
at_least() { python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)" "$1" "$2"; }

# 1. Idle: rounds alternate between the servers, so that the machine's noise falls on both alike.
for model in lr tr; do
  for round in 1 2 3; do
    for server in cheap heavy; do
      port_var=port_$server
      fire "$model-$server-$round" "$round_seconds" "${!port_var}" /api/v1/predict 8 MODEL_MIX="$model:1"
    done
  done
  for server in cheap heavy; do
    printf -v "rps_${model}_$server" %s "$(for round in 1 2 3; do field "$model-$server-$round" rps; done | median)"
    printf -v "p50_${model}_$server" %s "$(for round in 1 2 3; do field "$model-$server-$round" p50_ms; done | median)"
  done
  cheap_var=rps_${model}_cheap heavy_var=rps_${model}_heavy p50_cheap=p50_${model}_cheap p50_heavy=p50_${model}_heavy
  idle_ratio=$(ratio "${!heavy_var}" "${!cheap_var}")
  echo "heavy-fire-drill: $model with emb idle ${!heavy_var} rps (median ${!p50_heavy} ms), without emb ${!cheap_var} rps (median ${!p50_cheap} ms): ${idle_ratio}x"
  at_least "$idle_ratio" "$idle_floor" || failures+=("$model with emb idle ran at ${idle_ratio}x its rate without emb")
done
kill "$pid_cheap"

# 2. Under fire.
max_rss_kb=0
sample_rss() {
  while kill -0 "$pid_heavy" 2>/dev/null; do
    awk '/^VmRSS:/ { print $2 }' "/proc/$pid_heavy/status" 2>/dev/null || true
    sleep 0.1
  done
}
sample_rss >"$work/rss" &
sampler=$!
fire emb "$fire_seconds" "$port_heavy" /api/v1/predict "$emb_connections" MODEL_MIX=emb:1 COUNT_STATUSES=1 "${emb_backoff[@]}" &
emb_pid=$!
sleep 1   # emb's queue full and its worker busy before the others are measured
clients=()
fire lr "$((fire_seconds - 2))" "$port_heavy" /api/v1/predict 8 MODEL_MIX=lr:1 & clients+=($!)
fire health "$((fire_seconds - 2))" "$port_heavy" /api/v1/health 1 METHOD=GET & clients+=($!)
fire ready "$((fire_seconds - 2))" "$port_heavy" /api/v1/ready 1 METHOD=GET & clients+=($!)
wait "$emb_pid" "${clients[@]}"
kill "$sampler"
max_rss_kb=$(sort -n "$work/rss" | tail -1)

for name in emb lr health ready; do
  [ -n "$(field "$name" requests)" ] || { cat "$work/$name.out" >&2; failures+=("wrk $name printed no RESULT line"); }
done
lr_rps=$(field lr rps) lr_p50=$(field lr p50_ms) emb_statuses=$(field emb statuses)
share=$(ratio "${lr_rps:-0}" "$rps_lr_heavy")
at_least 5 "${lr_p50:-99}" || failures+=("lr's median was $lr_p50 ms under fire")
at_least "$share" 0.4 || failures+=("lr ran at ${share}x its idle rate under fire")
[ "$(field lr non2xx)" = 0 ] && [ "$(field lr socket_errors)" = 0 ] || failures+=("lr failed requests under fire")
for probe in health ready; do
  [ "$(field $probe non2xx)" = 0 ] && [ "$(field $probe socket_errors)" = 0 ] || failures+=("$probe failed under fire")
  at_least 20 "$(field $probe p99_ms)" || failures+=("$probe's p99 was $(field $probe p99_ms) ms under fire")
done
[ -z "$(tr ',' '\n' <<<"$emb_statuses" | grep -vE '^(200|503):')" ] || failures+=("emb answered $emb_statuses")
grep -q '200:' <<<"$emb_statuses" || failures+=("emb rated nothing under fire")
[ "$(field emb no_retry_after)" = 0 ] || failures+=("$(field emb no_retry_after) of emb's 503s had no Retry-After")
[ "$(field emb socket_errors)" = 0 ] || failures+=("emb had $(field emb socket_errors) socket errors or timeouts")
max_rss_mb=$((max_rss_kb / 1024))
[ "$max_rss_mb" -lt "$rss_limit_mb" ] || failures+=("resident memory reached $max_rss_mb MB")
kill "$pid_heavy"

emb_rated=$(tr ',' '\n' <<<"$emb_statuses" | sed -n 's/^200://p')
summary="lr_rps=$lr_rps lr_idle_rps=$rps_lr_heavy lr_share=$share lr_p50_ms=$lr_p50 lr_p99_ms=$(field lr p99_ms)"
summary+=" health_p99_ms=$(field health p99_ms) ready_p99_ms=$(field ready p99_ms)"
summary+=" emb_statuses=$emb_statuses emb_rated_per_s=$(ratio "${emb_rated:-0}" "$fire_seconds") max_rss_mb=$max_rss_mb"
if [ ${#failures[@]} -eq 0 ]; then
  echo "heavy-fire-drill: PASS $summary"
else
  tail -n 5 "$work"/heavy.log >&2 || true
  reasons=$(printf '%s; ' "${failures[@]}")
  echo "heavy-fire-drill: FAIL $summary: ${reasons%; }"
  exit 1
fi
